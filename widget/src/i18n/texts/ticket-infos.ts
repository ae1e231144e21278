import type { CommonTexts } from '../translation.js';

/** `<porch-ticket-infos>`. */
export interface TicketInfosTexts extends CommonTexts {
  /** The list's heading, naming the company when it is known. */
  heading: (company: string | null) => string;
  /** A comment the customer wrote (the company's infos carry no author line). */
  fromYou: string;
  loadFailed: string;
}
