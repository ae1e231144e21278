import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_TTL_SECONDS } from '../services/sessions';
import { startHarness, type Harness } from '../testing/harness';

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
