import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../app';
import type { TicketStreamMessage } from '../schemas/contract/tickets';
import { PostgresEventBus } from '../services/event-bus';
import { adminOk, bookedVisit as bookedVisitOf, setUpBooking, type BookingSetup } from '../testing/booking';
import { startHarness, type Harness } from '../testing/harness';
import { TEST_SECRET_BOX } from '../testing/secret';
import { SseReader } from '../testing/sse';

let h: Harness;
let a: BookingSetup;
before(async () => {
  h = await startHarness();
  a = await setUpBooking(h, h.a);
});
after(() => h.close());

const admin = (method: string, path: string, body?: unknown) => adminOk(h, method, path, body);
const message = (data: string) => JSON.parse(data) as TicketStreamMessage;

const bookedVisit = (day: string) => bookedVisitOf(h, a, day);

/** The ids of a ticket's `visit_problem` events, oldest first. */
const problemEvents = async (ticketId: string) =>
  (
    await h.db.sql<{ seq: string }[]>`
      select seq::text from ticket_events where ticket_id = ${ticketId} and kind = 'visit_problem' order by seq`
  ).map((row) => row.seq);

/**
 * Runs the case with the customer's stream open on `app` while the staff writes go through the harness's app: with
 * the in-process bus they are the same app (the route publishes), with PostgreSQL they are two (the trigger notifies).
 */
async function live(streamOn: (ticketId: string, session: string) => Promise<SseReader>) {
  // Two weekdays in the SLA range, each with one booked visit; the absence covers only the first visit's window.
  const first = await bookedVisit('2026-12-08');
  const other = await bookedVisit('2026-12-09');
  const [stream, control] = [await streamOn(first.id, first.session), await streamOn(other.id, other.session)];
  await Promise.all([stream.next(), control.next()]);
  const next = async (reader: SseReader) => {
    const got = (await reader.next())!;
    assert.equal(got.event, 'ticket');
    return { id: got.id, ...message(got.data) };
  };

  await admin('PUT', '/calendar-days/2026-12-08', { kind: 'closed', note: 'Staff training' });
  const closed = await next(stream);
  assert.equal(closed.event.kind, 'visit_problem');
  assert.equal(closed.ticket.appointment?.problem, 'closed');

  // Writes that change no visit send nothing: the next message is the reopening.
  await admin('PUT', '/calendar-days/2026-12-08', { kind: 'closed', note: 'Staff training (all day)' });
  await admin('PUT', '/calendar-days/2026-12-08', { kind: 'limited' });
  await admin('DELETE', '/calendar-days/2026-12-08?kind=closed');
  const reopened = await next(stream);
  assert.equal(reopened.ticket.appointment?.problem, null, 'the flag clears live');
  assert.deepEqual([closed.id, reopened.id], await problemEvents(first.id));

  const absence = await admin('POST', `/engineers/${first.engineerId}/absences`, {
    from: '2026-12-08T09:00:00+01:00',
    to: '2026-12-08T10:00:00+01:00',
    reason: 'Sick',
  });
  const away = await next(stream);
  assert.equal(away.event.kind, 'visit_problem');
  assert.equal(away.ticket.appointment?.problem, 'engineer');
  await admin('DELETE', `/engineers/${first.engineerId}/absences/${absence.id}`);
  assert.equal((await next(stream)).ticket.appointment?.problem, null);
  await admin('DELETE', `/calendar-days/2026-12-08?kind=limited`);

  // The other ticket's visit is on another day: none of that reached its stream. Positive control: its own day
  // closing does, as the very next message.
  await admin('PUT', '/calendar-days/2026-12-09', { kind: 'closed' });
  const own = await next(control);
  assert.equal(own.ticket.appointment?.problem, 'closed');
  assert.deepEqual(await problemEvents(other.id), [own.id], 'one event, the control’s');
  await admin('DELETE', '/calendar-days/2026-12-09?kind=closed');
  await next(control);

  // A new parts window is a visit change too.
  await admin('PUT', `/tickets/${first.id}/parts`, { partsFrom: '2026-12-14', partsTo: '2026-12-18' });
  assert.equal((await next(stream)).ticket.appointment?.problem, 'parts');
  await Promise.all([stream.cancel(), control.cancel()]);
}

describe('a staff write that makes a booked visit impossible (or possible again) reaches the open customer page', () => {
  it('in one process (in-process bus: the route publishes)', async () => {
    await live(async (ticketId, session) => {
      const res = await h.app.request(`/v1/portal/tickets/${ticketId}/events`, {
        headers: { authorization: `Bearer ${session}` },
      });
      assert.equal(res.status, 200);
      return new SseReader(res);
    });
  });

  it(
    'across processes (PostgreSQL LISTEN/NOTIFY: the stream is open on another app)',
    { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL' },
    async () => {
      const bus = new PostgresEventBus(h.db.sql);
      await bus.ready();
      const app = createApp({ secretBox: TEST_SECRET_BOX, sql: h.db.appSql, clock: h.clock, bus });
      try {
        await live(async (ticketId, session) => {
          const res = await app.request(`/v1/portal/tickets/${ticketId}/events`, {
            headers: { authorization: `Bearer ${session}` },
          });
          assert.equal(res.status, 200);
          return new SseReader(res);
        });
      } finally {
        await bus.close();
      }
    },
  );
});
