import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { createStaff, createStaffSession } from '../db/staff';
import type { StaffRole } from '../schemas/staff';
import { SESSION_TTL_SECONDS } from '../services/sessions';
import { startHarness, type Harness, type TestTenant } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const mail = {
  name: 'Link',
  trigger: 'ticket_created',
  channel: 'email',
  templates: { en: { subject: 'Hi', body: 'Track it: {{portal.link}}' } },
};

describe('automated actions and outbox: security', () => {
  it('needs an API key', async () => {
    for (const [method, path] of [
      ['GET', '/v1/admin/automated-actions'],
      ['POST', '/v1/admin/automated-actions'],
    ] as const) {
      const res = await h.call(method, path, { body: method === 'POST' ? mail : undefined });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    }
    const wrong = await h.call('GET', '/v1/admin/automated-actions', { auth: 'porch_sk_nope' });
    assert.equal(wrong.body.error.code, 'API_KEY_INVALID');
  });

  it('answers 404 for another tenant’s actions, tickets and messages, and changes nothing', async () => {
    const action = (await h.call('POST', '/v1/admin/automated-actions', { auth: h.a.apiKey, body: mail })).body;
    const ticket = await h.createTicket(h.a);
    const [message] = (await h.call('GET', `/v1/admin/tickets/${ticket.id}/messages`, { auth: h.a.apiKey })).body.items;
    assert.ok(message, 'tenant A’s action wrote a message');
    const calls: [string, string, unknown?][] = [
      ['GET', `/v1/admin/automated-actions/${action.id}`],
      ['PATCH', `/v1/admin/automated-actions/${action.id}`, { enabled: false }],
      ['DELETE', `/v1/admin/automated-actions/${action.id}`],
      ['GET', `/v1/admin/tickets/${ticket.id}/messages`],
      ['GET', `/v1/admin/outbox/${message.id}`],
      ['POST', `/v1/admin/outbox/${message.id}/resend`, { force: true }],
    ];
    for (const [method, path, body] of calls) {
      const res = await h.call(method, path, { auth: h.b.apiKey, body });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
    const still = await h.call('GET', `/v1/admin/automated-actions/${action.id}`, { auth: h.a.apiKey });
    assert.equal(still.body.enabled, true);
    const count = await h.db.sql`select count(*)::int as n from outbox where ticket_id = ${ticket.id}`;
    assert.equal(count[0]!.n, 1);
    assert.deepEqual((await h.call('GET', '/v1/admin/automated-actions', { auth: h.b.apiKey })).body.items, []);
  });

  it('cannot condition an action on another tenant’s project or profile', async () => {
    const project = await h.call('POST', '/v1/admin/projects', { auth: h.a.apiKey, body: { name: 'A only' } });
    const profile = (await h.call('GET', '/v1/admin/profiles', { auth: h.a.apiKey })).body.items[0];
    for (const condition of [{ projectId: project.body.id }, { profileId: profile.id }]) {
      const res = await h.call('POST', '/v1/admin/automated-actions', {
        auth: h.b.apiKey,
        body: { ...mail, condition },
      });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
  });

  it('another tenant’s ticket change fires none of this tenant’s actions', async () => {
    const ticket = await h.createTicket(h.b);
    const res = await h.call('GET', `/v1/admin/tickets/${ticket.id}/messages`, { auth: h.b.apiKey });
    assert.deepEqual(res.body.items, []);
  });

  it('sends no CORS grant on admin routes', async () => {
    const res = await h.call('GET', '/v1/admin/automated-actions', { auth: h.a.apiKey, origin: h.a.origin });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });
});

/** A console session of a new staff member with this role; calls carry its cookie, CSRF token and the API's origin. */
async function staffOf(tenant: TestTenant, role: StaffRole) {
  const session = await withTenant(h.db.sql, tenant.tenantId, async (tx) => {
    const staff = await createStaff(tx, tenant.tenantId, `${role}-${Math.random()}@staff.example`, role, h.clock.now());
    return createStaffSession(tx, tenant.tenantId, staff.id, null, h.clock.now());
  });
  return (method: string, path: string, body?: unknown, csrf: string | null = session.csrfToken) =>
    h.call(method, path, {
      body,
      origin: 'http://localhost',
      headers: { cookie: `porch_staff=${session.token}`, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    });
}

describe('automated-action options and preview: security', () => {
  const draft = { channel: 'email', templates: { en: { subject: '{{company.name}}', body: 'Hi' } } };

  it('needs credentials', async () => {
    const options = await h.call('GET', '/v1/admin/automated-actions/options');
    const preview = await h.call('POST', '/v1/admin/automated-actions/preview', { body: draft });
    for (const res of [options, preview]) {
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    }
  });

  it('renders with the caller’s own company only', async () => {
    for (const [tenant, name] of [
      [h.a, 'Acme Printer Repair'],
      [h.b, 'Globex HVAC'],
    ] as const) {
      const res = await h.call('POST', '/v1/admin/automated-actions/preview', { auth: tenant.apiKey, body: draft });
      assert.equal(res.status, 200);
      assert.equal(res.body.templates.en.subject, name);
    }
  });

  it('an owner previews from the console with the CSRF token only; a dispatcher reads the options, never previews', async () => {
    const owner = await staffOf(h.a, 'owner');
    assert.equal((await owner('POST', '/v1/admin/automated-actions/preview', draft)).status, 200);
    const forged = await owner('POST', '/v1/admin/automated-actions/preview', draft, null);
    assert.equal(forged.status, 403);
    assert.equal(forged.body.error.code, 'CSRF_FAILED');
    const dispatcher = await staffOf(h.a, 'dispatcher');
    assert.equal((await dispatcher('GET', '/v1/admin/automated-actions/options')).status, 200);
    const refused = await dispatcher('POST', '/v1/admin/automated-actions/preview', draft);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'ROLE_FORBIDDEN');
  });
});

describe('portal comments: security', () => {
  it('answers 404 for another ticket, 401 without or with an expired session, 403 without track', async () => {
    const mine = await h.createTicket(h.a);
    const other = await h.createTicket(h.a);
    const foreign = await h.createTicket(h.b);
    const session = await h.sessionFor(h.a, mine.id);
    for (const id of [other.id, foreign.id]) {
      const res = await h.call('GET', `/v1/portal/tickets/${id}/comments`, { auth: session, origin: h.a.origin });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
    const none = await h.call('GET', `/v1/portal/tickets/${mine.id}/comments`);
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'UNAUTHENTICATED');
    const narrow = await h.sessionWithScopes(h.a, mine, ['invoices']);
    const scoped = await h.call('GET', `/v1/portal/tickets/${mine.id}/comments`, { auth: narrow });
    assert.equal(scoped.status, 403);
    assert.equal(scoped.body.error.code, 'SCOPE_REQUIRED');
    const start = h.clock.now();
    h.clock.advance(SESSION_TTL_SECONDS * 1000 + 1000);
    const expired = await h.call('GET', `/v1/portal/tickets/${mine.id}/comments`, { auth: session });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, 'SESSION_EXPIRED');
    h.clock.set(start);
  });

  it('CORS: the tenant’s origin is granted, others are refused', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const ok = await h.call('GET', `/v1/portal/tickets/${ticket.id}/comments`, { auth: session, origin: h.a.origin });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), h.a.origin);
    const refused = await h.call('GET', `/v1/portal/tickets/${ticket.id}/comments`, {
      auth: session,
      origin: h.b.origin,
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'ORIGIN_NOT_ALLOWED');
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
  });
});
