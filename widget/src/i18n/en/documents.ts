import type { DocumentsTexts } from '../texts/documents.js';
import { common } from './common.js';

export const documents: DocumentsTexts = {
  ...common,
  heading: 'Documents',
  empty: 'No documents yet.',
  loadFailed: 'The documents could not be loaded.',
  drop: 'Drop files here, or',
  choose: 'Choose files',
  hint: (max) => `Photos, PDFs, text or office documents, up to ${max} each.`,
  download: (name) => `Download ${name}`,
  downloadFailed: 'The download did not work. Please try again.',
  uploadedBy: { customer: 'From you', company: 'From the company' },
  uploading: (name) => `Uploading ${name}`,
  uploaded: (name) => `${name} uploaded.`,
  tooLarge: (max) => `This file is larger than ${max}.`,
  typeRefused: 'This kind of file is not accepted.',
  emptyFile: 'This file is empty.',
  quotaExceeded: 'There is no room for more documents on this job.',
  uploadFailed: 'The upload did not work. Please try again.',
};
