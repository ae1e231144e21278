import type { ErrorCode } from '../schemas/contract/errors';
import type { DomainError, OutcomeDetail, OutcomeKind } from './outcomes';

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;

/** The one error type the HTTP layer throws; `onError` turns it into the envelope `{error:{code,message,requestId}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly extra: OutcomeDetail = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what = 'Resource') => new ApiError(404, 'NOT_FOUND', `${what} not found`);

/** The one place a domain outcome becomes an HTTP answer. */
export const OUTCOME_HTTP: Record<OutcomeKind, { status: ErrorStatus; code: ErrorCode }> = {
  'not-found': { status: 404, code: 'NOT_FOUND' },
  invalid: { status: 400, code: 'VALIDATION_FAILED' },
  conflict: { status: 409, code: 'CONFLICT' },
  'link-invalid': { status: 401, code: 'LINK_INVALID' },
  'link-used': { status: 410, code: 'LINK_USED' },
  'link-expired': { status: 410, code: 'LINK_EXPIRED' },
  'share-ended': { status: 410, code: 'SHARE_LINK_ENDED' },
  'identity-invalid': { status: 401, code: 'IDENTITY_INVALID' },
  'customer-email-missing': { status: 422, code: 'CUSTOMER_EMAIL_MISSING' },
  'ticket-closed': { status: 409, code: 'TICKET_CLOSED' },
  'status-out-of-order': { status: 409, code: 'STATUS_OUT_OF_ORDER' },
  'position-not-applicable': { status: 409, code: 'POSITION_NOT_APPLICABLE' },
  'rate-limited': { status: 429, code: 'RATE_LIMITED' },
  'slot-taken': { status: 409, code: 'SLOT_TAKEN' },
  'slot-in-past': { status: 422, code: 'SLOT_IN_PAST' },
  'slot-unavailable': { status: 422, code: 'SLOT_UNAVAILABLE' },
  'slot-outside-sla': { status: 422, code: 'SLOT_OUTSIDE_SLA' },
  'change-cutoff-passed': { status: 409, code: 'CHANGE_CUTOFF_PASSED' },
  'idempotency-key-reused': { status: 422, code: 'IDEMPOTENCY_KEY_REUSED' },
  'no-appointment': { status: 409, code: 'NO_APPOINTMENT' },
  'feedback-exists': { status: 409, code: 'FEEDBACK_EXISTS' },
  'feedback-not-offered': { status: 409, code: 'FEEDBACK_NOT_OFFERED' },
  'invoice-not-draft': { status: 409, code: 'INVOICE_NOT_DRAFT' },
  'invoice-not-payable': { status: 409, code: 'INVOICE_NOT_PAYABLE' },
  'invoice-not-creditable': { status: 409, code: 'INVOICE_NOT_CREDITABLE' },
  'credit-exceeds-invoice': { status: 409, code: 'CREDIT_EXCEEDS_INVOICE' },
  'payments-not-configured': { status: 409, code: 'PAYMENTS_NOT_CONFIGURED' },
  'webhook-signature-invalid': { status: 400, code: 'WEBHOOK_SIGNATURE_INVALID' },
  'payment-provider-unavailable': { status: 503, code: 'PAYMENT_PROVIDER_UNAVAILABLE' },
  'refresh-invalid': { status: 401, code: 'REFRESH_INVALID' },
  'document-empty': { status: 400, code: 'DOCUMENT_EMPTY' },
  'document-too-large': { status: 413, code: 'DOCUMENT_TOO_LARGE' },
  'document-quota-exceeded': { status: 413, code: 'DOCUMENT_QUOTA_EXCEEDED' },
  'document-type-refused': { status: 415, code: 'DOCUMENT_TYPE_REFUSED' },
  'requests-disabled': { status: 403, code: 'REQUESTS_DISABLED' },
  'request-decided': { status: 409, code: 'REQUEST_ALREADY_DECIDED' },
  'last-owner': { status: 409, code: 'LAST_OWNER' },
  'api-key-in-use': { status: 409, code: 'API_KEY_IN_USE' },
  'role-forbidden': { status: 403, code: 'ROLE_FORBIDDEN' },
  'staff-exists': { status: 409, code: 'STAFF_EXISTS' },
  'image-unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  'image-invalid': { status: 422, code: 'LOGO_INVALID' },
  'logo-too-tall': { status: 422, code: 'LOGO_TOO_TALL' },
};

export function toApiError(outcome: DomainError): ApiError {
  const { status, code } = OUTCOME_HTTP[outcome.kind];
  return new ApiError(status, code, outcome.message, outcome.detail);
}
