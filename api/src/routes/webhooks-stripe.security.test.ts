import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { MAX_BODY_BYTES } from '../middleware/body';
import { startHarness, type Harness, type TestTenant } from '../testing/harness';
import { completed, SECRET_KEY, signed, startStripeServer, WEBHOOK_SECRET } from '../testing/stripe';

// The webhook is the one public write that no session or API key guards: its signature is the whole defence.
const B_WEBHOOK_SECRET = 'whsec_tenantBOwnSecret1';
let stripe: Awaited<ReturnType<typeof startStripeServer>>;
let h: Harness;

before(async () => {
  stripe = await startStripeServer();
  h = await startHarness({ app: { payments: { stripeApi: stripe.api } } });
  for (const [tenant, webhookSecret] of [
    [h.a, WEBHOOK_SECRET],
    [h.b, B_WEBHOOK_SECRET],
  ] as const) {
    const res = await h.call('PATCH', '/v1/admin/invoice-settings', {
      auth: tenant.apiKey,
      body: { stripe: { secretKey: SECRET_KEY, webhookSecret } },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
});
after(async () => {
  await h.close();
  await stripe.close();
});

async function sentInvoice(tenant: TestTenant = h.a) {
  const ticket = await h.createTicket(tenant);
  const draft = await h.call('POST', '/v1/admin/invoices', {
    auth: tenant.apiKey,
    body: {
      customerId: ticket.customer.id,
      currency: 'EUR',
      dueDate: '2026-12-07',
      lines: [{ description: 'Repair', quantity: 2, unitPrice: 5000, taxRate: 19 }],
    },
  });
  await h.call('POST', `/v1/admin/invoices/${draft.body.id}/send`, { auth: tenant.apiKey });
  return draft.body as { id: string; total: number };
}

const deliver = ({ payload, header }: { payload: string; header: string }, publicId = h.a.publicId) =>
  h.call('POST', `/v1/webhooks/stripe/${publicId}`, {
    body: payload,
    headers: { 'stripe-signature': header, 'content-type': 'application/json; charset=utf-8' },
  });

const eventsOf = async (tenant: TestTenant) =>
  (await withTenant(h.db.sql, tenant.tenantId, (tx) => tx`select count(*)::int as n from stripe_events`))[0]!
    .n as number;
const statusOf = async (id: string, tenant: TestTenant = h.a) =>
  (await h.call('GET', `/v1/admin/invoices/${id}`, { auth: tenant.apiKey })).body.status as string;

describe('Stripe webhook security', () => {
  it('refuses a tampered body, a stale timestamp, a missing or foreign signature with 400, writing nothing', async () => {
    const invoice = await sentInvoice();
    const before = await eventsOf(h.a);
    const good = completed(invoice.id, invoice.total, 'pi_sec_1');
    const tampered = { ...good, payload: good.payload.replace(`"amount_total":${invoice.total}`, '"amount_total":1') };
    const stale = signed('checkout.session.completed', JSON.parse(good.payload).data.object, {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    const unknownSecret = signed('checkout.session.completed', JSON.parse(good.payload).data.object, {
      secret: 'whsec_someoneElse1',
    });
    for (const attempt of [tampered, stale, unknownSecret, { payload: good.payload, header: '' }]) {
      const res = await deliver(attempt);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'WEBHOOK_SIGNATURE_INVALID');
    }
    assert.equal(await eventsOf(h.a), before);
    assert.equal(await statusOf(invoice.id), 'sent');
    // Positive control: the untouched event is accepted and applied.
    assert.equal((await deliver(good)).status, 200);
    assert.equal(await eventsOf(h.a), before + 1);
    assert.equal(await statusOf(invoice.id), 'paid');
  });

  it('refuses an event signed with another tenant’s webhook secret, in both directions', async () => {
    const ours = await sentInvoice(h.a);
    const theirs = await sentInvoice(h.b);
    const [beforeA, beforeB] = [await eventsOf(h.a), await eventsOf(h.b)];
    const object = (id: string, total: number) => JSON.parse(completed(id, total, `pi_x_${id}`).payload).data.object;
    // B's secret on A's endpoint, and A's on B's.
    const signedByB = signed('checkout.session.completed', object(ours.id, ours.total), { secret: B_WEBHOOK_SECRET });
    const signedByA = signed('checkout.session.completed', object(theirs.id, theirs.total));
    const toA = await deliver(signedByB, h.a.publicId);
    const toB = await deliver(signedByA, h.b.publicId);
    assert.deepEqual([toA.status, toB.status], [400, 400]);
    assert.equal(toA.body.error.code, 'WEBHOOK_SIGNATURE_INVALID');
    assert.deepEqual([await eventsOf(h.a), await eventsOf(h.b)], [beforeA, beforeB]);
    assert.deepEqual([await statusOf(ours.id, h.a), await statusOf(theirs.id, h.b)], ['sent', 'sent']);
    // A correctly signed event for B's invoice on A's endpoint cannot reach B's invoice: unmatched in A.
    const crossing = await deliver(signed('checkout.session.completed', object(theirs.id, theirs.total)), h.a.publicId);
    assert.equal(crossing.status, 200);
    assert.equal(crossing.body.matched, false);
    assert.equal(await statusOf(theirs.id, h.b), 'sent');
    // Positive control: each secret works on its own endpoint.
    assert.equal((await deliver(signedByB, h.b.publicId)).status, 200);
    assert.equal((await deliver(signedByA, h.b.publicId)).status, 400);
  });

  it('answers 404 for an unknown tenant and for one without a Stripe connection', async () => {
    const event = signed('payment_intent.succeeded', { id: 'pi_nobody_sec', object: 'payment_intent', metadata: {} });
    const unknown = await deliver(event, 'no-such-tenant');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'NOT_FOUND');
    const disconnected = await h.call('PATCH', '/v1/admin/invoice-settings', {
      auth: h.b.apiKey,
      body: { stripe: null },
    });
    assert.equal(disconnected.status, 200);
    try {
      assert.equal((await deliver(signed('ping', {}, { secret: B_WEBHOOK_SECRET }), h.b.publicId)).status, 404);
    } finally {
      await h.call('PATCH', '/v1/admin/invoice-settings', {
        auth: h.b.apiKey,
        body: { stripe: { secretKey: SECRET_KEY, webhookSecret: B_WEBHOOK_SECRET } },
      });
    }
    // Positive control: a known, connected tenant acknowledges the same kind of event.
    assert.equal((await deliver(signed('ping', {}, { secret: B_WEBHOOK_SECRET }), h.b.publicId)).status, 200);
  });

  it('refuses a body over 64 KiB with 413 before verifying anything', async () => {
    const before = await eventsOf(h.a);
    const big = signed('payment_intent.succeeded', {
      id: 'pi_big',
      object: 'payment_intent',
      metadata: { padding: 'x'.repeat(MAX_BODY_BYTES) },
    });
    const res = await deliver(big);
    assert.equal(res.status, 413);
    assert.equal(await eventsOf(h.a), before);
  });
});
