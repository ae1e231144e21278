import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { withTenant } from '../db/client';
import { startHarness, type Harness } from '../testing/harness';
import {
  completed,
  dispute,
  refunded,
  SECRET_KEY,
  signed,
  startStripeServer,
  WEBHOOK_SECRET,
  type StripeCall,
} from '../testing/stripe';

let stripe: Awaited<ReturnType<typeof startStripeServer>>;
let calls: StripeCall[];
let h: Harness;

before(async () => {
  stripe = await startStripeServer();
  calls = stripe.calls;
  h = await startHarness({ poolSize: 8, app: { payments: { stripeApi: stripe.api } } });
  const connected = await h.call('PATCH', '/v1/admin/invoice-settings', {
    auth: h.a.apiKey,
    body: { stripe: { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET } },
  });
  assert.equal(connected.status, 200, JSON.stringify(connected.body));
  assert.equal(connected.body.stripeConfigured, true);
});
afterEach(() => void calls.splice(0));
after(async () => {
  await h.close();
  await stripe.close();
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

const deliver = ({ payload, header }: { payload: string; header: string }, publicId = h.a.publicId) =>
  h.call('POST', `/v1/webhooks/stripe/${publicId}`, {
    body: payload,
    headers: { 'stripe-signature': header, 'content-type': 'application/json; charset=utf-8' },
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

  it('records a partial refund after payment, in either order of repeated deliveries, never due again', async () => {
    const { invoice } = await sentInvoice();
    await deliver(completed(invoice.id, invoice.total, 'pi_refund'));
    const second = refunded('pi_refund', 3000);
    const first = refunded('pi_refund', 1000);
    assert.equal((await deliver(second)).status, 200);
    assert.equal((await deliver(first)).status, 200, 'an older, smaller cumulative refund arriving late');
    const read = await adminRead(invoice.id);
    assert.equal(read.body.status, 'partially_refunded');
    assert.equal(read.body.amountPaid, invoice.total - 3000);
    assert.equal(read.body.amountRefunded, 3000);
    assert.equal(read.body.amountDue, 0, 'a refund returns money; it does not ask for it again');
  });

  it('keeps a partly paid invoice partly paid after a partial refund, with the same amount due', async () => {
    const { invoice } = await sentInvoice();
    await deliver(completed(invoice.id, 5000, 'pi_half'));
    assert.equal((await adminRead(invoice.id)).body.amountDue, invoice.total - 5000);
    await deliver(refunded('pi_half', 1000));
    const read = (await adminRead(invoice.id)).body;
    assert.equal(read.status, 'partially_paid');
    assert.equal(read.amountDue, invoice.total - 5000);
    assert.equal(read.amountPaid, 4000);
  });

  it('marks a fully refunded invoice refunded: nothing due, not payable', async () => {
    const { invoice, customerId } = await sentInvoice();
    await deliver(completed(invoice.id, invoice.total, 'pi_full'));
    assert.equal((await deliver(refunded('pi_full', invoice.total))).status, 200);
    const read = await adminRead(invoice.id);
    assert.equal(read.body.status, 'refunded');
    assert.equal(read.body.amountDue, 0);
    assert.equal(read.body.amountPaid, 0);
    assert.equal(read.body.amountRefunded, invoice.total);
    assert.equal(read.body.overdue, false);
    const session = await customerSession(customerId);
    const portal = await h.call('GET', `/v1/portal/invoices/${invoice.id}`, { auth: session, origin: h.a.origin });
    assert.equal(portal.body.status, 'refunded');
    assert.equal(portal.body.payable, false);
    const pdf = await h.app.request(`/v1/portal/invoices/${invoice.id}/pdf`, {
      headers: { authorization: `Bearer ${session}`, origin: h.a.origin },
    });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), {
      mergePages: true,
    });
    assert.ok(text.includes(`Invoice ${invoice.number} — REFUNDED`), text);
    assert.ok(text.includes('Refunded') && text.includes('-€119.00'), text);
    const pay = await h.call('POST', `/v1/portal/invoices/${invoice.id}/checkout`, {
      auth: session,
      origin: h.a.origin,
      body: { returnUrl: `${h.a.origin}/x` },
    });
    assert.equal(pay.status, 409);
    assert.equal(pay.body.error.code, 'INVOICE_NOT_PAYABLE');
  });

  it('applies a refund and a dispute that arrive before their payment, in both orders and with replays', async () => {
    const stored = async (invoiceId: string) => {
      const read = (await adminRead(invoiceId)).body;
      return { status: read.status, refunded: read.amountRefunded, due: read.amountDue, disputed: read.disputed };
    };
    const unmatched = async (paymentRef: string) =>
      (
        await withTenant(
          h.db.sql,
          h.a.tenantId,
          (tx) => tx`select count(*)::int as n from stripe_events where payment_ref = ${paymentRef} and not matched`,
        )
      )[0]!.n;
    // Refund and dispute first (each replayed), then the payment (replayed).
    const early = await sentInvoice();
    const refundEarly = refunded('pi_early', 4000);
    const disputeEarly = dispute('created', 'pi_early', 'needs_response');
    for (const event of [refundEarly, disputeEarly, refundEarly, disputeEarly]) {
      const res = await deliver(event);
      assert.equal(res.status, 200);
      assert.equal(res.body.matched, false, 'no payment yet: unmatched for now');
    }
    assert.equal(await unmatched('pi_early'), 2);
    assert.deepEqual(await stored(early.invoice.id), {
      status: 'sent',
      refunded: 0,
      due: early.invoice.total,
      disputed: false,
    });
    const payment = completed(early.invoice.id, early.invoice.total, 'pi_early');
    assert.equal((await deliver(payment)).body.matched, true);
    assert.equal((await deliver(payment)).body.duplicate, true);
    const afterPayment = await stored(early.invoice.id);
    assert.deepEqual(afterPayment, { status: 'partially_refunded', refunded: 4000, due: 0, disputed: true });
    assert.equal(await unmatched('pi_early'), 0, 'the early events are matched once their payment is known');

    // The same events in the usual order give the same invoice.
    const usual = await sentInvoice();
    for (const event of [
      completed(usual.invoice.id, usual.invoice.total, 'pi_usual'),
      refunded('pi_usual', 4000),
      dispute('created', 'pi_usual', 'needs_response'),
    ]) {
      assert.equal((await deliver(event)).body.matched, true);
    }
    assert.deepEqual(await stored(usual.invoice.id), afterPayment);

    // A dispute closed (won) before its "created" arrives stays closed.
    const won = await sentInvoice();
    await deliver(completed(won.invoice.id, won.invoice.total, 'pi_won'));
    await deliver(dispute('closed', 'pi_won', 'won'));
    await deliver(dispute('created', 'pi_won', 'needs_response'));
    assert.equal((await stored(won.invoice.id)).disputed, false);
    // Positive control: a lost dispute holds the payment.
    await deliver(dispute('closed', 'pi_won', 'lost', 'dp_second'));
    assert.equal((await stored(won.invoice.id)).disputed, true);
  });

  it('counts a refund delivered at the same moment as its payment', async () => {
    const { invoice } = await sentInvoice();
    const results = await Promise.all([
      deliver(refunded('pi_race', invoice.total)),
      deliver(completed(invoice.id, invoice.total, 'pi_race')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      [200, 200],
    );
    const read = await adminRead(invoice.id);
    assert.equal(read.body.status, 'refunded');
    assert.equal(read.body.amountDue, 0);
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

  it('flags a dispute and clears it when won', async () => {
    const { invoice } = await sentInvoice();
    await deliver(completed(invoice.id, invoice.total, 'pi_dispute'));
    await deliver(dispute('created', 'pi_dispute', 'needs_response'));
    assert.equal((await adminRead(invoice.id)).body.disputed, true);
    await deliver(dispute('closed', 'pi_dispute', 'won'));
    assert.equal((await adminRead(invoice.id)).body.disputed, false);
  });
});
