import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { SESSION_TTL_SECONDS } from '../services/sessions';
import { sampleTicket, startHarness, type Harness, type TestTenant } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const loginLink = (tenant: TestTenant, customerId: string) =>
  h.call('POST', `/v1/admin/customers/${customerId}/login-links`, { auth: tenant.apiKey });
const redeem = (token: string, origin = h.a.origin) =>
  h.call('POST', '/v1/portal/session', { body: { token }, origin });

describe('POST /v1/admin/customers/:id/login-links', () => {
  it('issues a single-use link for ≤ 10 minutes whose session sees all of the customer’s tickets and no one else’s', async () => {
    const first = await h.createTicket(h.a, { customer: { ...sampleTicket().customer, externalRef: 'cust-1' } });
    const second = await h.createTicket(h.a, {
      title: 'Toner smears',
      customer: { ...sampleTicket().customer, externalRef: 'cust-1' },
    });
    const stranger = await h.createTicket(h.a);
    assert.equal(second.customer.id, first.customer.id, 'the external reference names one customer');

    const link = await loginLink(h.a, first.customer.id);
    assert.equal(link.status, 201);
    assert.match(link.body.url, /#porch=[A-Za-z0-9_-]{43}$/);
    assert.equal(new Date(link.body.expiresAt).getTime() - h.clock.now().getTime(), 10 * 60_000);

    const session = await redeem(link.body.token);
    assert.equal(session.status, 200);
    assert.deepEqual(session.body.scopes, ['track', 'book', 'feedback', 'invoices', 'pay', 'requests', 'comments']);
    assert.equal(session.body.ticketId, undefined);

    const me = await h.call('GET', '/v1/portal/me', { auth: session.body.session, origin: h.a.origin });
    assert.equal(me.status, 200);
    assert.equal(me.body.ticketId, null);
    assert.equal(me.body.customer.name, 'Dana Miller');
    for (const ticket of [first, second]) {
      const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}`, {
        auth: session.body.session,
        origin: h.a.origin,
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.id, ticket.id);
    }
    const other = await h.call('GET', `/v1/portal/tickets/${stranger.id}`, {
      auth: session.body.session,
      origin: h.a.origin,
    });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'NOT_FOUND');

    const again = await redeem(link.body.token);
    assert.equal(again.status, 410);
    assert.equal(again.body.error.code, 'LINK_USED');
  });

  it('follows the tenant’s shorter lifetime and scope set, and answers LINK_EXPIRED after it', async () => {
    const ticket = await h.createTicket(h.a);
    const patched = await h.call('PATCH', '/v1/admin/settings', {
      auth: h.a.apiKey,
      body: { loginLinkTtlMinutes: 3, customerScopes: ['track', 'invoices'] },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.loginLinkTtlMinutes, 3);
    const link = await loginLink(h.a, ticket.customer.id);
    assert.equal(new Date(link.body.expiresAt).getTime() - h.clock.now().getTime(), 3 * 60_000);
    const start = h.clock.now();
    h.clock.advance(3 * 60_000);
    const late = await redeem(link.body.token);
    assert.equal(late.status, 410);
    assert.equal(late.body.error.code, 'LINK_EXPIRED');
    h.clock.set(start);
    const fresh = await redeem((await loginLink(h.a, ticket.customer.id)).body.token);
    assert.deepEqual(fresh.body.scopes, ['track', 'invoices']);

    for (const body of [
      { loginLinkTtlMinutes: 11 },
      { loginLinkTtlMinutes: 0 },
      { customerScopes: ['track', 'admin'] },
      { customerScopes: ['track', 'track'] },
    ]) {
      const res = await h.call('PATCH', '/v1/admin/settings', { auth: h.a.apiKey, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
    await h.call('PATCH', '/v1/admin/settings', {
      auth: h.a.apiKey,
      body: {
        loginLinkTtlMinutes: 10,
        customerScopes: ['track', 'book', 'feedback', 'invoices', 'pay', 'requests', 'comments'],
      },
    });
  });

  it('only the newest link works: issuing one revokes the older ones', async () => {
    const ticket = await h.createTicket(h.a);
    const older = await loginLink(h.a, ticket.customer.id);
    const newer = await loginLink(h.a, ticket.customer.id);
    const stale = await redeem(older.body.token);
    assert.equal(stale.status, 410);
    assert.equal(stale.body.error.code, 'LINK_EXPIRED');
    assert.equal((await redeem(newer.body.token)).status, 200);
  });

  it('refuses a customer without an email address with 422 CUSTOMER_EMAIL_MISSING and writes nothing', async () => {
    const ticket = await h.createTicket(h.a, { customer: { name: 'No Mail' } });
    const res = await loginLink(h.a, ticket.customer.id);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'CUSTOMER_EMAIL_MISSING');
    const [row] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select count(*)::int as n from login_links where customer_id = ${ticket.customer.id}`,
    );
    assert.equal(row!.n, 0);
  });

  it('answers 404 for an unknown customer and 400 for a malformed id', async () => {
    const unknown = await loginLink(h.a, '00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'NOT_FOUND');
    const bad = await loginLink(h.a, 'nope');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
  });
});

describe('session-key rotation', () => {
  it('keeps the previous key verifying until its sessions expire, then answers 401', async () => {
    const ticket = await h.createTicket(h.b);
    const before = await h.sessionFor(h.b, ticket.id);
    const rotated = await h.call('POST', '/v1/admin/session-keys/rotate', { auth: h.b.apiKey, body: {} });
    assert.equal(rotated.status, 201);
    assert.equal(
      new Date(rotated.body.previousRetireAt).getTime() - h.clock.now().getTime(),
      SESSION_TTL_SECONDS * 1000,
    );
    const after = await h.sessionFor(h.b, ticket.id);
    const kid = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()).kid;
    assert.equal(kid(after), rotated.body.kid);
    assert.notEqual(kid(before), rotated.body.kid);

    const read = (session: string) =>
      h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: session, origin: h.b.origin });
    assert.equal((await read(before)).status, 200, 'the previous key still verifies');
    const keys = await h.call('GET', '/v1/admin/session-keys', { auth: h.b.apiKey });
    assert.deepEqual(
      keys.body.items.map((k: { kid: string }) => k.kid),
      [rotated.body.kid, kid(before)],
    );
    assert.ok(keys.body.items.every((k: object) => !('secret' in k)));

    const start = h.clock.now();
    h.clock.advance(SESSION_TTL_SECONDS * 1000 - 1000);
    assert.equal((await read(before)).status, 200);
    h.clock.set(start);
  });

  it('retireNow: sessions of the previous key answer 401 SESSION_INVALID at once; new ones work', async () => {
    const ticket = await h.createTicket(h.b);
    const before = await h.sessionFor(h.b, ticket.id);
    const rotated = await h.call('POST', '/v1/admin/session-keys/rotate', {
      auth: h.b.apiKey,
      body: { retireNow: true },
    });
    assert.equal(rotated.status, 201);
    const old = await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: before, origin: h.b.origin });
    assert.equal(old.status, 401);
    assert.equal(old.body.error.code, 'SESSION_INVALID');
    const fresh = await h.sessionFor(h.b, ticket.id);
    assert.equal(
      (await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: fresh, origin: h.b.origin })).status,
      200,
    );
  });
});

