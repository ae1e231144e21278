import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PortalGates } from '../middleware/auth';
import type { TicketStreamMessage } from '../schemas/contract/tickets';
import { startHarness, type Harness } from '../testing/harness';
import { InProcessEventBus } from './event-bus';
import { TicketFeeds, type Subscriber } from './ticket-feeds';

let h: Harness;
before(async () => (h = await startHarness()));
after(() => h.close());
/** Uncached, as a fresh process would read it. */
const portalTenant = (tenantId: string) => new PortalGates(h.db.tenants).tenant(tenantId);

function subscriber(tenantId: string, lastSent: string | null = null) {
  const received: TicketStreamMessage[] = [];
  // Messages arrive serialised, exactly as a stream writes them.
  let notify = () => {};
  const s: Subscriber & { received: TicketStreamMessage[]; until(count: number): Promise<void> } = {
    tenantId,
    lastSent,
    received,
    deliver(messages) {
      s.lastSent = messages.at(-1)!.id;
      received.push(...messages.map((m) => JSON.parse(m.data) as TicketStreamMessage));
      notify();
    },
    until: (count) =>
      new Promise<void>((resolve) => {
        const check = () => (received.length >= count ? resolve() : (notify = check));
        check();
      }),
  };
  return s;
}

describe('TicketFeeds', () => {
  it('gives each subscriber every change once, in order; a late joiner gets the newest state, not the history', async () => {
    const bus = new InProcessEventBus();
    const feeds = new TicketFeeds(h.db.tenants, h.clock, bus, portalTenant);
    const ticket = await h.createTicket(h.a);
    const post = async (status: string) => {
      const res = await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, { auth: h.a.apiKey, body: { status } });
      const eventId = res.body.events.at(-1).id;
      await bus.publish({ tenantId: h.a.tenantId, ticketId: ticket.id, eventId });
      return eventId as string;
    };
    const early = Array.from({ length: 20 }, () => subscriber(h.a.tenantId));
    const leaves = early.map((s) => feeds.join(ticket.id, s));
    await Promise.all(early.map((s) => s.until(1)));
    const ids = [ticket.events[0].id, await post('scheduling'), await post('dispatched')];
    const late = subscriber(h.a.tenantId);
    leaves.push(feeds.join(ticket.id, late));
    await late.until(1);
    ids.push(await post('on_route'));
    await Promise.all(early.map((s) => s.until(4)));
    await late.until(2);
    for (const s of early)
      assert.deepEqual(
        s.received.map((m) => m.event.id),
        ids,
      );
    assert.deepEqual(
      late.received.map((m) => m.event.id),
      ids.slice(2),
      'newest state, then live',
    );
    assert.equal(late.received.at(-1)!.ticket.status, 'on_route');
    assert.equal(feeds.openFeeds, 1);
    for (const leave of leaves) leave();
    assert.equal(feeds.openFeeds, 0, 'the feed and its bus subscription go with the last subscriber');
  });

  it('ignores signals that name another tenant, and acts on the same signal naming the ticket’s own', async () => {
    const bus = new InProcessEventBus();
    const feeds = new TicketFeeds(h.db.tenants, h.clock, bus, portalTenant);
    const ticket = await h.createTicket(h.a);
    const s = subscriber(h.a.tenantId);
    const leaves = [feeds.join(ticket.id, s)];
    await s.until(1);
    const res = await h.call('POST', `/v1/admin/tickets/${ticket.id}/events`, {
      auth: h.a.apiKey,
      body: { status: 'scheduling' },
    });
    const signal = { ticketId: ticket.id, eventId: res.body.events.at(-1).id as string };
    await bus.publish({ ...signal, tenantId: h.b.tenantId });
    // A feed runs its reads one after another: once a later joiner has its catch-up, any read the foreign signal
    // caused has been delivered. No sleep needed to see that it caused none.
    const marker = subscriber(h.a.tenantId);
    leaves.push(feeds.join(ticket.id, marker));
    await marker.until(1);
    assert.equal(
      marker.received[0]!.event.id,
      signal.eventId,
      'the joiner sees the new event, so it is in the database',
    );
    assert.equal(s.received.length, 1, 'the signal naming tenant B delivered nothing');
    // Positive control: the same signal naming tenant A is delivered.
    await bus.publish({ ...signal, tenantId: h.a.tenantId });
    await s.until(2);
    assert.deepEqual(
      s.received.map((m) => m.event.status),
      ['received', 'scheduling'],
    );
    for (const leave of leaves) leave();
  });
});
