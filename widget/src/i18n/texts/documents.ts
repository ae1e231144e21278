import type { CommonTexts } from '../translation.js';

/** `<porch-ticket-documents>`. */
export interface DocumentsTexts extends CommonTexts {
  heading: string;
  empty: string;
  loadFailed: string;
  /** The drop zone's text before the button. */
  drop: string;
  choose: string;
  /** What may be uploaded; the largest size already formatted. */
  hint: (max: string) => string;
  /** The download button's accessible name. */
  download: (name: string) => string;
  downloadFailed: string;
  /** Who added a document. */
  uploadedBy: Record<'customer' | 'company', string>;
  /** The progress bar's accessible name. */
  uploading: (name: string) => string;
  uploaded: (name: string) => string;
  tooLarge: (max: string) => string;
  typeRefused: string;
  emptyFile: string;
  quotaExceeded: string;
  uploadFailed: string;
}
