import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

async function sentInvoice(tenant: Harness['a'], ticket: { id: string; customer: { id: string } }) {
  const draft = await h.call('POST', '/v1/admin/invoices', {
    auth: tenant.apiKey,
    body: {
      customerId: ticket.customer.id,
      ticketId: ticket.id,
      currency: 'EUR',
      dueDate: '2026-12-31',
      lines: [{ description: 'x', quantity: 1, unitPrice: 100 }],
    },
  });
  await h.call('POST', `/v1/admin/invoices/${draft.body.id}/send`, { auth: tenant.apiKey });
  return draft.body.id as string;
}

describe('portal invoices: security', () => {
  it('needs the invoices scope to read and the pay scope to pay (403 SCOPE_REQUIRED)', async () => {
    const ticket = await h.createTicket(h.a);
    const id = await sentInvoice(h.a, ticket);
    const tracking = await h.sessionWithScopes(h.a, ticket, ['track']);
    for (const path of ['/v1/portal/invoices', `/v1/portal/invoices/${id}`, `/v1/portal/invoices/${id}/pdf`]) {
      const res = await h.call('GET', path, { auth: tracking, origin: h.a.origin });
      assert.equal(res.status, 403, path);
      assert.equal(res.body.error.code, 'SCOPE_REQUIRED');
    }
    const reader = await h.sessionWithScopes(h.a, ticket, ['invoices']);
    const pay = await h.call('POST', `/v1/portal/invoices/${id}/checkout`, {
      auth: reader,
      origin: h.a.origin,
      body: { returnUrl: `${h.a.origin}/x` },
    });
    assert.equal(pay.status, 403);
    assert.equal(pay.body.error.code, 'SCOPE_REQUIRED');
    // Positive control: the invoices scope reads it.
    assert.equal((await h.call('GET', `/v1/portal/invoices/${id}`, { auth: reader, origin: h.a.origin })).status, 200);
  });

  it('answers 404 for another customer’s, another ticket’s and another tenant’s invoices', async () => {
    const customer = { name: 'Kai Brandt', email: 'kai@example.com', externalRef: 'kai-1' };
    const mine = await h.createTicket(h.a, { customer });
    const sameCustomerOtherTicket = await h.createTicket(h.a, { customer });
    assert.equal(sameCustomerOtherTicket.customer.id, mine.customer.id);
    const neighbour = await h.createTicket(h.a, { customer: { name: 'Neighbour', email: 'n@example.com' } });
    const foreign = await h.createTicket(h.b);
    const session = await h.sessionWithScopes(h.a, mine, ['invoices', 'pay']);
    const own = await sentInvoice(h.a, mine);
    const others = [
      await sentInvoice(h.a, neighbour),
      await sentInvoice(h.b, foreign),
      await sentInvoice(h.a, sameCustomerOtherTicket),
    ];
    for (const id of others) {
      for (const path of [`/v1/portal/invoices/${id}`, `/v1/portal/invoices/${id}/pdf`]) {
        const res = await h.call('GET', path, { auth: session, origin: h.a.origin });
        assert.equal(res.status, 404, path);
        assert.equal(res.body.error.code, 'NOT_FOUND');
      }
    }
    const list = await h.call('GET', '/v1/portal/invoices', { auth: session, origin: h.a.origin });
    assert.deepEqual(
      list.body.items.map((i: { id: string }) => i.id),
      [own],
    );
  });

  it('CORS: only the tenant’s own origin is granted', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionWithScopes(h.a, ticket, ['invoices']);
    const allowed = await h.call('GET', '/v1/portal/invoices', { auth: session, origin: h.a.origin });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), h.a.origin);
    const refused = await h.call('GET', '/v1/portal/invoices', { auth: session, origin: h.b.origin });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
  });
});
