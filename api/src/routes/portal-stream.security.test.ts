import { TEST_SECRET_BOX } from '../testing/secret';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../app';
import { startHarness, type Harness } from '../testing/harness';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

describe('ticket event stream: security', () => {
  it('answers 404 for another tenant’s ticket and for another ticket of the same tenant', async () => {
    const mine = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, mine.id);
    for (const other of [await h.createTicket(h.b), await h.createTicket(h.a)]) {
      const res = await h.call('GET', `/v1/portal/tickets/${other.id}/events`, { auth: session, origin: h.a.origin });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
  });

  it('answers 401 without a valid session and 403 without the track scope', async () => {
    const ticket = await h.createTicket(h.a);
    const path = `/v1/portal/tickets/${ticket.id}/events`;
    assert.equal((await h.call('GET', path)).body.error.code, 'UNAUTHENTICATED');
    assert.equal((await h.call('GET', path, { auth: 'x.y.z' })).body.error.code, 'SESSION_INVALID');
    const session = await h.sessionWithScopes(h.a, ticket, ['book']);
    const res = await h.call('GET', path, { auth: session });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'SCOPE_REQUIRED');
  });

  it('refuses a foreign origin before the stream opens', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}/events`, {
      auth: session,
      origin: 'https://acme.example.evil.test',
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'ORIGIN_NOT_ALLOWED');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('never carries the session in the URL: a token in the query string is ignored', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}/events?token=${session}`);
    assert.equal(res.status, 401);
  });
});

describe('open event streams are capped per session and per client', () => {
  it('opens the cap-th stream, refuses the next with 429, and lets one more in when one closes', async () => {
    const app = createApp({
      secretBox: TEST_SECRET_BOX,
      sql: h.db.sql,
      clock: h.clock,
      streamLimits: { perSession: 3, perClient: 5 },
    });
    const ticket = await h.createTicket(h.a);
    const open = (session: string, ip: string) =>
      app.request(
        `/v1/portal/tickets/${ticket.id}/events`,
        { headers: { authorization: `Bearer ${session}` } },
        { incoming: { socket: { remoteAddress: ip } } },
      );
    const first = await h.sessionFor(h.a, ticket.id);
    const held: Response[] = [];
    const cleanup = () => Promise.all(held.splice(0).map((res) => res.body?.cancel()));
    try {
      for (let i = 0; i < 3; i++) {
        const res = await open(first, `198.18.9.${i}`);
        assert.equal(res.status, 200, `stream ${i + 1} of the session opens`);
        held.push(res);
      }
      const refused = await open(first, '198.18.9.50');
      assert.equal(refused.status, 429);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'RATE_LIMITED');
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      await held.shift()!.body!.cancel();
      await new Promise((resolve) => setImmediate(resolve));
      const again = await open(first, '198.18.9.50');
      assert.equal(again.status, 200, 'closing one frees its slot');
      held.push(again);

      // Per client: five streams from one /64 with fresh sessions, then the sixth is refused.
      const freshSession = () => (h.clock.advance(1000), h.sessionFor(h.a, ticket.id));
      for (let i = 0; i < 5; i++) {
        const res = await open(await freshSession(), `2001:db8:9:9::${i + 1}`);
        assert.equal(res.status, 200);
        held.push(res);
      }
      const crowded = await open(await freshSession(), '2001:db8:9:9::77');
      assert.equal(crowded.status, 429);
    } finally {
      await cleanup();
    }
  });
});
