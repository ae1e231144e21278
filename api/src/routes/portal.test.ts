import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { SESSION_AUDIENCE, SESSION_ISSUER, SESSION_TTL_SECONDS } from '../services/sessions';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const DAY = 86_400_000;

describe('POST /v1/portal/session', () => {
  it('redeems a ticket link for a short-lived session JWT with kid, iss, aud, exp and scopes', async () => {
    const ticket = await h.createTicket(h.a);
    const { token } = await h.linkFor(h.a, ticket.id);
    const res = await h.call('POST', '/v1/portal/session', { body: { token }, origin: h.a.origin });
    assert.equal(res.status, 200);
    assert.equal(res.body.ticketId, ticket.id);
    assert.deepEqual(res.body.scopes, ['track']);
    const header = decodeProtectedHeader(res.body.session);
    assert.equal(header.alg, 'HS256');
    assert.ok(header.kid);
    const claims = decodeJwt(res.body.session);
    assert.equal(claims.iss, SESSION_ISSUER);
    assert.equal(claims.aud, SESSION_AUDIENCE);
    assert.equal(claims.tid, h.a.tenantId);
    assert.equal(claims.tkt, ticket.id);
    assert.equal(claims.exp! - claims.iat!, SESSION_TTL_SECONDS);
    assert.equal(res.body.expiresAt, new Date(claims.exp! * 1000).toISOString());
    assert.equal(res.headers.get('access-control-allow-origin'), h.a.origin);
  });

  it('lets a ticket link be used again (it is reusable until it expires)', async () => {
    const ticket = await h.createTicket(h.a);
    const { token } = await h.linkFor(h.a, ticket.id);
    for (let i = 0; i < 3; i++)
      assert.equal((await h.call('POST', '/v1/portal/session', { body: { token } })).status, 200);
  });

  it('answers 401 LINK_INVALID for unknown and malformed tokens', async () => {
    for (const token of ['A'.repeat(43), 'short', '../../etc/passwd', 'x'.repeat(200)]) {
      const res = await h.call('POST', '/v1/portal/session', { body: { token } });
      assert.equal(res.status, 401, token);
      assert.equal(res.body.error.code, 'LINK_INVALID');
    }
  });

  it('answers 410 LINK_EXPIRED after the link expires, and after its ticket has been closed for the grace period', async () => {
    const ticket = await h.createTicket(h.a);
    const { token, expiresAt } = await h.linkFor(h.a, ticket.id);
    const start = h.clock.now();
    h.clock.set(new Date(Date.parse(expiresAt) + 1));
    const expired = await h.call('POST', '/v1/portal/session', { body: { token } });
    assert.equal(expired.status, 410);
    assert.equal(expired.body.error.code, 'LINK_EXPIRED');
    h.clock.set(start);

    const closed = await h.createTicket(h.a);
    const link = await h.linkFor(h.a, closed.id);
    await h.call('POST', `/v1/admin/tickets/${closed.id}/events`, { auth: h.a.apiKey, body: { status: 'closed' } });
    assert.equal(
      (await h.call('POST', '/v1/portal/session', { body: { token: link.token } })).status,
      200,
      'still open during the grace period',
    );
    h.clock.advance(8 * DAY);
    const late = await h.call('POST', '/v1/portal/session', { body: { token: link.token } });
    assert.equal(late.status, 410);
    assert.equal(late.body.error.code, 'LINK_EXPIRED');
    h.clock.set(start);
  });

  it('is POST only: GET and HEAD do not redeem', async () => {
    assert.equal((await h.call('GET', '/v1/portal/session')).status, 404);
    assert.equal((await h.call('HEAD', '/v1/portal/session')).status, 404);
  });
});

describe('GET /v1/portal/me', () => {
  it('returns the company, profile, customer name and scopes', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const res = await h.call('GET', '/v1/portal/me', { auth: session, origin: h.a.origin });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.company, { name: 'Acme Printer Repair' });
    assert.equal(res.body.profile.name, 'Default');
    assert.equal(res.body.profile.mode, 'tracking');
    assert.deepEqual(res.body.customer, { name: 'Dana Miller' });
    assert.deepEqual(res.body.scopes, ['track']);
    assert.equal(res.body.ticketId, ticket.id);
    assert.equal(res.body.canShare, true);
  });

  it('says whether the session may manage share links: a ticket link and a login link may, a shared view may not', async () => {
    const ticket = await h.createTicket(h.a);
    const canShare = async (session: string) => {
      const me = await h.call('GET', '/v1/portal/me', { auth: session, origin: h.a.origin });
      assert.equal(me.status, 200);
      return me.body.canShare;
    };
    const ticketSession = await h.sessionFor(h.a, ticket.id);
    assert.equal(await canShare(ticketSession), true, 'ticket link');

    const login = await h.call('POST', `/v1/admin/customers/${ticket.customer.id}/login-links`, { auth: h.a.apiKey });
    const loginSession = await h.call('POST', '/v1/portal/session', { body: { token: login.body.token } });
    assert.equal(loginSession.body.ticketId, undefined, 'a customer-wide session');
    assert.equal(await canShare(loginSession.body.session), true, 'login link');

    const share = await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, {
      auth: ticketSession,
      body: { label: 'Neighbour' },
    });
    const shared = await h.call('POST', '/v1/portal/session', { body: { token: share.body.token } });
    assert.equal(await canShare(shared.body.session), false, 'share link');
    // What the widget relies on: canShare false is exactly when the share routes refuse.
    const list = await h.call('GET', `/v1/portal/tickets/${ticket.id}/share-links`, { auth: shared.body.session });
    assert.equal(list.status, 403);
    assert.equal(list.body.error.code, 'SHARE_NOT_ALLOWED');
  });

  it('uses the ticket’s project profile', async () => {
    const profile = await h.call('POST', '/v1/admin/profiles', {
      auth: h.a.apiKey,
      body: {
        name: 'Booking',
        mode: 'tracking+booking',
        salutation: 'Hello!',
        language: 'de',
        theme: { colorPrimary: '#0a7' },
      },
    });
    const project = await h.call('POST', '/v1/admin/projects', {
      auth: h.a.apiKey,
      body: { name: 'Managed print', profileId: profile.body.id },
    });
    const ticket = await h.createTicket(h.a, { projectId: project.body.id });
    const { token } = await h.linkFor(h.a, ticket.id);
    const redeemed = await h.call('POST', '/v1/portal/session', { body: { token } });
    assert.deepEqual(redeemed.body.scopes, ['track', 'book']);
    const me = await h.call('GET', '/v1/portal/me', { auth: redeemed.body.session });
    assert.equal(me.body.profile.name, 'Booking');
    assert.equal(me.body.profile.salutation, 'Hello!');
    assert.equal(me.body.profile.language, 'de');
    assert.deepEqual(me.body.profile.theme, { colorPrimary: '#0a7' });
  });
});

