/** The contract shared with the widget (types and plain constants only): feedback on a ticket. */
import type { LocalizedText } from './languages';

/** The longest feedback comment the API takes, in characters. */
export const FEEDBACK_COMMENT_MAX = 2000;

/** How a profile's feedback question is answered: yes or no, one option, or any number of options. */
export type FeedbackQuestionKind = 'yes_no' | 'one' | 'many';

/** One of a profile's own feedback questions; `options` for `one` and `many` only. */
export interface FeedbackQuestion {
  id: string;
  kind: FeedbackQuestionKind;
  label: LocalizedText;
  options?: { id: string; label: LocalizedText }[];
}

/** Answers by question id: `true`/`false` (yes_no), an option id (one) or option ids (many). */
export type FeedbackAnswers = Record<string, boolean | string | string[]>;

/** The customer's feedback on a ticket, as given. */
export interface PortalFeedback {
  rating: number;
  answers: FeedbackAnswers;
  comment: string | null;
  createdAt: string;
}

/**
 * `GET /v1/portal/tickets/:id/feedback` answer. `offered` once the ticket reached Visit Completed and its profile
 * collects feedback; `submitted` once the customer answered (then it is not offered again).
 */
export interface PortalFeedbackState {
  offered: boolean;
  questions: FeedbackQuestion[];
  /** The profile's language: a label missing in the page's language shows in it. */
  language: string;
  commentMaxLength: number;
  submitted: PortalFeedback | null;
}
