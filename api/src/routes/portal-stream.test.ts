import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../app';
import type { TicketStreamMessage } from '../schemas/contract/tickets';
import { SESSION_TTL_SECONDS } from '../services/sessions';
import { startHarness, type Harness } from '../testing/harness';
import { SseReader } from '../testing/sse';
import { TEST_SECRET_BOX } from '../testing/secret';

let h: Harness;
const shutdown = new AbortController();
before(async () => (h = await startHarness({ app: { heartbeatMs: 25, shutdown: shutdown.signal } })));
after(() => h.close());

const stream = async (ticketId: string, session: string, lastEventId?: string) => {
  const headers: Record<string, string> = { authorization: `Bearer ${session}`, origin: h.a.origin };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const response = await h.app.request(`/v1/portal/tickets/${ticketId}/events`, { headers });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  return new SseReader(response);
};
const body = (data: string) => JSON.parse(data) as TicketStreamMessage;
const post = (ticketId: string, event: object) =>
  h.call('POST', `/v1/admin/tickets/${ticketId}/events`, { auth: h.a.apiKey, body: event });

describe('GET /v1/portal/tickets/:id/events', () => {
  it('starts with the current state under the newest event id, then pushes each change live', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const reader = await stream(ticket.id, session);
    const first = (await reader.next())!;
    assert.equal(first.event, 'ticket');
    assert.equal(first.id, ticket.events[0].id);
    assert.equal(first.retry, 2000);
    assert.equal(body(first.data).ticket.status, 'received');

    await post(ticket.id, { status: 'on_route', technician: { firstName: 'Sam' } });
    const live = (await reader.next())!;
    assert.ok(BigInt(live.id!) > BigInt(first.id!));
    assert.equal(body(live.data).event.status, 'on_route');
    assert.equal(body(live.data).ticket.technician?.firstName, 'Sam');
    assert.equal(body(live.data).ticket.steps.find((s) => s.state === 'current')?.status, 'on_route');
    await reader.cancel();
  });

  it('streams over a real HTTP connection through the production server adapter', async () => {
    await h.overHttp(async (baseUrl) => {
      const ticket = await h.createTicket(h.a);
      const session = await h.sessionFor(h.a, ticket.id);
      const abort = new AbortController();
      const response = await fetch(`${baseUrl}/v1/portal/tickets/${ticket.id}/events`, {
        headers: { authorization: `Bearer ${session}` },
        signal: abort.signal,
      });
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const reader = new SseReader(response);
      assert.equal((await reader.next())!.id, ticket.events[0].id);
      await post(ticket.id, { status: 'scheduling' });
      assert.equal(body((await reader.next())!.data).ticket.status, 'scheduling');
      assert.ok(await reader.untilComment(), 'heartbeats flow over the socket too');
      abort.abort();
    });
  });

  it('replays exactly what a reconnect missed, from the event table, then continues live: no gap, no duplicate', async () => {
    const ticket = await h.createTicket(h.a, {
      location: { line1: 'A', city: 'Berlin', country: 'DE', timezone: 'Europe/Berlin', lat: 52.52, lng: 13.405 },
    });
    const session = await h.sessionFor(h.a, ticket.id);
    const firstConnection = await stream(ticket.id, session);
    const seen = [(await firstConnection.next())!.id!];
    await firstConnection.cancel();

    const missed: string[] = [];
    for (const event of [{ status: 'dispatched' }, { status: 'on_route' }, { position: { lat: 52.6, lng: 13.5 } }]) {
      await post(ticket.id, event);
    }
    const admin = await h.call('GET', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey });
    missed.push(...admin.body.events.slice(1).map((e: { id: string }) => e.id));
    assert.equal(missed.length, 3);

    const resumed = await stream(ticket.id, session, seen[0]);
    const replayed = await resumed.take(3);
    assert.deepEqual(
      replayed.map((m) => m.id),
      missed,
    );
    assert.deepEqual(
      replayed.map((m) => body(m.data).event.kind),
      ['status', 'status', 'position'],
    );
    await post(ticket.id, { status: 'onsite' });
    const next = (await resumed.next())!;
    assert.equal(body(next.data).event.status, 'onsite');
    const all = [...seen, ...replayed.map((m) => m.id!), next.id!];
    assert.equal(new Set(all).size, all.length, 'no duplicates');
    assert.deepEqual(
      all,
      [...all].sort((x, y) => Number(BigInt(x) - BigInt(y))),
      'in order',
    );
    await resumed.cancel();
  });

  it('orders by event id as a number across digit boundaries (9 before 10, 99 before 100)', async () => {
    const ticket = await h.createTicket(h.a, {
      location: { line1: 'A', city: 'Berlin', country: 'DE', timezone: 'Europe/Berlin', lat: 52.52, lng: 13.405 },
    });
    await post(ticket.id, { status: 'on_route' });
    for (let i = 0; i < 105; i++) await post(ticket.id, { position: { lat: 52.6 - i / 1000, lng: 13.5 } });
    const session = await h.sessionFor(h.a, ticket.id);
    const ids: string[] = (await h.call('GET', `/v1/admin/tickets/${ticket.id}`, { auth: h.a.apiKey })).body.events.map(
      (e: { id: string }) => e.id,
    );
    const fresh = await stream(ticket.id, session);
    const first = (await fresh.next())!.id;
    await fresh.cancel();
    assert.equal(first, ids.at(-1), 'a fresh stream starts at the newest event');
    const from = ids.find((id) => id.length < ids.at(-1)!.length)!;
    const resumed = await stream(ticket.id, session, from);
    const replayed = (await resumed.take(ids.length - ids.indexOf(from) - 1)).map((m) => m.id!);
    await resumed.cancel();
    assert.deepEqual(replayed, ids.slice(ids.indexOf(from) + 1));
    assert.ok(
      replayed.some((id) => id.length > from.length),
      'the replay crossed a digit boundary',
    );
  });

  it('numbers events per ticket: ids reveal nothing of other tickets or tenants', async () => {
    const mine = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, mine.id);
    const reader = await stream(mine.id, session);
    assert.equal((await reader.next())!.id, '1', 'the creation is event 1 of its ticket');
    for (let i = 0; i < 5; i++) {
      const other = await h.createTicket(i % 2 ? h.a : h.b);
      await post(other.id, { status: 'scheduling' });
    }
    await post(mine.id, { status: 'scheduling' });
    const next = (await reader.next())!;
    assert.equal(next.id, '2', 'ten events elsewhere in between leave no gap');
    assert.equal(body(next.data).event.id, '2');
    await reader.cancel();
    const resumed = await stream(mine.id, session, '1');
    assert.equal((await resumed.next())!.id, '2', 'Last-Event-ID resumes on the ticket-local ids');
    await resumed.cancel();
  });

  it('sends heartbeat comments on an idle stream', async () => {
    const ticket = await h.createTicket(h.a);
    const reader = await stream(ticket.id, await h.sessionFor(h.a, ticket.id));
    await reader.next();
    assert.equal(await reader.untilComment(), true);
    await reader.cancel();
  });

  it('rejects a malformed Last-Event-ID', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const res = await h.call('GET', `/v1/portal/tickets/${ticket.id}/events`, {
      auth: session,
      headers: { 'last-event-id': '1; drop table' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
  });

  it('ends the stream with session-expired when the session runs out', async () => {
    const ticket = await h.createTicket(h.a);
    const session = await h.sessionFor(h.a, ticket.id);
    const start = h.clock.now();
    h.clock.advance(SESSION_TTL_SECONDS * 1000 - 50);
    const reader = await stream(ticket.id, session);
    await reader.next();
    const last = (await reader.next())!;
    assert.equal(last.event, 'session-expired');
    assert.equal(await reader.next(), null, 'the stream is closed');
    h.clock.set(start);
  });

  it('on shutdown tells every open stream to reconnect, then closes it', async () => {
    const ticket = await h.createTicket(h.a);
    const readers = [
      await stream(ticket.id, await h.sessionFor(h.a, ticket.id)),
      await stream(ticket.id, await h.sessionFor(h.a, ticket.id)),
    ];
    for (const reader of readers) await reader.next();
    shutdown.abort();
    for (const reader of readers) {
      const message = (await reader.next())!;
      assert.equal(message.event, 'reconnect');
      assert.ok(JSON.parse(message.data).retryMs >= 500);
      assert.equal(await reader.next(), null);
    }
  });
});

