import { Hono } from 'hono';
import { readLimited } from '../middleware/body';
import type { AppEnv } from '../middleware/types';
import type { Payments } from '../services/payments';

/**
 * `POST /v1/webhooks/stripe/:tenant` (the tenant's public id). Mounted before the JSON body guard: the signature is
 * over the exact bytes Stripe sent, so the body is read raw (with the same 64 KiB cap) and parsed only by the SDK
 * after the signature checks out. 200 `{received, duplicate, matched}`; a correctly signed event for no invoice of
 * ours is acknowledged (so Stripe stops retrying) and recorded as unmatched.
 */
export function stripeWebhookRoutes(payments: Payments) {
  return new Hono<AppEnv>().post('/:tenant', async (c) => {
    const body = await readLimited(c.req.raw.body);
    const result = await payments.webhook(c.req.param('tenant'), body, c.req.header('stripe-signature'));
    return c.json({ received: true, ...result }, 200);
  });
}
