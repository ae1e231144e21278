import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
