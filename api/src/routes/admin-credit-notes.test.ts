import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { splitAmount } from '../db/credit-notes';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness({ poolSize: 10 })));
after(() => h.close());

/** A sent invoice: 2 × 50.00 at 19 % (119.00) and 30.00 at 7 % (32.10) = 151.10 EUR. */
async function sentInvoice(lines?: unknown[]) {
  const ticket = await h.createTicket(h.a);
  const draft = await h.call('POST', '/v1/admin/invoices', {
    auth: h.a.apiKey,
    body: {
      customerId: ticket.customer.id,
      currency: 'EUR',
      dueDate: '2026-12-07',
      lines: lines ?? [
        { description: 'Repair', quantity: 2, unitPrice: 5000, taxRate: 19 },
        { description: 'Toner', quantity: 1, unitPrice: 3000, taxRate: 7 },
      ],
    },
  });
  assert.equal(draft.status, 201, JSON.stringify(draft.body));
  const sent = await h.call('POST', `/v1/admin/invoices/${draft.body.id}/send`, { auth: h.a.apiKey });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  return { invoice: sent.body, customerId: ticket.customer.id as string };
}

const credit = (invoiceId: string, body: Record<string, unknown>) =>
  h.call('POST', `/v1/admin/invoices/${invoiceId}/credit-notes`, { auth: h.a.apiKey, body });
const read = async (id: string) => (await h.call('GET', `/v1/admin/invoices/${id}`, { auth: h.a.apiKey })).body;

