import type { ResolutionTexts } from '../texts/resolution.js';
import { common } from './common.js';

export const resolution: ResolutionTexts = {
  ...common,
  resolve: 'My issue is resolved',
  question: (company) => `Mark this job as resolved? ${company ?? 'The company'} will be told.`,
  confirm: 'Yes, resolved',
  cancel: 'Cancel',
  resolving: 'Saving…',
  resolved: (when) => `You marked this job as resolved on ${when}.`,
  loadFailed: 'The job’s state could not be loaded.',
  resolveFailed: 'That did not work. Please try again.',
};
