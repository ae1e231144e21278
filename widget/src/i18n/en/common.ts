import type { CommonTexts } from '../translation.js';

export const common: CommonTexts = {
  loading: 'Loading…',
  error: 'Something went wrong',
  retry: 'Retry',
  unreachable: "We can't reach the service right now. Please check your internet connection and try again.",
};
