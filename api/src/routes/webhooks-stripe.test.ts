import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, afterEach, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { withTenant } from '../db/client';
import { startHarness, type Harness } from '../testing/harness';

const SECRET_KEY = 'sk_test_porchlightLocal123';
const WEBHOOK_SECRET = 'whsec_porchlightLocalSecret';
const stripe = new Stripe(SECRET_KEY);

/** Stands in for api.stripe.com: records each call and answers what Stripe documents for a Checkout Session. */
interface StripeCall {
  method: string;
  path: string;
  auth: string | undefined;
  idempotencyKey: string | undefined;
  form: URLSearchParams;
}
let calls: StripeCall[] = [];
let stripeServer: Server;
let h: Harness;

before(async () => {
  stripeServer = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const call = {
        method: req.method!,
        path: req.url!,
        auth: req.headers.authorization,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        form: new URLSearchParams(body),
      };
      calls.push(call);
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || req.url !== '/v1/checkout/sessions') {
        res.statusCode = 404;
        return res.end(
          JSON.stringify({ error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } }),
        );
      }
      const id = `cs_test_${calls.length}`;
      res.end(JSON.stringify({ id, object: 'checkout.session', url: `https://checkout.stripe.com/c/pay/${id}` }));
    });
  });
  await new Promise<void>((resolve) => stripeServer.listen(0, '127.0.0.1', resolve));
  const port = (stripeServer.address() as { port: number }).port;
  h = await startHarness({
    poolSize: 8,
    app: {
      payments: { stripeApi: { host: '127.0.0.1', port, protocol: 'http' } },
    },
  });
  const connected = await h.call('PATCH', '/v1/admin/invoice-settings', {
    auth: h.a.apiKey,
    body: { stripe: { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET } },
  });
  assert.equal(connected.status, 200, JSON.stringify(connected.body));
  assert.equal(connected.body.stripeConfigured, true);
});
afterEach(() => void (calls = []));
after(async () => {
  await h.close();
  await new Promise((resolve) => stripeServer.close(resolve));
});

async function customerSession(customerId: string) {
  const link = await h.call('POST', `/v1/admin/customers/${customerId}/login-links`, { auth: h.a.apiKey });
  return (await h.call('POST', '/v1/portal/session', { body: { token: link.body.token }, origin: h.a.origin })).body
    .session as string;
}

async function sentInvoice(tenant = h.a) {
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
  return { invoice: draft.body, customerId: ticket.customer.id as string };
}

let eventNumber = 0;
function signed(type: string, object: Record<string, unknown>, options: { timestamp?: number; id?: string } = {}) {
  const payload = JSON.stringify({
    id: options.id ?? `evt_test_${++eventNumber}`,
    object: 'event',
    type,
    data: { object },
  });
  const header = stripe.webhooks.generateTestHeaderString({
    payload,
    secret: WEBHOOK_SECRET,
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  });
  return { payload, header };
}
const deliver = ({ payload, header }: { payload: string; header: string }, publicId = h.a.publicId) =>
  h.call('POST', `/v1/webhooks/stripe/${publicId}`, {
    body: payload,
    headers: { 'stripe-signature': header, 'content-type': 'application/json; charset=utf-8' },
  });
const completed = (invoiceId: string, amount: number, paymentIntent: string) =>
  signed('checkout.session.completed', {
    id: `cs_${paymentIntent}`,
    object: 'checkout.session',
    payment_status: 'paid',
    amount_total: amount,
    currency: 'eur',
    payment_intent: paymentIntent,
    client_reference_id: invoiceId,
    metadata: { invoice_id: invoiceId },
  });
const adminRead = (id: string) => h.call('GET', `/v1/admin/invoices/${id}`, { auth: h.a.apiKey });

describe('Stripe Checkout', () => {
  it('creates a Checkout Session for the amount due from our database, with an idempotency key per attempt', async () => {
    const { invoice, customerId } = await sentInvoice();
    const session = await customerSession(customerId);
    const list = await h.call('GET', '/v1/portal/invoices', { auth: session, origin: h.a.origin });
    assert.equal(list.body.items[0].payable, true);
    const pay = () =>
      h.call('POST', `/v1/portal/invoices/${invoice.id}/checkout`, {
        auth: session,
        origin: h.a.origin,
        body: { returnUrl: `${h.a.origin}/service` },
      });
    const res = await pay();
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.url, /^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const [call, ...more] = calls;
    assert.equal(more.length, 0);
    assert.equal(call!.path, '/v1/checkout/sessions');
    assert.equal(call!.auth, `Bearer ${SECRET_KEY}`);
    assert.equal(call!.idempotencyKey, `invoice-${invoice.id}-1`);
    assert.equal(call!.form.get('mode'), 'payment');
    assert.equal(call!.form.get('line_items[0][price_data][unit_amount]'), String(invoice.total));
    assert.equal(call!.form.get('line_items[0][price_data][currency]'), 'eur');
    assert.equal(call!.form.get('line_items[0][quantity]'), '1');
    assert.equal(call!.form.get('metadata[invoice_id]'), invoice.id);
    assert.equal(call!.form.get('payment_intent_data[metadata][invoice_id]'), invoice.id);
    assert.equal(call!.form.get('success_url'), `${h.a.origin}/service#invoice=${invoice.id}&checkout=paid`);
    await pay();
    assert.equal(calls[1]!.idempotencyKey, `invoice-${invoice.id}-2`, 'a new attempt, a new key');
  });

  it('refuses a return URL on a foreign origin, another tenant’s invoice (404), and void or paid ones (409)', async () => {
    const { invoice, customerId } = await sentInvoice();
    const session = await customerSession(customerId);
    const checkout = (id: string, returnUrl = `${h.a.origin}/x`) =>
      h.call('POST', `/v1/portal/invoices/${id}/checkout`, { auth: session, origin: h.a.origin, body: { returnUrl } });
    const foreign = await checkout(invoice.id, 'https://evil.example/x');
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.error.issues[0].path, 'json.returnUrl');
    const other = await sentInvoice(h.b);
    const notOurs = await checkout(other.invoice.id);
    assert.equal(notOurs.status, 404);

    await h.call('POST', `/v1/admin/invoices/${invoice.id}/void`, { auth: h.a.apiKey });
    const voided = await checkout(invoice.id);
    assert.equal(voided.status, 409);
    assert.equal(voided.body.error.code, 'INVOICE_NOT_PAYABLE');

    const paid = await sentInvoice();
    assert.equal((await deliver(completed(paid.invoice.id, paid.invoice.total, 'pi_paid_1'))).status, 200);
    const paidSession = await customerSession(paid.customerId);
    const again = await h.call('POST', `/v1/portal/invoices/${paid.invoice.id}/checkout`, {
      auth: paidSession,
      origin: h.a.origin,
      body: { returnUrl: `${h.a.origin}/x` },
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'INVOICE_NOT_PAYABLE');
    assert.equal(calls.length, 0, 'Stripe was never asked');
  });
});

