import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

describe('admin access routes: security', () => {
  it('another tenant’s customer, ticket, share link and identity key → 404, nothing written or revoked', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const share = (await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, { auth: session, body: {} }))
      .body;
    const key = (
      await h.call('POST', '/v1/admin/identity-keys', {
        auth: h.a.apiKey,
        body: { issuer: 'https://a.example', audience: 'a', algorithms: ['ES256'], jwksUrl: 'https://a.example/jwks' },
      })
    ).body;
    const calls: [string, string][] = [
      ['POST', `/v1/admin/customers/${ticket.customer.id}/login-links`],
      ['GET', `/v1/admin/tickets/${ticket.id}/share-links`],
      ['DELETE', `/v1/admin/tickets/${ticket.id}/share-links/${share.id}`],
      ['DELETE', `/v1/admin/identity-keys/${key.id}`],
    ];
    for (const [method, path] of calls) {
      const res = await h.call(method, path, { auth: h.b.apiKey });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
    const [links] = await withTenant(h.db.sql, h.a.tenantId, (tx) => tx`select count(*)::int as n from login_links`);
    assert.equal(links!.n, 0);
    const [kept] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select revoked_at from share_links where id = ${share.id}`,
    );
    assert.equal(kept!.revoked_at, null);
    assert.equal((await h.call('GET', '/v1/admin/identity-keys', { auth: h.a.apiKey })).body.items.length, 1);
    assert.equal((await h.call('GET', '/v1/admin/identity-keys', { auth: h.b.apiKey })).body.items.length, 0);
  });

  it('every access route needs a valid API key; a portal session is not one', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const routes: [string, string, unknown?][] = [
      ['POST', `/v1/admin/customers/${ticket.customer.id}/login-links`],
      ['GET', `/v1/admin/tickets/${ticket.id}/share-links`],
      ['GET', '/v1/admin/identity-keys'],
      ['POST', '/v1/admin/session-keys/rotate', {}],
      ['POST', '/v1/admin/api-keys/rotate', { overlapHours: 0 }],
    ];
    for (const [method, path, body] of routes) {
      for (const [auth, code] of [
        [undefined, 'UNAUTHENTICATED'],
        ['porch_sk_wrong', 'API_KEY_INVALID'],
        [session, 'API_KEY_INVALID'],
      ] as const) {
        const res = await h.call(method, path, { auth, body });
        assert.equal(res.status, 401, `${method} ${path}`);
        assert.equal(res.body.error.code, code);
      }
    }
    assert.equal((await h.call('GET', '/v1/admin/settings', { auth: h.a.apiKey })).status, 200, 'nothing was rotated');
  });
});
