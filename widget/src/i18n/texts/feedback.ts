import type { CommonTexts, Plural } from '../translation.js';

/** `<porch-feedback-form>`. */
export interface FeedbackTexts extends CommonTexts {
  title: string;
  /** Legend of the star rating. */
  rating: string;
  /** A star's name, e.g. "4 stars". */
  stars: Plural;
  ratingRequired: string;
  yes: string;
  no: string;
  comment: string;
  /** Characters left in the comment, the number already formatted. */
  charactersLeft: (left: string) => string;
  submit: string;
  submitting: string;
  thanks: string;
  /** "Your rating" before the stars given. */
  yourRating: string;
  yourComment: string;
  /** Feedback is not asked for yet: the visit is not completed (or the company collects none). */
  notYet: string;
  loadFailed: string;
  submitFailed: string;
  tooMany: string;
}
