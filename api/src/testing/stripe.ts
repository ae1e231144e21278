/**
 * Test-only: a local HTTP server standing in for api.stripe.com (the official SDK is pointed at it), and signed
 * webhook deliveries made with the SDK's own test-header helper. Used by the webhook tests and the fixture server.
 */
import { createServer, type Server } from 'node:http';
import Stripe from 'stripe';
import type { StripeApi } from '../services/payments';

export const SECRET_KEY = 'sk_test_porchlightLocal123';
export const WEBHOOK_SECRET = 'whsec_porchlightLocalSecret';

/** One call the SDK made. */
export interface StripeCall {
  method: string;
  path: string;
  auth: string | undefined;
  idempotencyKey: string | undefined;
  form: URLSearchParams;
}

/**
 * Answers `POST /v1/checkout/sessions` as Stripe documents it (id and url), records every call and 404s anything
 * else. `checkoutUrl(id)` decides the page the session sends the customer to.
 */
export async function startStripeServer(
  checkoutUrl: (id: string) => string = (id) => `https://checkout.stripe.com/c/pay/${id}`,
): Promise<{ api: StripeApi; calls: StripeCall[]; server: Server; close: () => Promise<void> }> {
  const calls: StripeCall[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      calls.push({
        method: req.method!,
        path: req.url!,
        auth: req.headers.authorization,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        form: new URLSearchParams(body),
      });
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || req.url !== '/v1/checkout/sessions') {
        res.statusCode = 404;
        return res.end(
          JSON.stringify({ error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } }),
        );
      }
      const id = `cs_test_${calls.length}`;
      res.end(JSON.stringify({ id, object: 'checkout.session', url: checkoutUrl(id) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    api: { host: '127.0.0.1', port, protocol: 'http' },
    calls,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let eventNumber = 0;

/** A Stripe event with its `Stripe-Signature` header, signed with `secret` (default: the tests' webhook secret). */
export function signed(
  type: string,
  object: Record<string, unknown>,
  options: { timestamp?: number; id?: string; secret?: string } = {},
): { payload: string; header: string; id: string } {
  const id = options.id ?? `evt_test_${process.pid}_${++eventNumber}`;
  const payload = JSON.stringify({
    id,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: { object },
  });
  const header = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  });
  return { payload, header, id };
}

/** checkout.session.completed (paid) for `invoiceId`, paid through `paymentIntent`. */
export const completed = (invoiceId: string, amount: number, paymentIntent: string, currency = 'eur') =>
  signed('checkout.session.completed', {
    id: `cs_${paymentIntent}`,
    object: 'checkout.session',
    payment_status: 'paid',
    amount_total: amount,
    currency,
    payment_intent: paymentIntent,
    client_reference_id: invoiceId,
    metadata: { invoice_id: invoiceId },
  });

/** charge.refunded with Stripe's cumulative refunded amount of the charge of `paymentIntent`. */
export const refunded = (paymentIntent: string, amountRefunded: number) =>
  signed('charge.refunded', {
    id: `ch_${paymentIntent}`,
    object: 'charge',
    payment_intent: paymentIntent,
    amount_refunded: amountRefunded,
    metadata: {},
  });

/** charge.dispute.created or charge.dispute.closed (with its final status) of the payment `paymentIntent`. */
export const dispute = (
  type: 'created' | 'closed',
  paymentIntent: string,
  status: string,
  id = `dp_${paymentIntent}`,
) => signed(`charge.dispute.${type}`, { id, object: 'dispute', payment_intent: paymentIntent, status, metadata: {} });
