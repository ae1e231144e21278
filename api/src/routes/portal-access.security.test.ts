import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { SESSION_TTL_SECONDS } from '../services/sessions';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

describe('portal access routes: security', () => {
  it('share links of another tenant’s ticket, or another customer’s → 404 and nothing written', async () => {
    const mine = await h.createTicket(h.a);
    const neighbour = await h.createTicket(h.a);
    const foreign = await h.createTicket(h.b);
    const session = await h.sessionFor(h.a, mine.id);
    const neighbourShare = (
      await h.call('POST', `/v1/portal/tickets/${neighbour.id}/share-links`, {
        auth: await h.sessionFor(h.a, neighbour.id),
        body: {},
      })
    ).body;
    for (const ticket of [neighbour, foreign]) {
      for (const [method, path] of [
        ['POST', `/v1/portal/tickets/${ticket.id}/share-links`],
        ['GET', `/v1/portal/tickets/${ticket.id}/share-links`],
        ['DELETE', `/v1/portal/tickets/${ticket.id}/share-links/${neighbourShare.id}`],
      ] as const) {
        const res = await h.call(method, path, { auth: session, body: method === 'POST' ? {} : undefined });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.body.error.code, 'NOT_FOUND');
      }
    }
    // Revoking a link through one's own ticket id does not reach a link of another ticket.
    const crossed = await h.call('DELETE', `/v1/portal/tickets/${mine.id}/share-links/${neighbourShare.id}`, {
      auth: session,
    });
    assert.equal(crossed.status, 404);
    const rows = await withTenant(h.db.sql, h.a.tenantId, (tx) => tx`select ticket_id, revoked_at from share_links`);
    assert.deepEqual(
      rows.map((r) => [r.ticket_id, r.revoked_at]),
      [[neighbour.id, null]],
    );
  });

  it('no session, a tampered one or an expired one → 401; without the track scope → 403 SCOPE_REQUIRED', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const path = `/v1/portal/tickets/${ticket.id}/share-links`;
    assert.equal((await h.call('GET', path)).body.error.code, 'UNAUTHENTICATED');
    assert.equal(
      (await h.call('GET', path, { auth: `${session.slice(0, -3)}AAA` })).body.error.code,
      'SESSION_INVALID',
    );
    const start = h.clock.now();
    h.clock.advance(SESSION_TTL_SECONDS * 1000);
    const expired = await h.call('POST', path, { auth: session, body: {} });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, 'SESSION_EXPIRED');
    h.clock.set(start);
    const narrow = await h.sessionWithScopes(h.a, ticket, ['invoices']);
    const res = await h.call('POST', path, { auth: narrow, body: {} });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'SCOPE_REQUIRED');
    const [row] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select count(*)::int as n from share_links where ticket_id = ${ticket.id}`,
    );
    assert.equal(row!.n, 0);
  });

  it('CORS: a share-link redeem or link request from a foreign page is refused before anything is used or queued', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const share = (await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, { auth: session, body: {} }))
      .body;
    const redeem = await h.call('POST', '/v1/portal/session', { body: { token: share.token }, origin: h.b.origin });
    assert.equal(redeem.status, 403);
    assert.equal(redeem.body.error.code, 'ORIGIN_NOT_ALLOWED');
    assert.equal(redeem.headers.get('access-control-allow-origin'), null);
    const request = await h.call('POST', '/v1/portal/login-links/request', {
      body: { tenant: h.a.publicId, email: 'dana@example.com' },
      origin: 'https://acme.example.evil.test',
    });
    assert.equal(request.status, 403);
    assert.equal(request.body.error.code, 'ORIGIN_NOT_ALLOWED');
    const [used] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select last_used_at from share_links where id = ${share.id}`,
    );
    assert.equal(used!.last_used_at, null);
    const [queued] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select count(*)::int as n from outbox where trigger = 'login_link'`,
    );
    assert.equal(queued!.n, 0);
  });

  it('limits redeems per IP address: 429 RATE_LIMITED with Retry-After, and the link is not consumed', async () => {
    const ticket = await h.createTicket(h.a);
    for (let i = 0; i < 30; i++)
      await h.call('POST', '/v1/portal/session', { body: { token: 'x'.repeat(43) }, ip: '203.0.113.9' });
    const link = (await h.call('POST', `/v1/admin/customers/${ticket.customer.id}/login-links`, { auth: h.a.apiKey }))
      .body;
    const limited = await h.call('POST', '/v1/portal/session', { body: { token: link.token }, ip: '203.0.113.9' });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    const other = await h.call('POST', '/v1/portal/session', { body: { token: link.token }, ip: '203.0.113.10' });
    assert.equal(other.status, 200, 'the limited attempt did not use the link');
  });
});
