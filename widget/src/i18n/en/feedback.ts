import type { FeedbackTexts } from '../texts/feedback.js';
import { common } from './common.js';

export const feedback: FeedbackTexts = {
  ...common,
  title: 'How was the visit?',
  rating: 'Your rating',
  stars: { one: '# star', other: '# stars' },
  ratingRequired: 'Please choose a rating.',
  yes: 'Yes',
  no: 'No',
  comment: 'Comment (optional)',
  charactersLeft: (left) => `${left} characters left`,
  submit: 'Send feedback',
  submitting: 'Sending…',
  thanks: 'Thank you for your feedback!',
  yourRating: 'Your rating:',
  yourComment: 'Your comment:',
  notYet: 'You can rate the visit once it is completed.',
  loadFailed: 'The feedback could not be loaded.',
  submitFailed: 'Your feedback could not be sent. Please try again.',
  tooMany: 'Too many tries. Please wait a moment.',
};
