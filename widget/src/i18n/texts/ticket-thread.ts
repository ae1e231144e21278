import type { CommonTexts, Plural } from '../translation.js';

/** `<porch-ticket-thread>`. */
export interface TicketThreadTexts extends CommonTexts {
  heading: string;
  /** The count badge, said in full to screen readers. */
  count: Plural;
  /** How many of the company's messages are new to the customer. */
  unread: Plural;
  /** The divider before the first message the customer had not read. */
  newDivider: string;
  /** Author line of the customer's own messages. */
  you: string;
  /** No messages yet, naming the company when it is known. */
  empty: (company: string | null) => string;
  /** Label of the composer's text field. */
  label: string;
  /** How the keyboard sends. */
  hint: string;
  send: string;
  sending: string;
  /** The send failed; the draft stays. */
  sendFailed: string;
  loadFailed: string;
  /** Announced when a message arrives live. */
  arrived: (author: string) => string;
}
