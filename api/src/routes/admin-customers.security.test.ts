import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { createStaff, createStaffSession } from '../db/staff';
import { startHarness, type Harness, type TestTenant } from '../testing/harness';

let h: Harness;
let customerA: string;
before(async () => {
  h = await startHarness();
  customerA = (await h.createTicket(h.a, { customer: { name: 'Secret Customer A', email: 'a@acme.example' } })).customer
    .id;
  await h.createTicket(h.b, { customer: { name: 'Globex Customer B', email: 'b@globex.example' } });
});
after(() => h.close());

/** A staff member's cookie session, as the console holds it after signing in. */
async function staffCookie(tenant: TestTenant, role: 'owner' | 'admin' | 'dispatcher') {
  const { token } = await withTenant(h.db.sql, tenant.tenantId, async (tx) => {
    const staff = await createStaff(tx, tenant.tenantId, `${role}-${Math.random()}@acme.example`, role, h.clock.now());
    return createStaffSession(tx, tenant.tenantId, staff.id, null, h.clock.now());
  });
  return { cookie: `porch_staff=${token}` };
}

describe('admin customers: security', () => {
  it('every staff role reads the list and a customer with its cookie session', async () => {
    for (const role of ['owner', 'admin', 'dispatcher'] as const) {
      const headers = await staffCookie(h.a, role);
      const list = await h.call('GET', '/v1/admin/customers', { headers });
      assert.equal(list.status, 200, `${role}: ${JSON.stringify(list.body)}`);
      assert.deepEqual(
        list.body.items.map((c: { name: string }) => c.name),
        ['Secret Customer A'],
      );
      const one = await h.call('GET', `/v1/admin/customers/${customerA}`, { headers });
      assert.equal(one.status, 200, role);
    }
  });

  it('answers 404 for another tenant’s customer, by API key and by staff cookie; the list holds only its own', async () => {
    const positive = await h.call('GET', `/v1/admin/customers/${customerA}`, { auth: h.a.apiKey });
    assert.equal(positive.status, 200);
    for (const options of [{ auth: h.b.apiKey }, { headers: await staffCookie(h.b, 'owner') }]) {
      const res = await h.call('GET', `/v1/admin/customers/${customerA}`, options);
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'NOT_FOUND');
      const list = await h.call('GET', '/v1/admin/customers?q=Secret', options);
      assert.deepEqual(list.body.items, []);
      const devices = await h.call('GET', `/v1/admin/customers/${customerA}/devices`, options);
      assert.equal(devices.status, 404);
    }
    const own = await h.call('GET', '/v1/admin/customers', { auth: h.b.apiKey });
    assert.deepEqual(
      own.body.items.map((c: { name: string }) => c.name),
      ['Globex Customer B'],
    );
  });

  it('refuses bad input with a 400 envelope', async () => {
    const cases: [string, string][] = [
      ['/v1/admin/customers/not-a-uuid', 'VALIDATION_FAILED'],
      ['/v1/admin/customers?limit=0', 'VALIDATION_FAILED'],
      ['/v1/admin/customers?limit=101', 'VALIDATION_FAILED'],
      ['/v1/admin/customers?limit=abc', 'VALIDATION_FAILED'],
      ['/v1/admin/customers?q=ab', 'SEARCH_TERM_INVALID'],
      ['/v1/admin/customers?q=%20%20a%20%20', 'SEARCH_TERM_INVALID'],
      ['/v1/admin/customers?q=abc%00def', 'VALIDATION_FAILED'],
      ['/v1/admin/customers?q=abc%0Adef', 'SEARCH_TERM_INVALID'],
      [`/v1/admin/customers?q=${'x'.repeat(201)}`, 'SEARCH_TERM_TOO_LONG'],
      [`/v1/admin/customers?q=${'x'.repeat(5000)}`, 'VALIDATION_FAILED'],
      ['/v1/admin/customers?cursor=not-a-cursor', 'CURSOR_INVALID'],
      [`/v1/admin/customers?cursor=${'A'.repeat(600)}`, 'VALIDATION_FAILED'],
      [`/v1/admin/customers?cursor=${Buffer.from('["x","y","z"]').toString('base64url')}`, 'CURSOR_INVALID'],
    ];
    for (const [path, code] of cases) {
      const res = await h.call('GET', path, { auth: h.a.apiKey });
      assert.equal(res.status, 400, `${path}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, code, path);
      assert.equal(typeof res.body.error.requestId, 'string');
    }
  });

  it('refuses a cursor made for another tenant', async () => {
    await h.createTicket(h.a, { customer: { name: 'Second Customer A' } });
    const page = await h.call('GET', '/v1/admin/customers?limit=1', { auth: h.a.apiKey });
    assert.ok(page.body.nextCursor, 'tenant A has a second page');
    const foreign = await h.call('GET', `/v1/admin/customers?limit=1&cursor=${page.body.nextCursor}`, {
      auth: h.b.apiKey,
    });
    assert.deepEqual([foreign.status, foreign.body.error.code], [400, 'CURSOR_INVALID']);
  });

  it('needs credentials: no key, a wrong key, a forged cookie or a customer’s session answer 401', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    for (const path of ['/v1/admin/customers', `/v1/admin/customers/${customerA}`]) {
      assert.equal((await h.call('GET', path)).status, 401, `${path} anonymous`);
      assert.equal((await h.call('GET', path, { auth: 'porch_sk_wrong' })).status, 401, `${path} wrong key`);
      assert.equal((await h.call('GET', path, { auth: session })).status, 401, `${path} customer session`);
      const forged = await h.call('GET', path, { headers: { cookie: `porch_staff=${'A'.repeat(43)}` } });
      assert.deepEqual([forged.status, forged.body.error.code], [401, 'SESSION_INVALID'], path);
    }
  });

  it('sends no CORS grant to browsers, not even the tenant’s own origin', async () => {
    const res = await h.call('GET', '/v1/admin/customers', { auth: h.a.apiKey, origin: h.a.origin });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const preflight = await h.call('OPTIONS', '/v1/admin/customers', {
      origin: h.a.origin,
      headers: { 'access-control-request-method': 'GET' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });
});