describe('event bus: in-process (embedded database)', () => {
  it('delivers to every stream of the ticket and to no other ticket’s stream', async () => {
    const app = createApp({ secretBox: TEST_SECRET_BOX, sql: h.db.appSql, clock: h.clock });
    const [one, two] = [await h.createTicket(h.a), await h.createTicket(h.a)];
    const open = async (id: string) => {
      const res = await app.request(`/v1/portal/tickets/${id}/events`, {
        headers: { authorization: `Bearer ${await h.sessionFor(h.a, id)}` },
      });
      const reader = new SseReader(res);
      await reader.next();
      return reader;
    };
    const [a1, a2, b] = [await open(one.id), await open(one.id), await open(two.id)];
    await app.request(`/v1/admin/tickets/${one.id}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.a.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'scheduling' }),
    });
    await app.request(`/v1/admin/tickets/${two.id}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.a.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'closed' }),
    });
    assert.equal(body((await a1.next())!.data).ticket.status, 'scheduling');
    assert.equal(body((await a2.next())!.data).ticket.status, 'scheduling');
    assert.equal(
      body((await b.next())!.data).ticket.status,
      'closed',
      'the other ticket’s stream saw only its own change',
    );
    await Promise.all([a1.cancel(), a2.cancel(), b.cancel()]);
  });
});