describe('credit notes', () => {
  it('credits lines: rounded per line like an invoice, numbered CN-, lowering the amount due', async () => {
    const { invoice, customerId } = await sentInvoice();
    assert.equal(invoice.total, 15110);
    const res = await credit(invoice.id, {
      reason: 'Toner was not needed',
      lines: [{ description: 'Toner', quantity: 0.5, unitPrice: 2999, taxRate: 7 }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    // 0.5 × 29.99 = 14.995 → 15.00 (7 % → 1.05)
    assert.equal(res.body.subtotal, 1500);
    assert.equal(res.body.taxTotal, 105);
    assert.equal(res.body.total, 1605);
    assert.match(res.body.number, /^CN-\d{4}$/);
    assert.equal(res.body.reason, 'Toner was not needed');
    const after = await read(invoice.id);
    assert.equal(after.status, 'sent');
    assert.equal(after.amountCredited, 1605);
    assert.equal(after.amountDue, 15110 - 1605);
    assert.deepEqual(
      after.creditNotes.map((n: { number: string; total: number }) => [n.number, n.total]),
      [[res.body.number, 1605]],
    );
    // The customer sees it on the invoice.
    const link = await h.call('POST', `/v1/admin/customers/${customerId}/login-links`, { auth: h.a.apiKey });
    const session = (
      await h.call('POST', '/v1/portal/session', { body: { token: link.body.token }, origin: h.a.origin })
    ).body.session;
    const portal = await h.call('GET', `/v1/portal/invoices/${invoice.id}`, { auth: session, origin: h.a.origin });
    assert.equal(portal.body.amountDue, 15110 - 1605);
    assert.equal(portal.body.creditNotes[0].number, res.body.number);
  });

  it('splits a gross amount over the invoice’s tax rates exactly, to the minor unit', async () => {
    const { invoice } = await sentInvoice();
    const res = await credit(invoice.id, { amount: 1001 });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.total, 1001, 'the parts add up to the amount asked');
    // 1001 × 11900/15110 = 788.35 → 788, 1001 × 3210/15110 = 212.65 → 212, the remaining unit to the larger
    // remainder (7 %): 788 at 19 % → net 662, tax 126; 213 at 7 % → net 199, tax 14.
    assert.deepEqual(
      res.body.lines.map((l: { taxRate: number; net: number; tax: number }) => [l.taxRate, l.net, l.tax]),
      [
        [7, 199, 14],
        [19, 662, 126],
      ],
    );
    assert.equal((await read(invoice.id)).amountDue, 15110 - 1001);
    // The split itself: parts always sum to the amount, whatever the rates.
    for (const amount of [1, 2, 3, 7, 99, 1000, 15109]) {
      const parts = splitAmount(amount, [
        { rateBp: 0, gross: 1 },
        { rateBp: 700, gross: 3210 },
        { rateBp: 1900, gross: 11900 },
      ]);
      assert.equal(
        parts.reduce((sum, p) => sum + p.net + p.tax, 0),
        amount,
        `amount ${amount}`,
      );
    }
  });

  it('refuses credit beyond the invoice’s total with 409 CREDIT_EXCEEDS_INVOICE, and drafts and void invoices', async () => {
    const { invoice } = await sentInvoice();
    assert.equal((await credit(invoice.id, { amount: 15000 })).status, 201);
    const over = await credit(invoice.id, { amount: 111 });
    assert.equal(over.status, 409);
    assert.equal(over.body.error.code, 'CREDIT_EXCEEDS_INVOICE');
    const rest = await credit(invoice.id, { amount: 110 });
    assert.equal(rest.status, 201, 'exactly the rest is fine');
    const full = await read(invoice.id);
    assert.equal(full.status, 'credited');
    assert.equal(full.amountDue, 0);
    assert.equal(full.creditNotes.length, 2);

    const ticket = await h.createTicket(h.a);
    const draft = await h.call('POST', '/v1/admin/invoices', {
      auth: h.a.apiKey,
      body: {
        customerId: ticket.customer.id,
        currency: 'EUR',
        dueDate: '2026-12-07',
        lines: [{ description: 'X', quantity: 1, unitPrice: 100 }],
      },
    });
    const onDraft = await credit(draft.body.id, { amount: 10 });
    assert.equal(onDraft.status, 409);
    assert.equal(onDraft.body.error.code, 'INVOICE_NOT_CREDITABLE');
    const both = await credit(invoice.id, { amount: 1, lines: [{ description: 'X', quantity: 1, unitPrice: 1 }] });
    assert.equal(both.status, 400);
    assert.equal(both.body.error.issues[0].path, 'json.lines');
    const neither = await credit(invoice.id, { reason: 'nothing' });
    assert.equal(neither.status, 400);
    const voided = await sentInvoice();
    assert.equal(
      (await h.call('POST', `/v1/admin/invoices/${voided.invoice.id}/void`, { auth: h.a.apiKey })).status,
      200,
    );
    assert.equal((await credit(voided.invoice.id, { amount: 10 })).body.error.code, 'INVOICE_NOT_CREDITABLE');
  });

  it('numbers concurrent credit notes without gaps or duplicates and never over-credits', async () => {
    const { invoice } = await sentInvoice([{ description: 'Big job', quantity: 1, unitPrice: 1000 }]);
    const other = await sentInvoice([{ description: 'Other job', quantity: 1, unitPrice: 1000 }]);
    const before = (await h.call('GET', '/v1/admin/invoice-settings', { auth: h.a.apiKey })).body.nextCreditNoteNumber;
    // 14 × 100 against an invoice of 1000: exactly ten fit. 6 more against another invoice, at the same time.
    // (20 requests: on the embedded database they run one after another, each within the request deadline.)
    const results = await Promise.all([
      ...Array.from({ length: 14 }, () => credit(invoice.id, { amount: 100 })),
      ...Array.from({ length: 6 }, () => credit(other.invoice.id, { amount: 1 })),
    ]);
    const created = results.filter((r) => r.status === 201);
    assert.equal(created.length, 16, JSON.stringify(results.filter((r) => r.status !== 201).map((r) => r.body)));
    assert.deepEqual(
      results.filter((r) => r.status !== 201).map((r) => r.body.error.code),
      Array(4).fill('CREDIT_EXCEEDS_INVOICE'),
    );
    const numbers = created.map((r) => Number(r.body.number.slice(3))).sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      Array.from({ length: 16 }, (_, i) => before + i),
    );
    assert.equal((await read(invoice.id)).amountCredited, 1000);
    const [count] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select count(*)::int as n from credit_notes where invoice_id = ${invoice.id}`,
    );
    assert.equal(count!.n, 10);
  });

  it('lists an invoice’s credit notes with lines; another tenant’s invoice is 404', async () => {
    const { invoice } = await sentInvoice();
    await credit(invoice.id, { amount: 500 });
    const list = await h.call('GET', `/v1/admin/invoices/${invoice.id}/credit-notes`, { auth: h.a.apiKey });
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].currency, 'EUR');
    for (const [method, body] of [
      ['GET', undefined],
      ['POST', { amount: 1 }],
    ] as const) {
      const res = await h.call(method, `/v1/admin/invoices/${invoice.id}/credit-notes`, { auth: h.b.apiKey, body });
      assert.equal(res.status, 404);
    }
    assert.equal((await read(invoice.id)).creditNotes.length, 1, 'B’s attempt wrote nothing');
  });
});
