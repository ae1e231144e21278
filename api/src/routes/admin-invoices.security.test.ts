import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { TEST_SECRET_BOX } from '../testing/secret';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const line = { description: 'Repair', quantity: 1, unitPrice: 1000 };

describe('admin invoices: security', () => {
  it('answers 404 for another tenant’s invoices and customers, changing nothing', async () => {
    const ticket = await h.createTicket(h.a);
    const invoice = await h.call('POST', '/v1/admin/invoices', {
      auth: h.a.apiKey,
      body: { customerId: ticket.customer.id, currency: 'EUR', dueDate: '2026-12-31', lines: [line] },
    });
    assert.equal(invoice.status, 201);
    const id = invoice.body.id;
    const calls: [string, string, unknown?][] = [
      ['GET', `/v1/admin/invoices/${id}`],
      ['PATCH', `/v1/admin/invoices/${id}`, { lines: [{ ...line, unitPrice: 1 }] }],
      ['POST', `/v1/admin/invoices/${id}/send`],
      ['POST', `/v1/admin/invoices/${id}/credit-notes`, { amount: 1 }],
      ['GET', `/v1/admin/invoices/${id}/credit-notes`],
      ['POST', `/v1/admin/invoices/${id}/void`],
      [
        'POST',
        '/v1/admin/invoices',
        { customerId: ticket.customer.id, currency: 'EUR', dueDate: '2026-12-31', lines: [line] },
      ],
    ];
    for (const [method, path, body] of calls) {
      const res = await h.call(method, path, { auth: h.b.apiKey, body });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
    const list = await h.call('GET', '/v1/admin/invoices', { auth: h.b.apiKey });
    assert.equal(list.body.items.length, 0);
    const own = await h.call('GET', `/v1/admin/invoices/${id}`, { auth: h.a.apiKey });
    assert.equal(own.body.status, 'draft');
    assert.equal(own.body.total, 1000);
    assert.equal((await h.call('GET', '/v1/admin/invoices', { auth: h.a.apiKey })).body.items.length, 1);
  });

  it('needs a valid API key for every invoice route', async () => {
    for (const [method, path] of [
      ['GET', '/v1/admin/invoices'],
      ['POST', '/v1/admin/invoices'],
      ['GET', '/v1/admin/invoices/00000000-0000-4000-8000-000000000000/credit-notes'],
      ['POST', '/v1/admin/invoices/00000000-0000-4000-8000-000000000000/credit-notes'],
      ['GET', '/v1/admin/invoice-settings'],
      ['PATCH', '/v1/admin/invoice-settings'],
    ] as const) {
      const res = await h.call(method, path, { auth: 'porch_sk_wrong', body: method === 'GET' ? undefined : {} });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'API_KEY_INVALID');
    }
  });

  it('stores the Stripe credentials only encrypted, and never answers them', async () => {
    const secretKey = 'sk_test_doNotLeakThis123';
    const webhookSecret = 'whsec_doNotLeakThisEither';
    const res = await h.call('PATCH', '/v1/admin/invoice-settings', {
      auth: h.a.apiKey,
      body: { stripe: { secretKey, webhookSecret } },
    });
    assert.equal(res.status, 200);
    assert.ok(!JSON.stringify(res.body).includes('doNotLeak'));
    const [row] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx<{ key: Buffer; hook: Buffer }[]>`
        select stripe_secret_key as key, stripe_webhook_secret as hook from invoice_settings`,
    );
    assert.ok(row!.key.byteLength > secretKey.length, 'something is stored');
    assert.ok(!row!.key.toString('latin1').includes('doNotLeak'));
    assert.ok(!row!.hook.toString('latin1').includes('doNotLeak'));
    // Sealed for tenant A: the same bytes do not open as another tenant's.
    assert.equal(TEST_SECRET_BOX.open(row!.key, `stripe:${h.a.tenantId}`).toString('utf8'), secretKey);
    assert.throws(() => TEST_SECRET_BOX.open(row!.key, `stripe:${h.b.tenantId}`));
  });
});
