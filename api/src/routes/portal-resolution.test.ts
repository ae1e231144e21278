import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TicketStreamMessage } from '../schemas/contract/tickets';
import { startHarness, type Harness } from '../testing/harness';
import { SseReader } from '../testing/sse';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());

const resolve = (ticketId: string, session: string) =>
  h.call('POST', `/v1/portal/tickets/${ticketId}/resolve`, { auth: session, origin: h.a.origin });
const resolution = (ticketId: string, session: string) =>
  h.call('GET', `/v1/portal/tickets/${ticketId}/resolve`, { auth: session, origin: h.a.origin });
const resolvedEvents = async (ticketId: string) => {
  const res = await h.call('GET', `/v1/admin/tickets/${ticketId}`, { auth: h.a.apiKey });
  return res.body.events.filter((e: { kind: string }) => e.kind === 'resolved');
};

describe('portal resolution', () => {
  it('records "resolved" once as a ticket event the company sees; a repeat answers the first time', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    assert.deepEqual((await resolution(ticket.id, session)).body, { resolvedAt: null, timezone: 'Europe/Berlin' });
    assert.deepEqual(await resolvedEvents(ticket.id), []);
    const first = await resolve(ticket.id, session);
    assert.equal(first.status, 201);
    assert.deepEqual(first.body, { resolvedAt: h.clock.now().toISOString(), timezone: 'Europe/Berlin' });
    h.clock.advance(60_000);
    const again = await resolve(ticket.id, session);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    const events = await resolvedEvents(ticket.id);
    assert.equal(events.length, 1);
    assert.equal(events[0].status, 'received');
    assert.deepEqual((await resolution(ticket.id, session)).body, first.body);
    const admin = await h.call('GET', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey });
    assert.equal(admin.body.status, 'received', 'the status stays the company’s');
  });

  it('pushes the resolved event on the ticket’s live stream', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const response = await h.app.request(`/v1/portal/tickets/${ticket.id}/events`, {
      headers: { authorization: `Bearer ${session}`, origin: h.a.origin },
    });
    assert.equal(response.status, 200);
    const reader = new SseReader(response);
    try {
      const first = (await reader.next())!;
      assert.equal(first.event, 'ticket');
      assert.equal((await resolve(ticket.id, session)).status, 201);
      const live = (await reader.next())!;
      assert.ok(BigInt(live.id!) > BigInt(first.id!));
      assert.equal((JSON.parse(live.data) as TicketStreamMessage).event.kind, 'resolved');
    } finally {
      await reader.cancel();
    }
  });

  it('records once under concurrent presses', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const results = await Promise.all(Array.from({ length: 5 }, () => resolve(ticket.id, session)));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 200, 200, 201]);
    assert.equal((await resolvedEvents(ticket.id)).length, 1);
  });

  it('refuses a shared view (403 SHARE_NOT_ALLOWED), writing nothing', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const share = await h.call('POST', `/v1/portal/tickets/${ticket.id}/share-links`, {
      auth: session,
      origin: h.a.origin,
      body: {},
    });
    const shared = await h.call('POST', '/v1/portal/session', {
      body: { token: share.body.token },
      origin: h.a.origin,
    });
    assert.equal(shared.status, 200);
    assert.equal((await resolution(ticket.id, shared.body.session)).status, 200);
    const res = await resolve(ticket.id, shared.body.session);
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'SHARE_NOT_ALLOWED');
    assert.deepEqual(await resolvedEvents(ticket.id), []);
    assert.equal((await resolve(ticket.id, session)).status, 201, 'the customer’s own session may');
  });
});
