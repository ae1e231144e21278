import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, base64url, decodeJwt, decodeProtectedHeader } from 'jose';
import { withTenant } from '../db/client';
import { SESSION_TTL_SECONDS } from '../services/sessions';
import type { ErrorEnvelope } from '../schemas/contract/errors';
import { startHarness, type Harness } from '../testing/harness';
import { TEST_SECRET_BOX } from '../testing/secret';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

describe('portal: security', () => {
  it('answers 404 for another tenant’s ticket and for another ticket of the same tenant', async () => {
    const mine = await h.createTicket(h.a);
    const sameTenant = await h.createTicket(h.a);
    const foreign = await h.createTicket(h.b);
    const session = await h.sessionFor(h.a, mine.id);
    for (const id of [sameTenant.id, foreign.id]) {
      const res = await h.call('GET', `/v1/portal/tickets/${id}`, { auth: session, origin: h.a.origin });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
  });

  it('answers 401 without a session, with a tampered one, and with an expired one', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const path = `/v1/portal/tickets/${ticket.id}`;

    const missing = await h.call('GET', path);
    assert.equal(missing.status, 401);
    assert.equal(missing.body.error.code, 'UNAUTHENTICATED');

    const [header, payload, signature] = session.split('.');
    const widened = base64url.encode(JSON.stringify({ ...decodeJwt(session), scp: ['track', 'pay'] }));
    for (const forged of [
      `${header}.${widened}.${signature}`,
      `${header}.${payload}.${signature!.slice(0, -2)}AA`,
      'not.a.jwt',
      'garbage',
    ]) {
      const res = await h.call('GET', path, { auth: forged });
      assert.equal(res.status, 401, forged);
      assert.equal(res.body.error.code, 'SESSION_INVALID');
    }

    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
    assert.equal((await h.call('GET', path, { auth: none })).body.error.code, 'SESSION_INVALID');

    const otherKey = await new SignJWT({ ...decodeJwt(session) })
      .setProtectedHeader({ alg: 'HS256', kid: decodeProtectedHeader(session).kid! })
      .sign(new TextEncoder().encode('a guessed secret that is long enough'));
    assert.equal((await h.call('GET', path, { auth: otherKey })).body.error.code, 'SESSION_INVALID');

    const start = h.clock.now();
    h.clock.advance(SESSION_TTL_SECONDS * 1000 + 1000);
    const expired = await h.call('GET', path, { auth: session });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, 'SESSION_EXPIRED');
    h.clock.set(start);
  });

  it('answers 403 SCOPE_REQUIRED when the session lacks the route’s scope', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionWithScopes(h.a, ticket, ['invoices']);
    const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: session });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'SCOPE_REQUIRED');
  });

  it('CORS: only the tenant’s own origin is granted; all answers vary by Origin', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const path = `/v1/portal/tickets/${ticket.id}`;
    const allowed = await h.call('GET', path, { auth: session, origin: h.a.origin });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), h.a.origin);
    for (const origin of [h.b.origin, 'null', 'https://acme.example.evil.test', 'http://acme.example']) {
      const res = await h.call('GET', path, { auth: session, origin });
      assert.equal(res.status, 403, origin);
      assert.equal(res.body.error.code, 'ORIGIN_NOT_ALLOWED');
      assert.equal(res.headers.get('access-control-allow-origin'), null, origin);
      assert.match(res.headers.get('vary') ?? '', /Origin/);
    }
    assert.match(allowed.headers.get('vary') ?? '', /Origin/);
  });

  it('CORS over a real socket: the production adapter sends the granted origin, Vary and a whole body with its Content-Length', async () => {
    await h.overHttp(async (baseUrl) => {
      const ticket = await h.createTicket(h.a);
      const session = await h.sessionFor(h.a, ticket.id);
      const url = `${baseUrl}/v1/portal/tickets/${ticket.id}`;
      const allowed = await fetch(url, { headers: { authorization: `Bearer ${session}`, origin: h.a.origin } });
      const text = await allowed.text();
      assert.equal(allowed.status, 200);
      assert.equal(allowed.headers.get('access-control-allow-origin'), h.a.origin);
      assert.match(allowed.headers.get('access-control-expose-headers') ?? '', /X-Request-Id/);
      assert.match(allowed.headers.get('vary') ?? '', /Origin/);
      assert.equal(allowed.headers.get('content-length'), String(Buffer.byteLength(text)));
      assert.equal(allowed.headers.get('transfer-encoding'), null);
      const foreign = await fetch(url, { headers: { authorization: `Bearer ${session}`, origin: h.b.origin } });
      assert.equal(foreign.status, 403);
      assert.equal(((await foreign.json()) as { error: { code: string } }).error.code, 'ORIGIN_NOT_ALLOWED');
      assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    });
  });

  it('CORS: a redeem from a foreign page is refused before the link is used', async () => {
    const ticket = await h.createTicket(h.a);
    const { token } = await h.linkFor(h.a, ticket.id);
    const res = await h.call('POST', '/v1/portal/session', { body: { token }, origin: h.b.origin });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'ORIGIN_NOT_ALLOWED');
    const [link] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select last_used_at from ticket_links where ticket_id = ${ticket.id}`,
    );
    assert.equal(link!.last_used_at, null);
  });

  it('CORS preflight: answered for origins some tenant allows, refused otherwise, never with *', async () => {
    const preflight = (origin: string) =>
      h.app.request('/v1/portal/me', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const ok = await preflight(h.b.origin);
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), h.b.origin);
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    for (const origin of ['null', 'https://acme.example.evil.test', '*']) {
      const refused = await preflight(origin);
      assert.equal(refused.status, 403);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
      assert.equal(refused.headers.get('vary'), 'Origin');
    }
  });

  it('an error before the tenant is known is readable by allowed origins only', async () => {
    const known = await h.call('GET', '/v1/portal/me', { auth: 'garbage', origin: h.a.origin });
    assert.equal(known.headers.get('access-control-allow-origin'), h.a.origin);
    const unknown = await h.call('GET', '/v1/portal/me', { auth: 'garbage', origin: 'https://evil.test' });
    assert.equal(unknown.headers.get('access-control-allow-origin'), null);
  });

  it('answers 403 PORTAL_DISABLED with the tenant’s message while the portal is switched off', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    await h.call('PATCH', '/v1/admin/settings', {
      auth: h.a.apiKey,
      body: { portalEnabled: false, portalDisabledMessage: 'Back at 8am' },
    });
    // The gate is cached for a few seconds per process; a fresh app sees the change at once.
    const { createApp } = await import('../app');
    const fresh = createApp({ secretBox: TEST_SECRET_BOX, sql: h.db.appSql, clock: h.clock });
    const res = await fresh.request(`/v1/portal/tickets/${ticket.id}`, {
      headers: { authorization: `Bearer ${session}` },
    });
    assert.equal(res.status, 403);
    const body = (await res.json()) as ErrorEnvelope;
    assert.equal(body.error.code, 'PORTAL_DISABLED');
    assert.equal(body.error.message, 'Back at 8am');
    await h.call('PATCH', '/v1/admin/settings', { auth: h.a.apiKey, body: { portalEnabled: true } });
  });
});
