import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createApp } from '../app';
import { withTenant } from '../db/client';
import { resolveLoginLinkRequests } from '../db/login-link-requests';
import { freezePlatformClock } from '../db/rate-limits';
import { RATE_LIMITS } from '../middleware/auth';
import { startHarness, type Harness } from '../testing/harness';
import { TEST_SECRET_BOX } from '../testing/secret';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

/** The login-link mails queued so far, after the outbox worker's step that resolves waiting requests. */
const requests = async () => {
  await h.db.tenants.withTenant(h.a.tenantId, (tx) => resolveLoginLinkRequests(tx, h.a.tenantId, 100, h.clock.now()));
  return withTenant(
    h.db.sql,
    h.a.tenantId,
    (tx) => tx<{ email: string; customer_id: string }[]>`
    select recipient as email, customer_id from outbox where trigger = 'login_link' order by created_at, id`,
  );
};

describe('POST /v1/portal/login-links/request', () => {
  it('answers 202 the same way for a known and an unknown address; only the known one is queued for the outbox', async () => {
    const ticket = await h.createTicket(h.a, { customer: { name: 'Kim', email: 'kim@example.com' } });
    const known = await h.call('POST', '/v1/portal/login-links/request', {
      body: { tenant: h.a.publicId, email: 'KIM@example.com' },
      origin: h.a.origin,
      ip: '198.51.100.1',
    });
    const unknown = await h.call('POST', '/v1/portal/login-links/request', {
      body: { tenant: h.a.publicId, email: 'nobody@example.com' },
      origin: h.a.origin,
      ip: '198.51.100.1',
    });
    const noTenant = await h.call('POST', '/v1/portal/login-links/request', {
      body: { tenant: 't_unknown', email: 'kim@example.com' },
      ip: '198.51.100.1',
    });
    for (const res of [known, unknown, noTenant]) {
      assert.equal(res.status, 202);
      assert.deepEqual(res.body, { status: 'accepted', expiresInMinutes: 10 });
    }
    const queued = await requests();
    assert.deepEqual(
      queued.map((r) => [r.email, r.customer_id]),
      [['kim@example.com', ticket.customer.id]],
    );
    // No link is issued (and no token stored) until the outbox sends the mail.
    const [links] = await withTenant(
      h.db.sql,
      h.a.tenantId,
      (tx) => tx`select count(*)::int as n from login_links where customer_id = ${ticket.customer.id}`,
    );
    assert.equal(links!.n, 0);
  });

  it('queues at most one mail per address per 60 s, still answering 202', async () => {
    await h.createTicket(h.a, { customer: { name: 'Lee', email: 'lee@example.com' } });
    const ask = () =>
      h.call('POST', '/v1/portal/login-links/request', {
        body: { tenant: h.a.publicId, email: 'lee@example.com' },
        ip: '198.51.100.2',
      });
    // Rate limits count by the database's clock, which the owner freezes and moves here.
    const start = new Date('2026-11-23T10:00:00Z');
    await freezePlatformClock(h.db.sql, start);
    assert.equal((await ask()).status, 202);
    assert.equal((await ask()).status, 202);
    assert.equal((await requests()).filter((r) => r.email === 'lee@example.com').length, 1);
    await freezePlatformClock(h.db.sql, new Date(start.getTime() + 60_000));
    assert.equal((await ask()).status, 202);
    assert.equal((await requests()).filter((r) => r.email === 'lee@example.com').length, 2);
    await freezePlatformClock(h.db.sql, null);
  });

  it('limits requests per IP address: 429 RATE_LIMITED with Retry-After, and nothing is queued', async () => {
    const { limit, windowSeconds } = RATE_LIMITS.linkRequestPerIp;
    const ask = (i: number) =>
      h.call('POST', '/v1/portal/login-links/request', {
        body: { tenant: h.a.publicId, email: `x${i}@example.com` },
        ip: '198.51.100.3',
      });
    for (let i = 0; i < limit; i++) assert.equal((await ask(i)).status, 202);
    const before = (await requests()).length;
    await h.createTicket(h.a, { customer: { name: 'Late', email: 'late@example.com' } });
    const refused = await h.call('POST', '/v1/portal/login-links/request', {
      body: { tenant: h.a.publicId, email: 'late@example.com' },
      ip: '198.51.100.3',
    });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'RATE_LIMITED');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= windowSeconds, String(retryAfter));
    assert.equal((await requests()).length, before);
    const other = await h.call('POST', '/v1/portal/login-links/request', {
      body: { tenant: h.a.publicId, email: 'late@example.com' },
      ip: '198.51.100.4',
    });
    assert.equal(other.status, 202, 'another address is not affected');
  });

  it('refuses a malformed email with 400 and writes nothing', async () => {
    const before = (await requests()).length;
    for (const body of [
      { tenant: h.a.publicId, email: 'not-an-email' },
      { tenant: h.a.publicId },
      { email: 'a@b.example' },
      { tenant: h.a.publicId, email: 'a@b.example', extra: 1 },
    ]) {
      const res = await h.call('POST', '/v1/portal/login-links/request', { body, ip: '198.51.100.5' });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
    assert.equal((await requests()).length, before);
  });
});

