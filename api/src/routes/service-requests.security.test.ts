import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { startHarness, type Harness, type TestTenant } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

let n = 0;
/** A customer with one location and a customer-wide session (login link) with the tenant's customer scopes. */
async function customer(tenant: TestTenant) {
  n += 1;
  const ticket = await h.createTicket(tenant, {
    customer: { name: `Customer ${n}`, email: `c${n}@example.com`, externalRef: `sec-${n}` },
  });
  const link = await h.call('POST', `/v1/admin/customers/${ticket.customer.id}/login-links`, { auth: tenant.apiKey });
  const res = await h.call('POST', '/v1/portal/session', { body: { token: link.body.token }, origin: tenant.origin });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { ticket, session: res.body.session as string, locationId: ticket.location.id as string };
}

const body = (locationId: string) => ({ locationId, serviceType: 'Repair', description: 'Leaks', urgency: 'normal' });
const submit = (session: string, payload: unknown, tenant = h.a) =>
  h.call('POST', '/v1/portal/service-requests', { auth: session, origin: tenant.origin, body: payload });
const rows = async (tenant: TestTenant) =>
  (
    await withTenant(
      h.db.sql,
      tenant.tenantId,
      (tx) => tx<{ requests: number; mails: number }[]>`
        select (select count(*)::int from service_requests) as requests, (select count(*)::int from outbox) as mails`,
    )
  )[0]!;

describe('service requests: security', () => {
  it('no token → 401 on the portal; no or a wrong API key → 401 on the admin API', async () => {
    assert.equal((await h.call('GET', '/v1/portal/service-requests')).status, 401);
    assert.equal((await h.call('POST', '/v1/portal/service-requests', { body: {} })).status, 401);
    assert.equal((await h.call('GET', '/v1/admin/service-requests')).status, 401);
    const bogus = await h.call('GET', '/v1/admin/service-requests', { auth: 'porch_sk_nope' });
    assert.equal(bogus.status, 401);
  });

  it('needs the requests scope and a customer-wide session (403 SCOPE_REQUIRED), and writes nothing', async () => {
    const { ticket, locationId } = await customer(h.a);
    const before = await rows(h.a);
    const ticketSession = await h.sessionWithScopes(h.a, ticket, ['track', 'requests']);
    const withoutScope = await h.call('PATCH', '/v1/admin/settings', {
      auth: h.a.apiKey,
      body: { customerScopes: ['track', 'invoices'] },
    });
    assert.equal(withoutScope.status, 200);
    const narrow = await customer(h.a);
    const before2 = await rows(h.a);
    for (const session of [ticketSession, narrow.session]) {
      for (const res of [
        await h.call('GET', '/v1/portal/service-requests', { auth: session, origin: h.a.origin }),
        await submit(session, body(locationId)),
      ]) {
        assert.equal(res.status, 403);
        assert.equal(res.body.error.code, 'SCOPE_REQUIRED');
      }
    }
    assert.deepEqual(await rows(h.a), before2);
    await h.call('PATCH', '/v1/admin/settings', {
      auth: h.a.apiKey,
      body: { customerScopes: ['track', 'book', 'feedback', 'invoices', 'pay', 'requests', 'comments'] },
    });
    // Positive control: a customer-wide session with the scope submits, and the probe sees it.
    const wide = await customer(h.a);
    assert.equal((await submit(wide.session, body(wide.locationId))).status, 201);
    assert.equal((await rows(h.a)).requests, before.requests + 1);
  });

  it('another tenant: its locations and requests answer 404, its lists show none of ours', async () => {
    const a = await customer(h.a);
    const b = await customer(h.b);
    const own = (await submit(a.session, body(a.locationId))).body;
    const before = { a: await rows(h.a), b: await rows(h.b) };
    const foreignLocation = await submit(b.session, body(a.locationId), h.b);
    assert.equal(foreignLocation.status, 404);
    for (const how of ['approve', 'decline']) {
      const res = await h.call('POST', `/v1/admin/service-requests/${own.id}/${how}`, {
        auth: h.b.apiKey,
        body: how === 'decline' ? { reason: 'No' } : {},
      });
      assert.equal(res.status, 404, how);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
    assert.deepEqual({ a: await rows(h.a), b: await rows(h.b) }, before);
    const bList = await h.call('GET', '/v1/admin/service-requests', { auth: h.b.apiKey });
    assert.ok(!bList.body.items.some((r: { id: string }) => r.id === own.id));
    const bPortal = await h.call('GET', '/v1/portal/service-requests', { auth: b.session, origin: h.b.origin });
    assert.deepEqual(bPortal.body.items, []);
    assert.ok(!bPortal.body.locations.some((l: { id: string }) => l.id === a.locationId));
    // Positive control: tenant A's key finds and decides it.
    const decided = await h.call('POST', `/v1/admin/service-requests/${own.id}/decline`, {
      auth: h.a.apiKey,
      body: { reason: 'No' },
    });
    assert.equal(decided.status, 200);
  });

  it('hostile input → 4xx, never a 5xx, and nothing written', async () => {
    const { session, locationId } = await customer(h.a);
    const before = await rows(h.a);
    const hostile: unknown[] = [
      'not json',
      [],
      null,
      { ...body(locationId), description: 'x'.repeat(2001) },
      { ...body(locationId), description: '\u0000' },
      { ...body(locationId), serviceType: "Repair'; drop table service_requests; --" },
      { ...body(locationId), locationId: "' or 1=1 --" },
      { ...body(locationId), preferredDate: '2026-02-30' },
      { ...body(locationId), preferredDate: '9999-12-31' },
      { ...body(locationId), urgency: { $ne: null } },
      { ...body(locationId), __proto__: { admin: true }, extra: 1 },
      { ...body(locationId), address: { line1: 'x'.repeat(201), city: 'y', country: 'DE' }, locationId: undefined },
      { ...body(locationId), address: { line1: 'a', city: 'b', country: 'Germany' }, locationId: undefined },
      { ...body(locationId), serviceType: ['Repair'] },
      { ...body(locationId), description: { nested: { deep: [1, 2, 3] } } },
    ];
    for (const payload of hostile) {
      const res = await submit(session, payload);
      assert.ok(res.status >= 400 && res.status < 500, `${res.status} for ${JSON.stringify(payload)}`);
    }
    const ticket = await h.createTicket(h.a);
    for (const path of [`/v1/admin/service-requests/not-a-uuid/approve`, `/v1/admin/service-requests/x/decline`]) {
      const res = await h.call('POST', path, { auth: h.a.apiKey, body: { reason: 'x' } });
      assert.equal(res.status, 400, path);
    }
    const wrongKind = await h.call('POST', `/v1/admin/service-requests/${ticket.id}/approve`, {
      auth: h.a.apiKey,
      body: { title: 'x'.repeat(201), timezone: 'Mars/Olympus' },
    });
    assert.equal(wrongKind.status, 400);
    for (const cursor of ['%00', 'eyJ4IjoxfQ', 'W10', Buffer.from('["x","1",null]').toString('base64url')]) {
      const res = await h.call('GET', `/v1/admin/service-requests?cursor=${cursor}`, { auth: h.a.apiKey });
      assert.equal(res.status, 400, cursor);
    }
    const after = await rows(h.a);
    assert.equal(after.requests, before.requests);
    assert.equal(after.mails, before.mails);
  });
});
