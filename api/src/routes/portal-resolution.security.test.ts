import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_TTL_SECONDS } from '../services/sessions';
import { ORIGIN_B, startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const routes = (ticketId: string): [string, string][] => [
  ['GET', `/v1/portal/tickets/${ticketId}/resolve`],
  ['POST', `/v1/portal/tickets/${ticketId}/resolve`],
];
const resolved = async () =>
  Number((await h.db.sql`select count(*) from ticket_events where kind = 'resolved'`)[0]!.count);

describe('portal resolution: security', () => {
  it('answers 404 for another tenant’s ticket and another ticket of the same tenant, writing nothing', async () => {
    const mine = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, mine.id);
    for (const other of [await h.createTicket(h.a), await h.createTicket(h.b)]) {
      for (const [method, path] of routes(other.id)) {
        const res = await h.call(method, path, { auth: session, origin: h.a.origin });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.body.error.code, 'NOT_FOUND');
      }
    }
    assert.equal(await resolved(), 0);
    const own = await h.call('POST', `/v1/portal/tickets/${mine.id}/resolve`, { auth: session, origin: h.a.origin });
    assert.equal(own.status, 201, 'positive control');
    assert.equal(await resolved(), 1);
    await h.db.sql`delete from ticket_events where kind = 'resolved'`;
  });

  it('answers 401 without a session and with an expired one', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    for (const [method, path] of routes(ticket.id)) {
      const res = await h.call(method, path, { origin: h.a.origin });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    }
    const start = h.clock.now();
    h.clock.advance(SESSION_TTL_SECONDS * 1000 + 1000);
    try {
      const res = await h.call('POST', `/v1/portal/tickets/${ticket.id}/resolve`, {
        auth: session,
        origin: h.a.origin,
      });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'SESSION_EXPIRED');
    } finally {
      h.clock.set(start);
    }
    assert.equal(await resolved(), 0);
  });

  it('answers 403 SCOPE_REQUIRED without the track scope', async () => {
    const ticket = await h.createTicket(h.a);
    const bookOnly = await h.sessionWithScopes(h.a, ticket, ['book']);
    for (const [method, path] of routes(ticket.id)) {
      const res = await h.call(method, path, { auth: bookOnly, origin: h.a.origin });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'SCOPE_REQUIRED');
    }
    assert.equal(await resolved(), 0);
  });

  it('grants CORS to the tenant’s own origin only', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const path = `/v1/portal/tickets/${ticket.id}/resolve`;
    const own = await h.call('GET', path, { auth: session, origin: h.a.origin });
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('access-control-allow-origin'), h.a.origin);
    for (const origin of [ORIGIN_B, 'null', `${h.a.origin}.evil.example`]) {
      const res = await h.call('POST', path, { auth: session, origin });
      assert.equal(res.status, 403, origin);
      assert.equal(res.body.error.code, 'ORIGIN_NOT_ALLOWED');
    }
    assert.equal(await resolved(), 0);
  });
});
