import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTenant } from '../db/client';
import { addDays, isoWeekday } from '../services/booking-calendar';
import { SessionService } from '../services/sessions';
import { newKey, setUpBooking, slotOf, type BookingSetup } from './booking';
import { startHarness, type Harness } from './harness';

const REQUESTS = 1000;
const CAPACITY = 3;

/** `count` tickets with booking sessions, made in bulk: the test is about the race, not about creating tickets. */
async function manyTickets(h: Harness, count: number) {
  const { tenantId } = h.a;
  const rows = await h.db.sql<{ id: string; customer_id: string }[]>`
    with c as (
      insert into customers (tenant_id, name) select ${tenantId}, 'Customer ' || n from generate_series(1, ${count}::int) n
      returning id
    ), l as (
      insert into locations (tenant_id, customer_id, line1, city, postal_code, country, timezone)
      select ${tenantId}, id, 'Hauptstr. 1', 'Berlin', '10115', 'DE', 'Europe/Berlin' from c returning id, customer_id
    )
    insert into tickets (tenant_id, customer_id, location_id, title, skills, created_at)
    select ${tenantId}, customer_id, id, 'Printer jams', '{printer}', ${h.clock.now()} from l
    returning id, customer_id`;
  const sessions = new SessionService(h.db.sql, h.clock);
  return withTenant(h.db.sql, tenantId, async (tx) => {
    const out = [];
    for (const row of rows) {
      const { session } = await sessions.issue(tx, {
        tenantId,
        customerId: row.customer_id,
        ticketId: row.id,
        scopes: ['track', 'book'],
        via: 'ticket',
      });
      out.push({ id: row.id, session });
    }
    return out;
  });
}

/** The next `count` weekdays from `from`. */
function weekdays(from: string, count: number) {
  const days: string[] = [];
  for (let day = from; days.length < count; day = addDays(day, 1)) if (isoWeekday(day) <= 5) days.push(day);
  return days;
}

/**
 * The booking race, shared by the `portal-appointment.race-N.test.ts` files: 1,000 concurrent bookings of one
 * window of capacity 3, `rounds` times, each on its own day. The 20 rounds are split over ten files of two
 * because the embedded PGlite runs one transaction at a time (10–25 s a round on a busy machine) and every test file must finish
 * within the suite's per-file timeout.
 */
export function raceTest(rounds: number, options: { databaseRefuses?: boolean } = {}) {
  let h: Harness;
  let a: BookingSetup;
  let tickets: { id: string; session: string }[];

  before(async () => {
    // 1,000 requests at once queue for the pool for longer than the production request deadline: this is about
    // the race, not latency.
    h = await startHarness({ app: { requestDeadlineMs: 120_000 } });
    a = await setUpBooking(h, h.a, {
      capacity: CAPACITY,
      windows: [{ start: '08:00', end: '12:00' }],
      sla: { earliestOffset: 1, latestOffset: 60 },
      engineers: ['Ada', 'Ben', 'Cem', 'Dee', 'Eli'].map((name) => ({ name, skills: ['printer'] })),
    });
    tickets = await manyTickets(h, REQUESTS);
  });
  after(() => h.close());

  describe('PUT /v1/portal/tickets/:id/appointment under contention', () => {
    it(`lets exactly ${CAPACITY} of ${REQUESTS} concurrent bookings of one window through, the rest 409 SLOT_TAKEN, ${rounds} times`, async () => {
      const timings: number[] = [];
      // No Berlin holidays fall between 25 November and 18 December 2026.
      for (const day of weekdays('2026-11-25', rounds)) {
        const slotId = slotOf(a.profileId, day, 0);
        const started = performance.now();
        const responses = await Promise.all(
          tickets.map((t) =>
            h.call('PUT', `/v1/portal/tickets/${t.id}/appointment`, {
              auth: t.session,
              headers: { 'idempotency-key': newKey() },
              body: { slotId },
            }),
          ),
        );
        timings.push(performance.now() - started);
        const byStatus = new Map<string, number>();
        for (const res of responses) {
          const key = res.status === 200 ? '200' : `${res.status} ${res.body?.error?.code}`;
          byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
        }
        assert.deepEqual(Object.fromEntries(byStatus), { 200: CAPACITY, '409 SLOT_TAKEN': REQUESTS - CAPACITY }, day);
        const rows = await h.db
          .sql`select seat, engineer_id from appointments where cancelled_at is null and day = ${day} order by seat`;
        assert.deepEqual(
          rows.map((r) => r.seat),
          [1, 2, 3],
          day,
        );
        assert.equal(new Set(rows.map((r) => r.engineer_id)).size, CAPACITY, 'each on its own engineer');
        // Free the winners for the next round, so every round is 1,000 first bookings.
        await h.db.sql`update appointments set cancelled_at = now() where cancelled_at is null`;
      }
      const sorted = [...timings].sort((x, y) => x - y);
      console.log(
        `[${h.db.kind}] ${rounds} rounds of ${REQUESTS} concurrent bookings: median ${Math.round(sorted[rounds >> 1]!)} ms, slowest ${Math.round(sorted.at(-1)!)} ms per round`,
      );
    });

    if (options.databaseRefuses) {
      it('is enforced by the database itself: a 4th seat, a taken seat and a double-booked engineer are refused', async () => {
        const day = '2026-12-31';
        const [t1, t2, t3] = tickets;
        const insert = (ticketId: string, engineerId: string, seat: number, from: string, to: string) =>
          withTenant(
            h.db.sql,
            h.a.tenantId,
            (tx) => tx`
            insert into appointments (tenant_id, ticket_id, profile_id, engineer_id, day, window_no, during, seat, capacity)
            values (${h.a.tenantId}, ${ticketId}, ${a.profileId}, ${engineerId}, ${day}, 0, tstzrange(${from}, ${to}), ${seat}, ${CAPACITY})`,
          );
        const [e1, e2] = a.engineers;
        await insert(t1!.id, e1!.id, 1, '2026-12-31T07:00Z', '2026-12-31T11:00Z');
        await assert.rejects(
          insert(t2!.id, e2!.id, 4, '2026-12-31T07:00Z', '2026-12-31T11:00Z'),
          { code: '23514' },
          'seat above capacity',
        );
        await assert.rejects(
          insert(t2!.id, e2!.id, 1, '2026-12-31T07:00Z', '2026-12-31T11:00Z'),
          { code: '23505' },
          'seat taken',
        );
        await assert.rejects(
          insert(t3!.id, e1!.id, 2, '2026-12-31T10:00Z', '2026-12-31T12:00Z'),
          { code: '23P01' },
          'engineer overlaps',
        );
      });
    }
  });
}
