import type { CommonTexts } from '../translation.js';

/** `<porch-share-links>`. */
export interface ShareLinksTexts extends CommonTexts {
  /** The disclosure button. */
  toggle: string;
  /** What the person gets, and what they do not. */
  intro: string;
  labelField: string;
  labelHint: string;
  create: string;
  creating: string;
  /** Label of the read-only field holding the new link, with whom it is for when the customer said. */
  createdFor: (label: string | null) => string;
  shownOnce: string;
  copy: string;
  copied: string;
  /** When the clipboard cannot be written: the link is selected instead. */
  copySelected: string;
  listTitle: string;
  empty: string;
  /** A link the customer gave no label. */
  unnamed: string;
  /** Each said before a date and time. */
  created: string;
  lastUsed: string;
  neverUsed: string;
  expires: string;
  expired: string;
  revoked: string;
  revoke: string;
  /** The accessible name of a Revoke button: which link it revokes. */
  revokeNamed: (label: string) => string;
  confirmQuestion: string;
  confirmRevoke: string;
  cancel: string;
  announceCreated: string;
  announceRevoked: string;
  loadFailed: string;
  /** 403 SHARE_NOT_ALLOWED: this session is itself a shared view. */
  notAllowed: string;
  createFailed: string;
  revokeFailed: string;
  /** 429 RATE_LIMITED. */
  tooMany: string;
}