describe('GET /v1/portal/tickets/:id', () => {
  it('returns the seven steps with done/current/upcoming, technician and ETA', async () => {
    const ticket = await h.createTicket(h.a, { externalRef: 'ACME-42' });
    h.clock.advance(60_000);
    await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, { auth: h.a.apiKey, body: { status: 'scheduling' } });
    h.clock.advance(60_000);
    await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, {
      auth: h.a.apiKey,
      body: {
        status: 'on_route',
        technician: { firstName: 'Sam' },
        eta: { from: '2026-11-23T12:00:00Z', to: '2026-11-23T13:00:00Z' },
      },
    });
    const session = await h.sessionFor(h.a, ticket.id);
    const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: session, origin: h.a.origin });
    assert.equal(res.status, 200);
    assert.equal(res.body.reference, 'ACME-42');
    assert.equal(res.body.status, 'on_route');
    assert.equal(res.body.timezone, 'Europe/Berlin');
    assert.deepEqual(res.body.technician, { firstName: 'Sam' });
    assert.deepEqual(res.body.eta, { from: '2026-11-23T12:00:00.000Z', to: '2026-11-23T13:00:00.000Z' });
    assert.deepEqual(
      res.body.steps.map((s: { status: string; state: string }) => `${s.status}:${s.state}`),
      [
        'received:done',
        'scheduling:done',
        'dispatched:done',
        'on_route:current',
        'onsite:upcoming',
        'completed:upcoming',
        'closed:upcoming',
      ],
    );
    assert.equal(res.body.steps[1].at, '2026-11-23T09:01:00.000Z');
    assert.equal(res.body.steps[2].at, null, 'a skipped status has no time');
    assert.equal(res.body.steps[4].at, null);
  });

  it('returns nothing the timeline does not need: no notes, contact data or address', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: session });
    const text = JSON.stringify(res.body);
    for (const secret of ['Customer was rude', 'dana@example.com', '1234567', 'Hauptstr', ticket.customer.id]) {
      assert.ok(!text.includes(secret), `leaked ${secret}`);
    }
    assert.deepEqual(Object.keys(res.body).sort(), [
      'appointment',
      'approach',
      'eta',
      'hold',
      'id',
      'labels',
      'reference',
      'status',
      'steps',
      'technician',
      'timezone',
      'title',
      'updatedAt',
    ]);
  });
});

describe('GET /v1/portal/tickets/:id — status labels', () => {
  it("uses the ticket's own profile, else its project's profile, else the tenant's default profile", async () => {
    const admin = (method: string, path: string, body?: unknown) => h.call(method, path, { auth: h.a.apiKey, body });
    const labels = (onsite: string) => ({ en: { onsite } });
    const profiles = await admin('GET', '/v1/admin/profiles');
    const fallback = profiles.body.items.find((p: { isDefault: boolean }) => p.isDefault);
    assert.equal(
      (await admin('PATCH', `/v1/admin/profiles/${fallback.id}`, { statusLabels: labels('Default: arrived') })).status,
      200,
    );
    const own = await admin('POST', '/v1/admin/profiles', { name: 'Own', statusLabels: labels('Own: arrived') });
    const viaProject = await admin('POST', '/v1/admin/profiles', {
      name: 'Project',
      statusLabels: labels('Project: arrived'),
    });
    const project = await admin('POST', '/v1/admin/projects', { name: 'Managed print', profileId: viaProject.body.id });
    assert.equal(project.status, 201);

    const cases = [
      [{ profileId: own.body.id }, 'Own: arrived'],
      [{ profileId: own.body.id, projectId: project.body.id }, 'Own: arrived'],
      [{ projectId: project.body.id }, 'Project: arrived'],
      [{}, 'Default: arrived'],
    ] as const;
    for (const [overrides, expected] of cases) {
      const ticket = await h.createTicket(h.a, overrides);
      const session = await h.sessionFor(h.a, ticket.id);
      const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}`, { auth: session });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.labels, labels(expected), JSON.stringify(overrides));
    }
  });
});
