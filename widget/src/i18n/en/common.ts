import type { CommonTexts } from '../translation.js';

export const common: CommonTexts = {
  loading: 'Loading…',
  error: 'Something went wrong',
  retry: 'Retry',
};
