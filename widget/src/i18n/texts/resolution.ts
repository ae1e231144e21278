import type { CommonTexts } from '../translation.js';

/** `<porch-resolution>`. */
export interface ResolutionTexts extends CommonTexts {
  resolve: string;
  /** The confirmation's question, naming the company when it is known. */
  question: (company: string | null) => string;
  confirm: string;
  cancel: string;
  resolving: string;
  /** The ticket is marked resolved; the date and time already formatted. */
  resolved: (when: string) => string;
  loadFailed: string;
  resolveFailed: string;
}