describe('POST /v1/portal/login-links/request: the link’s lifetime', () => {
  afterEach(() => h.call('PATCH', '/v1/admin/settings', { auth: h.b.apiKey, body: { loginLinkTtlMinutes: 10 } }));

  it('answers how long a login link works: the tenant’s configured lifetime', async () => {
    const patched = await h.call('PATCH', '/v1/admin/settings', { auth: h.b.apiKey, body: { loginLinkTtlMinutes: 3 } });
    assert.equal(patched.status, 200);
    const res = await h.call('POST', '/v1/portal/login-links/request', {
      body: { tenant: h.b.publicId, email: 'nobody@example.com' },
      origin: h.b.origin,
      ip: '198.51.100.9',
    });
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { status: 'accepted', expiresInMinutes: 3 });
  });
});

describe('share links', () => {
  it('a customer creates, lists and revokes a view-only link; it opens a track-only session for that ticket', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const created = await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, {
      auth: session,
      origin: h.a.origin,
      body: { label: 'For my colleague' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.label, 'For my colleague');
    assert.match(created.body.url, /#porch=/);

    const shared = await h.call('POST', '/v1/portal/session', {
      body: { token: created.body.token },
      origin: h.a.origin,
    });
    assert.equal(shared.status, 200);
    assert.deepEqual(shared.body.scopes, ['track']);
    assert.equal(shared.body.ticketId, ticket.id);
    const read = await h.call('GET', `/v1/portal/tickets/${ticket.id}`, {
      auth: shared.body.session,
      origin: h.a.origin,
    });
    assert.equal(read.status, 200);

    const reshare = await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, {
      auth: shared.body.session,
      origin: h.a.origin,
      body: {},
    });
    assert.equal(reshare.status, 403);
    assert.equal(reshare.body.error.code, 'SHARE_NOT_ALLOWED');
    const peek = await h.call('GET', `/v1/portal/tickets/${ticket.id}/share-links`, {
      auth: shared.body.session,
      origin: h.a.origin,
    });
    assert.equal(peek.body.error.code, 'SHARE_NOT_ALLOWED');

    const list = await h.call('GET', `/v1/portal/tickets/${ticket.id}/share-links`, {
      auth: session,
      origin: h.a.origin,
    });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((l: { id: string }) => l.id),
      [created.body.id],
    );
    assert.ok(list.body.items[0].lastUsedAt, 'the redeem is recorded');
    assert.ok(!('token' in list.body.items[0]), 'the token is shown once only');

    const revoked = await h.call('DELETE', `/v1/portal/tickets/${ticket.id}/share-links/${created.body.id}`, {
      auth: session,
      origin: h.a.origin,
    });
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.revokedAt);
    const after = await h.call('POST', '/v1/portal/session', {
      body: { token: created.body.token },
      origin: h.a.origin,
    });
    assert.equal(after.status, 410);
    assert.equal(after.body.error.code, 'SHARE_LINK_ENDED', 'a third party is not told to use a newer link');
  });

  it('the tenant lists and revokes a ticket’s share links through the admin API', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const created = await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, { auth: session, body: {} });
    const list = await h.call('GET', `/v1/admin/tickets/${ticket.id}/share-links`, { auth: h.a.apiKey });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((l: { id: string }) => l.id),
      [created.body.id],
    );
    const revoked = await h.call('DELETE', `/v1/admin/tickets/${ticket.id}/share-links/${created.body.id}`, {
      auth: h.a.apiKey,
    });
    assert.equal(revoked.status, 200);
    const redeem = await h.call('POST', '/v1/portal/session', { body: { token: created.body.token } });
    assert.equal(redeem.body.error.code, 'SHARE_LINK_ENDED');
  });

  it('limits writes per session: 429 RATE_LIMITED with Retry-After, nothing written', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const { limit } = RATE_LIMITS.writesPerSession;
    for (let i = 0; i < limit; i++) {
      assert.equal(
        (await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, { auth: session, body: {} })).status,
        201,
      );
    }
    const refused = await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, { auth: session, body: {} });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'RATE_LIMITED');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    const list = await h.call('GET', `/v1/portal/tickets/${ticket.id}/share-links`, { auth: session });
    assert.equal(list.body.items.length, limit, 'reads are not limited, and the refused write wrote nothing');
  });
});

