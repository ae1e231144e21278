import type { ErrorCode } from '../schemas/contract';
import type { DomainError, OutcomeKind } from './outcomes';

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;

/** The one error type the HTTP layer throws; `onError` turns it into the envelope `{error:{code,message,requestId}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { issues?: { path: string; message: string }[]; retryAfter?: number } = {},
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
  'payments-not-configured': { status: 409, code: 'PAYMENTS_NOT_CONFIGURED' },
  'webhook-signature-invalid': { status: 400, code: 'WEBHOOK_SIGNATURE_INVALID' },
  'payment-provider-unavailable': { status: 503, code: 'PAYMENT_PROVIDER_UNAVAILABLE' },
  'refresh-invalid': { status: 401, code: 'REFRESH_INVALID' },
};

export function toApiError(outcome: DomainError): ApiError {
  const { status, code } = OUTCOME_HTTP[outcome.kind];
  return new ApiError(status, code, outcome.message, outcome.detail);
}