describe('API key rotation', () => {
  it('issues a new key; the old one keeps working for the overlap, and overlap 0 ends it at once', async () => {
    const tenant = h.a;
    const rotated = await h.call('POST', '/v1/admin/api-keys/rotate', {
      auth: tenant.apiKey,
      body: { overlapHours: 1 },
    });
    assert.equal(rotated.status, 201);
    assert.match(rotated.body.apiKey, /^porch_sk_/);
    assert.equal(
      (await h.call('GET', '/v1/admin/settings', { auth: tenant.apiKey })).status,
      200,
      'old key within the overlap',
    );
    assert.equal((await h.call('GET', '/v1/admin/settings', { auth: rotated.body.apiKey })).status, 200);

    const cut = await h.call('POST', '/v1/admin/api-keys/rotate', {
      auth: rotated.body.apiKey,
      body: { overlapHours: 0 },
    });
    assert.equal(cut.status, 201);
    for (const old of [tenant.apiKey, rotated.body.apiKey]) {
      const res = await h.call('GET', '/v1/admin/settings', { auth: old });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'API_KEY_INVALID');
    }
    tenant.apiKey = cut.body.apiKey;
    const bad = await h.call('POST', '/v1/admin/api-keys/rotate', { auth: tenant.apiKey, body: { overlapHours: -1 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
  });
});

describe('/v1/admin/identity-keys', () => {
  it('registers, lists, replaces per issuer and deletes', async () => {
    const body = {
      issuer: 'https://login.acme.example',
      audience: 'porchlight',
      algorithms: ['RS256'],
      jwksUrl: 'https://login.acme.example/.well-known/jwks.json',
    };
    const created = await h.call('POST', '/v1/admin/identity-keys', { auth: h.a.apiKey, body });
    assert.equal(created.status, 201);
    assert.equal(created.body.jwksUrl, body.jwksUrl);
    const replaced = await h.call('POST', '/v1/admin/identity-keys', {
      auth: h.a.apiKey,
      body: { ...body, audience: 'porch' },
    });
    assert.equal(replaced.status, 201);
    const list = await h.call('GET', '/v1/admin/identity-keys', { auth: h.a.apiKey });
    assert.deepEqual(
      list.body.items.map((k: { audience: string }) => k.audience),
      ['porch'],
    );
    assert.equal(
      (await h.call('DELETE', `/v1/admin/identity-keys/${replaced.body.id}`, { auth: h.a.apiKey })).status,
      204,
    );
    const gone = await h.call('DELETE', `/v1/admin/identity-keys/${replaced.body.id}`, { auth: h.a.apiKey });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'NOT_FOUND');
  });

  it('refuses private, symmetric, weak or mismatched keys, insecure URLs and unpinned algorithms; nothing is written', async () => {
    const base = { issuer: 'https://bad.example', audience: 'porchlight' };
    const rsa = { kty: 'RSA', e: 'AQAB', n: 'x'.repeat(342) };
    const bad = [
      { ...base, algorithms: ['HS256'], jwks: { keys: [rsa] } },
      { ...base, algorithms: ['RS256'], jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } },
      { ...base, algorithms: ['RS256'], jwks: { keys: [{ ...rsa, d: 'private' }] } },
      { ...base, algorithms: ['RS256'], jwks: { keys: [{ ...rsa, n: 'short' }] } },
      { ...base, algorithms: ['ES256'], jwks: { keys: [rsa] } },
      { ...base, algorithms: ['ES256'], jwks: { keys: [{ kty: 'EC', crv: 'P-521', x: 'a', y: 'b' }] } },
      { ...base, algorithms: ['RS256'], jwksUrl: 'https://keys.example/jwks.json', jwks: { keys: [rsa] } },
      { ...base, algorithms: ['RS256'] },
      { ...base, algorithms: [], jwksUrl: 'https://keys.example/jwks.json' },
    ];
    for (const body of bad) {
      const res = await h.call('POST', '/v1/admin/identity-keys', { auth: h.a.apiKey, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
    const plainHttp = { ...base, algorithms: ['RS256'], jwksUrl: 'http://keys.example/jwks.json' };
    const insecure = await h.call('POST', '/v1/admin/identity-keys', { auth: h.a.apiKey, body: plainHttp });
    assert.equal(insecure.status, 400);
    assert.equal(insecure.body.error.code, 'URL_NOT_ALLOWED');
    assert.deepEqual((await h.call('GET', '/v1/admin/identity-keys', { auth: h.a.apiKey })).body.items, []);
  });
});
