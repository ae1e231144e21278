/** The contract shared with the widget (types and plain constants only): the error envelope and its codes. */
import type { ThemeTokens } from './portal';

/** Every error code the API answers with, in the envelope `{error:{code,message,requestId}}`. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'SESSION_INVALID',
  'API_KEY_INVALID',
  'SCOPE_REQUIRED',
  'ORIGIN_NOT_ALLOWED',
  'PORTAL_DISABLED',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'STATUS_OUT_OF_ORDER',
  'TICKET_CLOSED',
  'POSITION_NOT_APPLICABLE',
  'CONFLICT',
  'LINK_INVALID',
  'LINK_USED',
  'LINK_EXPIRED',
  /** A share link revoked by the customer who made it, or run out (a third party holds it: not "use the newest link"). */
  'SHARE_LINK_ENDED',
  'RATE_LIMITED',
  'CUSTOMER_EMAIL_MISSING',
  'IDENTITY_INVALID',
  'SHARE_NOT_ALLOWED',
  'DATABASE_UNAVAILABLE',
  'INTERNAL',
  'SLOT_TAKEN',
  'SLOT_IN_PAST',
  'SLOT_OUTSIDE_SLA',
  'SLOT_UNAVAILABLE',
  'CHANGE_CUTOFF_PASSED',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_KEY_REUSED',
  'DATE_RANGE_INVALID',
  'NO_APPOINTMENT',
  'URL_NOT_ALLOWED',
  'FEEDBACK_EXISTS',
  'FEEDBACK_NOT_OFFERED',
  'CURSOR_INVALID',
  'SEARCH_TERM_TOO_LONG',
  'SEARCH_TERM_INVALID',
  'INVOICE_NOT_DRAFT',
  'INVOICE_NOT_PAYABLE',
  'INVOICE_NOT_CREDITABLE',
  'CREDIT_EXCEEDS_INVOICE',
  'PAYMENTS_NOT_CONFIGURED',
  'WEBHOOK_SIGNATURE_INVALID',
  'PAYMENT_PROVIDER_UNAVAILABLE',
  'SESSION_REVOKED',
  'REFRESH_INVALID',
  'RENEWAL_LIMIT',
  'DOCUMENT_EMPTY',
  'DOCUMENT_TOO_LARGE',
  'DOCUMENT_QUOTA_EXCEEDED',
  'DOCUMENT_TYPE_REFUSED',
  'REQUESTS_DISABLED',
  'REQUEST_ALREADY_DECIDED',
  'ROLE_FORBIDDEN',
  'CSRF_FAILED',
  'LAST_OWNER',
  'API_KEY_IN_USE',
  'STAFF_EXISTS',
  'LOGO_TOO_TALL',
  'LOGO_INVALID',
  // Widget-side codes (never sent by the API).
  'NETWORK_ERROR',
  'NO_TOKEN',
  'SIGNED_OUT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The message of 403 PORTAL_DISABLED when the tenant set none (the widget then shows its own, translated). */
export const PORTAL_DISABLED_DEFAULT = 'The portal is currently unavailable';

export interface ErrorEnvelope {
  error: {
    code: ErrorCode;
    message: string;
    requestId: string;
    issues?: { path: string; message: string }[];
    /** A link that was a tenant's but works no more (`LINK_EXPIRED`, `LINK_USED`, `SHARE_LINK_ENDED`): its look. */
    theme?: ThemeTokens;
  };
}
