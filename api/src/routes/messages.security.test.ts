import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_TTL_SECONDS } from '../services/sessions';
import { ORIGIN_B, startHarness, type Harness, type TestTenant } from '../testing/harness';

let h: Harness;
const profileOf: Record<string, { id: string; modules: string[] }> = {};
before(async () => {
  h = await startHarness();
  for (const tenant of [h.a, h.b]) {
    const profiles = await h.call('GET', '/v1/admin/profiles', { auth: tenant.apiKey });
    profileOf[tenant.tenantId] = profiles.body.items.find((p: { isDefault: boolean }) => p.isDefault);
    await setModules(tenant, [...profileOf[tenant.tenantId]!.modules, 'messages']);
  }
});
after(() => h.close());

async function setModules(tenant: TestTenant, modules: string[]) {
  const res = await h.call('PATCH', `/v1/admin/profiles/${profileOf[tenant.tenantId]!.id}`, {
    auth: tenant.apiKey,
    body: { modules },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const routes = (ticketId: string, messageId = '0b6f6f9e-5c7a-4d5f-9a51-1f1f4b0f3c11'): [string, string, unknown][] => [
  ['GET', `/v1/portal/tickets/${ticketId}/messages`, undefined],
  ['POST', `/v1/portal/tickets/${ticketId}/messages`, { body: 'Hello' }],
  ['POST', `/v1/portal/tickets/${ticketId}/messages/read`, { upTo: messageId }],
];
const written = async () => Number((await h.db.sql`select count(*) from ticket_comments`)[0]!.count);
const readPositions = async () =>
  Number((await h.db.sql`select count(*) from tickets where messages_read_seq > 0`)[0]!.count);

describe('ticket messages: security', () => {
  it('answers 404 for another tenant’s ticket and another ticket of the same tenant, writing nothing', async () => {
    const mine = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, mine.id);
    for (const other of [await h.createTicket(h.a), await h.createTicket(h.b)]) {
      for (const [method, path, body] of routes(other.id)) {
        const res = await h.call(method, path, { auth: session, origin: h.a.origin, body });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.body.error.code, 'NOT_FOUND');
      }
    }
    const foreign = await h.createTicket(h.b);
    const cross = await h.call('POST', `/v1/admin/tickets/${foreign.id}/thread`, {
      auth: h.a.apiKey,
      body: { body: 'x' },
    });
    assert.equal(cross.status, 404, 'tenant A’s key on tenant B’s ticket');
    assert.equal((await h.call('GET', `/v1/admin/tickets/${foreign.id}/thread`, { auth: h.a.apiKey })).status, 404);
    assert.equal(await written(), 0);
    const own = await h.call('POST', `/v1/portal/tickets/${mine.id}/messages`, {
      auth: session,
      origin: h.a.origin,
      body: { body: 'Mine' },
    });
    assert.equal(own.status, 201, 'positive control');
    assert.equal(await written(), 1);
    await h.db.sql`delete from ticket_comments`;
    await h.db.sql`update tickets set messages_read_seq = 0`;
  });

  it('answers 401 without a session, with an expired one, and without an API key on the admin side', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    for (const [method, path, body] of routes(ticket.id)) {
      const res = await h.call(method, path, { origin: h.a.origin, body });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    }
    for (const method of ['GET', 'POST']) {
      const res = await h.call(method, `/v1/admin/tickets/${ticket.id}/thread`, {
        body: method === 'POST' ? { body: 'x' } : undefined,
      });
      assert.equal(res.status, 401, `admin ${method}`);
    }
    const start = h.clock.now();
    h.clock.advance(SESSION_TTL_SECONDS * 1000 + 1000);
    try {
      const res = await h.call('POST', `/v1/portal/tickets/${ticket.id}/messages`, {
        auth: session,
        origin: h.a.origin,
        body: { body: 'Late' },
      });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'SESSION_EXPIRED');
    } finally {
      h.clock.set(start);
    }
    assert.equal(await written(), 0);
  });

  it('answers 403 SCOPE_REQUIRED without the comments scope or when the profile has no messages module', async () => {
    const ticket = await h.createTicket(h.a);
    const trackOnly = await h.sessionWithScopes(h.a, ticket, ['track']);
    for (const [method, path, body] of routes(ticket.id)) {
      const res = await h.call(method, path, { auth: trackOnly, origin: h.a.origin, body });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'SCOPE_REQUIRED');
    }
    const withComments = await h.sessionWithScopes(h.a, ticket, ['track', 'comments']);
    await setModules(h.a, profileOf[h.a.tenantId]!.modules);
    try {
      for (const [method, path, body] of routes(ticket.id)) {
        const res = await h.call(method, path, { auth: withComments, origin: h.a.origin, body });
        assert.equal(res.status, 403, `${method} ${path} without the module`);
        assert.equal(res.body.error.code, 'SCOPE_REQUIRED');
      }
      const link = await h.sessionFor(h.a, ticket.id);
      const me = await h.call('GET', '/v1/portal/me', { auth: link, origin: h.a.origin });
      assert.ok(!me.body.scopes.includes('comments'), 'a link of a profile without messages grants no comments');
    } finally {
      await setModules(h.a, [...profileOf[h.a.tenantId]!.modules, 'messages']);
    }
    assert.equal(await written(), 0);
    const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}/messages`, {
      auth: withComments,
      origin: h.a.origin,
    });
    assert.equal(res.status, 200, 'positive control');
  });

  it('a view-only share link may not read, write nor move the read position (403)', async () => {
    const ticket = await h.createTicket(h.a);
    const owner = await h.sessionFor(h.a, ticket.id);
    const company = await h.call('POST', `/v1/admin/tickets/${ticket.id}/thread`, {
      auth: h.a.apiKey,
      body: { body: 'Hi' },
    });
    const share = await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, {
      auth: owner,
      origin: h.a.origin,
      body: {},
    });
    assert.equal(share.status, 201, JSON.stringify(share.body));
    const redeemed = await h.call('POST', '/v1/portal/session', {
      body: { token: share.body.token },
      origin: h.a.origin,
    });
    const viewer = redeemed.body.session as string;
    for (const [method, path, body] of routes(ticket.id, company.body.id)) {
      const res = await h.call(method, path, { auth: viewer, origin: h.a.origin, body });
      assert.equal(res.status, 403, `${method} ${path}`);
    }
    assert.equal(await written(), 1);
    assert.equal(await readPositions(), 0);
    await h.db.sql`delete from ticket_comments`;
  });

  it('hostile bodies → 400, nothing written; CORS only for the tenant’s own origin', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const path = `/v1/portal/tickets/${ticket.id}/messages`;
    for (const body of [
      { body: 'x'.repeat(5001) },
      { body: '\u0000' },
      { body: 'x\udfffy' },
      { body: 42 },
      { body: 'ok', extra: true },
      '{"body":',
    ]) {
      const res = await h.call('POST', path, { auth: session, origin: h.a.origin, body });
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 40));
    }
    const read = await h.call('POST', `${path}/read`, { auth: session, origin: h.a.origin, body: { upTo: 'nope' } });
    assert.equal(read.status, 400);
    for (const origin of [ORIGIN_B, 'null']) {
      const res = await h.call('POST', path, { auth: session, origin, body: { body: 'Hi' } });
      assert.equal(res.status, 403, origin);
      assert.equal(res.body.error.code, 'ORIGIN_NOT_ALLOWED');
    }
    assert.equal(await written(), 0);
    assert.equal(await readPositions(), 0);
  });
});