describe('Stripe webhooks', () => {
  it('applies the same event delivered 5× at once exactly once', async () => {
    const { invoice } = await sentInvoice();
    const event = completed(invoice.id, invoice.total, 'pi_five');
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
    assert.deepEqual(
      results.map((r) => r.status),
      [200, 200, 200, 200, 200],
    );
    assert.equal(results.filter((r) => !r.body.duplicate).length, 1);
    const read = await adminRead(invoice.id);
    assert.equal(read.body.status, 'paid');
    assert.equal(read.body.amountPaid, invoice.total);
    // The PaymentIntent's own event for the same money, later: counted once.
    const intent = signed('payment_intent.succeeded', {
      id: 'pi_five',
      object: 'payment_intent',
      amount_received: invoice.total,
      currency: 'eur',
      metadata: { invoice_id: invoice.id },
    });
    assert.equal((await deliver(intent)).status, 200);
    assert.equal((await adminRead(invoice.id)).body.amountPaid, invoice.total);
  });

  it('records a refund after payment, in either order of repeated deliveries', async () => {
    const { invoice } = await sentInvoice();
    await deliver(completed(invoice.id, invoice.total, 'pi_refund'));
    const refund = (amountRefunded: number) =>
      signed('charge.refunded', {
        id: 'ch_refund',
        object: 'charge',
        payment_intent: 'pi_refund',
        amount_refunded: amountRefunded,
        metadata: {},
      });
    const second = refund(3000);
    const first = refund(1000);
    assert.equal((await deliver(second)).status, 200);
    assert.equal((await deliver(first)).status, 200, 'an older, smaller cumulative refund arriving late');
    const read = await adminRead(invoice.id);
    assert.equal(read.body.status, 'partially_paid');
    assert.equal(read.body.amountPaid, invoice.total - 3000);
    assert.equal(read.body.amountDue, 3000);
  });

  it('acknowledges a signed event for no invoice of ours and records it as unmatched', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const event = signed('payment_intent.succeeded', {
      id: 'pi_nobody',
      object: 'payment_intent',
      amount_received: 100,
      currency: 'eur',
      metadata: { invoice_id: unknown },
    });
    const res = await deliver(event);
    assert.equal(res.status, 200);
    assert.equal(res.body.matched, false);
    const rows = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select matched, type from stripe_events where event_id = ${JSON.parse(event.payload).id}`,
    );
    assert.deepEqual([...rows], [{ matched: false, type: 'payment_intent.succeeded' }]);
  });

  it('refuses a bad signature, a stale timestamp and another tenant’s endpoint with 400, changing nothing', async () => {
    const { invoice } = await sentInvoice();
    const good = completed(invoice.id, invoice.total, 'pi_refused');
    const tampered = { ...good, payload: good.payload.replace(`"amount_total":${invoice.total}`, '"amount_total":1') };
    const stale = signed('checkout.session.completed', JSON.parse(good.payload).data.object, {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    const forged = {
      payload: good.payload,
      header: Stripe.webhooks.generateTestHeaderString({ payload: good.payload, secret: 'whsec_someoneElse' }),
    };
    for (const attempt of [tampered, stale, forged, { payload: good.payload, header: '' }]) {
      const res = await deliver(attempt);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'WEBHOOK_SIGNATURE_INVALID');
    }
    // Tenant B has no Stripe connection: nothing to verify with.
    assert.equal((await deliver(good, h.b.publicId)).status, 404);
    assert.equal((await adminRead(invoice.id)).body.status, 'sent');
    // Positive control: the untouched event is accepted.
    assert.equal((await deliver(good)).status, 200);
    assert.equal((await adminRead(invoice.id)).body.status, 'paid');
  });

  it('flags a dispute and clears it when won', async () => {
    const { invoice } = await sentInvoice();
    await deliver(completed(invoice.id, invoice.total, 'pi_dispute'));
    const dispute = (type: string, status: string) =>
      signed(type, { id: 'dp_1', object: 'dispute', payment_intent: 'pi_dispute', status, metadata: {} });
    await deliver(dispute('charge.dispute.created', 'needs_response'));
    assert.equal((await adminRead(invoice.id)).body.disputed, true);
    await deliver(dispute('charge.dispute.closed', 'won'));
    assert.equal((await adminRead(invoice.id)).body.disputed, false);
  });
});
