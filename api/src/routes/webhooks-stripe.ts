import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { readLimited } from '../middleware/body';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse } from '../schemas/common';
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

/** The webhook in the OpenAPI document (it is a plain route: its body is raw bytes, verified before any parsing). */
export function documentStripeWebhook(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/webhooks/stripe/{tenant}',
    tags: ['Webhooks'],
    summary:
      'Stripe events for one tenant (its public id), signed with the tenant’s webhook secret (Stripe-Signature, 300 s tolerance)',
    request: {
      params: z.object({ tenant: z.string().openapi({ param: { name: 'tenant', in: 'path' } }) }),
      body: { required: true, content: { 'application/json': { schema: z.object({}).passthrough() } } },
    },
    responses: {
      ...commonErrors,
      200: {
        description: 'Received (also for a duplicate, and for an event that matches no invoice)',
        content: {
          'application/json': {
            schema: z.object({ received: z.literal(true), duplicate: z.boolean(), matched: z.boolean() }),
          },
        },
      },
      400: errorResponse('`WEBHOOK_SIGNATURE_INVALID`: missing, wrong or stale signature'),
      404: errorResponse('No such tenant, or it has not connected Stripe'),
    },
  });
}