describe('portal switch', () => {
  it('switched off: redeem, reads, streams and share links answer 403 PORTAL_DISABLED with the message; on again: every link and session works', async () => {
    const ticket = await h.createTicket(h.b);
    const ticketLink = await h.linkFor(h.b, ticket.id);
    const session = await h.sessionFor(h.b, ticket.id);
    const loginLink = (
      await h.call('POST', `/v1/admin/customers/${ticket.customer.id}/login-links`, { auth: h.b.apiKey })
    ).body;
    const share = (await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, { auth: session, body: {} }))
      .body;

    await h.call('PATCH', '/v1/admin/settings', {
      auth: h.b.apiKey,
      body: { portalEnabled: false, portalDisabledMessage: 'Maintenance until 8am' },
    });
    // The gate is cached for a few seconds per process; a fresh app (another process) sees the change at once.
    const fresh = createApp({ secretBox: TEST_SECRET_BOX, sql: h.db.appSql, clock: h.clock });
    const call = async (method: string, path: string, init: { auth?: string; body?: unknown } = {}) => {
      const res = await fresh.request(path, {
        method,
        headers: { 'content-type': 'application/json', ...(init.auth ? { authorization: `Bearer ${init.auth}` } : {}) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return {
        status: res.status,
        body: (res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text()) as any,
      };
    };
    const attempts = [
      () => call('POST', '/v1/portal/session', { body: { token: ticketLink.token } }),
      () => call('POST', '/v1/portal/session', { body: { token: loginLink.token } }),
      () => call('POST', '/v1/portal/session', { body: { token: share.token } }),
      () => call('GET', '/v1/portal/me', { auth: session }),
      () => call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: session }),
      () => call('GET', `/v1/portal/tickets/${ticket.id}/events`, { auth: session }),
      () => call('GET', `/v1/portal/tickets/${ticket.id}/share-links`, { auth: session }),
      () =>
        call('POST', '/v1/portal/login-links/request', { body: { tenant: h.b.publicId, email: 'dana@example.com' } }),
    ];
    for (const attempt of attempts) {
      const res = await attempt();
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'PORTAL_DISABLED');
      assert.equal(res.body.error.message, 'Maintenance until 8am');
    }

    await h.call('PATCH', '/v1/admin/settings', { auth: h.b.apiKey, body: { portalEnabled: true } });
    const back = createApp({ secretBox: TEST_SECRET_BOX, sql: h.db.appSql, clock: h.clock });
    const redeem = async (token: string) =>
      (
        await back.request('/v1/portal/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        })
      ).status;
    assert.equal(await redeem(ticketLink.token), 200);
    assert.equal(await redeem(loginLink.token), 200, 'the login link was not used up by the refused attempt');
    assert.equal(await redeem(share.token), 200);
    const read = await back.request(`/v1/portal/tickets/${ticket.id}`, {
      headers: { authorization: `Bearer ${session}` },
    });
    assert.equal(read.status, 200);
  });
});
