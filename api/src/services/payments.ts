import Stripe from 'stripe';
import {
  applyStripeEvent,
  sealedStripeCredentials,
  startCheckoutAttempt,
  type PaymentFact,
} from '../db/invoice-payments';
import type { PreTenantLookups } from '../db/pre-tenant';
import type { TenantDb } from '../db/tenant-db';
import type { Clock } from '../lib/clock';
import { DomainError, notFound } from '../lib/outcomes';
import type { SecretBox } from '../lib/secret-box';

/** Stripe's own window for a webhook's signed timestamp; older deliveries are refused as replays. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Where the Stripe SDK sends its calls: only tests point it elsewhere (a local server that checks the calls). */
export interface StripeApi {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface PaymentsOptions {
  /** Tests only: where the SDK sends its calls (a local server that checks them). */
  stripeApi?: StripeApi;
}

const notConfigured = () => new DomainError('payments-not-configured', 'This company does not take online payments');

/**
 * Online payment of invoices through each tenant's own Stripe account: Checkout Sessions for the amount due in our
 * database, and the signed webhook that records what Stripe reports.
 */
export class Payments {
  readonly #db: TenantDb;
  readonly #preTenant: PreTenantLookups;
  readonly #clock: Clock;
  readonly #box: SecretBox;
  readonly #options: PaymentsOptions;

  constructor(db: TenantDb, preTenant: PreTenantLookups, clock: Clock, box: SecretBox, options: PaymentsOptions = {}) {
    this.#db = db;
    this.#preTenant = preTenant;
    this.#clock = clock;
    this.#box = box;
    this.#options = options;
  }

  /** A Stripe credential sealed for storage (the app's one secret box; bound to the tenant). */
  seal(tenantId: string, credential: string): Buffer {
    return this.#box.seal(Buffer.from(credential, 'utf8'), `stripe:${tenantId}`);
  }

  #open(tenantId: string, sealed: Uint8Array): string {
    return this.#box.open(Buffer.from(sealed), `stripe:${tenantId}`).toString('utf8');
  }

  /** Whether the tenant can take card payments (the portal shows "Pay" only then). */
  async enabled(tenantId: string): Promise<boolean> {
    return (await this.#db.withTenant(tenantId, sealedStripeCredentials)) !== null;
  }

  #client(secretKey: string): Stripe {
    const api = this.#options.stripeApi;
    return new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000, ...(api ?? {}) });
  }

  async #credentials(tenantId: string) {
    const sealed = await this.#db.withTenant(tenantId, sealedStripeCredentials);
    if (!sealed) return null;
    return {
      secretKey: this.#open(tenantId, sealed.secretKey),
      webhookSecret: this.#open(tenantId, sealed.webhookSecret),
    };
  }

  /**
   * A Checkout Session for what the customer still owes on the invoice, and its URL. Each call is a new attempt with
   * its own idempotency key (`invoice-<id>-<attempt>`), which the SDK reuses when it retries that one call.
   */
  async checkout(
    tenantId: string,
    customerId: string,
    invoiceId: string,
    returnUrl: string | null,
  ): Promise<{ url: string }> {
    const credentials = await this.#credentials(tenantId);
    if (!credentials) throw notConfigured();
    const attempt = await this.#db.withTenant(tenantId, (tx) => startCheckoutAttempt(tx, customerId, invoiceId));
    const back = (result: 'paid' | 'cancelled') => {
      const url = new URL(returnUrl ?? 'about:blank');
      const fragment = new URLSearchParams(url.hash.slice(1));
      fragment.set('invoice', invoiceId);
      fragment.set('checkout', result);
      url.hash = String(fragment);
      return url.href;
    };
    let session: Stripe.Checkout.Session;
    try {
      session = await this.#client(credentials.secretKey).checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: invoiceId,
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: attempt.currency.toLowerCase(),
                unit_amount: attempt.amountDue,
                product_data: { name: `Invoice ${attempt.number}` },
              },
            },
          ],
          metadata: { invoice_id: invoiceId },
          payment_intent_data: { metadata: { invoice_id: invoiceId } },
          success_url: back('paid'),
          cancel_url: back('cancelled'),
        },
        { idempotencyKey: `invoice-${invoiceId}-${attempt.attempt}` },
      );
    } catch (error) {
      throw new DomainError('payment-provider-unavailable', `Stripe did not create the payment: ${String(error)}`);
    }
    if (!session.url) throw new DomainError('payment-provider-unavailable', 'Stripe answered no payment page');
    return { url: session.url };
  }

  /**
   * A Stripe webhook for one tenant (by public id): the signature is checked on the raw bytes with that tenant's
   * webhook secret and a 300 s tolerance, then the event is applied once in one transaction. Unknown tenant 404,
   * bad or stale signature 400 WEBHOOK_SIGNATURE_INVALID.
   */
  async webhook(
    publicId: string,
    rawBody: Uint8Array,
    signature: string | undefined,
  ): Promise<{ duplicate: boolean; matched: boolean }> {
    const tenantId = await this.#preTenant.tenantByPublicId(publicId);
    if (!tenantId) throw notFound('Tenant');
    const credentials = await this.#credentials(tenantId);
    if (!credentials) throw notFound('Stripe connection');
    let event: Stripe.Event;
    try {
      event = this.#client(credentials.secretKey).webhooks.constructEvent(
        Buffer.from(rawBody),
        signature ?? '',
        credentials.webhookSecret,
        WEBHOOK_TOLERANCE_SECONDS,
      );
    } catch {
      throw new DomainError('webhook-signature-invalid', 'The Stripe signature is missing, wrong or too old');
    }
    const fact = factOf(event);
    const now = this.#clock.now();
    const result = await this.#db.withTenant(tenantId, (tx) =>
      applyStripeEvent(tx, tenantId, { id: event.id, type: event.type }, fact, now),
    );
    return { duplicate: result.duplicate, matched: result.invoiceId !== null };
  }
}

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === 'string' ? value : (value?.id ?? null);

/** The few facts of an event that change an invoice; everything else is recorded and ignored. */
export function factOf(event: Stripe.Event): PaymentFact {
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      if (session.payment_status !== 'paid') return { kind: 'ignored' };
      return {
        kind: 'payment',
        invoiceId: session.metadata?.invoice_id ?? session.client_reference_id,
        ref: idOf(session.payment_intent) ?? session.id,
        amount: session.amount_total ?? 0,
        currency: session.currency ?? '',
      };
    }
    case 'payment_intent.succeeded': {
      const intent = event.data.object;
      return {
        kind: 'payment',
        invoiceId: intent.metadata?.invoice_id ?? null,
        ref: intent.id,
        amount: intent.amount_received,
        currency: intent.currency,
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const paymentRef = idOf(charge.payment_intent);
      if (!paymentRef) return { kind: 'ignored' };
      return {
        kind: 'refund',
        invoiceId: charge.metadata?.invoice_id ?? null,
        paymentRef,
        amountRefunded: charge.amount_refunded,
      };
    }
    case 'charge.dispute.created':
    case 'charge.dispute.closed': {
      const dispute = event.data.object;
      const paymentRef = idOf(dispute.payment_intent);
      if (!paymentRef) return { kind: 'ignored' };
      const closed = event.type === 'charge.dispute.closed';
      const open = !closed || dispute.status === 'lost';
      return {
        kind: 'dispute',
        invoiceId: dispute.metadata?.invoice_id ?? null,
        paymentRef,
        disputeId: dispute.id,
        open,
        closed,
      };
    }
    default:
      return { kind: 'ignored' };
  }
}
