/**
 * What persistence and the services answer besides rows: a domain outcome, never an HTTP status. `db/` and
 * `services/` throw `DomainError`; the HTTP layer maps each kind to a status and error code in one table
 * (`OUTCOME_HTTP` in lib/errors.ts, applied by `app.onError`).
 */
import type { ThemeTokens } from '../schemas/contract/portal';

export type OutcomeKind =
  | 'not-found'
  | 'invalid'
  | 'conflict'
  | 'link-invalid'
  | 'link-used'
  | 'link-expired'
  | 'share-ended'
  | 'identity-invalid'
  | 'customer-email-missing'
  | 'ticket-closed'
  | 'status-out-of-order'
  | 'position-not-applicable'
  | 'rate-limited'
  | 'slot-taken'
  | 'slot-in-past'
  | 'slot-unavailable'
  | 'slot-outside-sla'
  | 'change-cutoff-passed'
  | 'idempotency-key-reused'
  | 'no-appointment'
  | 'feedback-exists'
  | 'feedback-not-offered'
  | 'invoice-not-draft'
  | 'invoice-not-payable'
  | 'invoice-not-creditable'
  | 'credit-exceeds-invoice'
  | 'payments-not-configured'
  | 'webhook-signature-invalid'
  | 'payment-provider-unavailable'
  | 'refresh-invalid'
  | 'document-empty'
  | 'document-too-large'
  | 'document-quota-exceeded'
  | 'document-type-refused'
  | 'requests-disabled'
  | 'request-decided'
  | 'last-owner'
  | 'api-key-in-use'
  | 'role-forbidden'
  | 'staff-exists'
  | 'image-unsupported'
  | 'image-invalid'
  | 'logo-too-tall';

export interface OutcomeDetail {
  /** Which input fields are wrong (kind `invalid`). */
  issues?: { path: string; message: string }[];
  /** Seconds until trying again makes sense (kind `rate-limited`). */
  retryAfter?: number;
  /** The company's look, for a link that was the tenant's but works no more: its error screen wears it. */
  theme?: ThemeTokens;
}

export class DomainError extends Error {
  constructor(
    readonly kind: OutcomeKind,
    message: string,
    readonly detail: OutcomeDetail = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what = 'Resource') => new DomainError('not-found', `${what} not found`);
export const linkInvalid = () => new DomainError('link-invalid', 'This link is not valid');
export const linkExpired = () => new DomainError('link-expired', 'This link has expired');
/** A shared view's link was revoked by the customer who made it, or ran out: the person holding it has no other. */
export const shareEnded = () => new DomainError('share-ended', 'This shared link was turned off or has run out');
export const linkUsed = () => new DomainError('link-used', 'This link has already been used');
export const customerEmailMissing = () =>
  new DomainError('customer-email-missing', 'The customer has no email address to send a login link to');
