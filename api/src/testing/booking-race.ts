import { withTenant } from '../db/client';
import { RATE_LIMITS } from '../middleware/auth';
import { addDays, isoWeekday, publicHolidays, type IsoDate } from '../lib/booking-calendar';
import { SessionService } from '../services/sessions';
import { newKey, setUpBooking, slotOf, type BookingSetup } from './booking';
import { startHarness, type Harness } from './harness';
import { TEST_SECRET_BOX } from './secret';

/**
 * The booking race, shared by `routes/portal-appointment.race.test.ts` (a few rounds in the suite) and
 * `bench/booking-race.ts` (`npm run stress:booking-race -- --rounds 200`): `requests` customers book one window of
 * capacity 3 at the same moment, each round on a day of its own.
 */
export const CAPACITY = 3;
/** The harness clock stands on Monday 23 November 2026; the first raced day is two days later, past the cut-off. */
const FIRST_DAY = '2026-11-25';

export interface Race {
  h: Harness;
  booking: BookingSetup;
  tickets: { id: string; session: string }[];
  /** The days to race on, one per round, in order: weekdays that are not Berlin public holidays. */
  days: IsoDate[];
}

export interface RoundResult {
  day: IsoDate;
  ms: number;
  /** Responses counted by `200` or `<status> <error code>`. */
  byStatus: Record<string, number>;
  /** The seats and engineers of the appointments booked on the day. */
  seats: number[];
  engineers: number;
}

/** The first `count` days from `from` on which the race's tenant works: Monday to Friday, no Berlin public holiday. */
export function workingDays(from: IsoDate, count: number): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = from; days.length < count; day = addDays(day, 1)) {
    if (isoWeekday(day) <= 5 && !publicHolidays('DE', 'BE', Number(day.slice(0, 4))).has(day)) days.push(day);
  }
  return days;
}

/** `count` tickets with booking sessions, made in bulk: the race is about booking, not about creating tickets. */
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
  const sessions = new SessionService(h.db.tenants, h.clock, TEST_SECRET_BOX);
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

/** A fresh database with one morning window of capacity 3, five engineers, `requests` tickets and `rounds` days. */
export async function startRace({ rounds, requests }: { rounds: number; requests: number }): Promise<Race> {
  // Each session writes once a round, all within one window of the test's clock: long runs need a higher limit.
  const writesPerSession = {
    ...RATE_LIMITS.writesPerSession,
    limit: Math.max(RATE_LIMITS.writesPerSession.limit, rounds),
  };
  // 1,000 requests at once queue for the pool for longer than the production request deadline: this is about the
  // race, not latency.
  const h = await startHarness({ app: { rateLimits: { writesPerSession }, requestDeadlineMs: 120_000 } });
  const days = workingDays(FIRST_DAY, rounds);
  const booking = await setUpBooking(h, h.a, {
    capacity: CAPACITY,
    windows: [{ start: '08:00', end: '12:00' }],
    // The SLA reaches past the last raced day (in business days, so `rounds` plus a margin is enough).
    sla: { earliestOffset: 1, latestOffset: rounds + 10 },
    engineers: ['Ada', 'Ben', 'Cem', 'Dee', 'Eli'].map((name) => ({ name, skills: ['printer'] })),
  });
  return { h, booking, tickets: await manyTickets(h, requests), days };
}

/** One round: every ticket books window 0 of `day` at once; then the winners are freed for the next round. */
export async function raceRound({ h, booking, tickets }: Race, day: IsoDate): Promise<RoundResult> {
  const slotId = slotOf(booking.profileId, day, 0);
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
  const ms = performance.now() - started;
  const byStatus: Record<string, number> = {};
  for (const res of responses) {
    const key = res.status === 200 ? '200' : `${res.status} ${res.body?.error?.code}`;
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  const rows = await h.db.sql<{ seat: number; engineer_id: string }[]>`
    select seat, engineer_id from appointments where cancelled_at is null and day = ${day} order by seat`;
  // Every round is `requests` first bookings: a ticket that already has a visit would be moving it instead.
  await h.db.sql`update appointments set cancelled_at = now() where cancelled_at is null`;
  return { day, ms, byStatus, seats: rows.map((r) => r.seat), engineers: new Set(rows.map((r) => r.engineer_id)).size };
}

/** Fastest, median, 90th percentile and slowest of the round times, in whole milliseconds. */
export function summarize(timings: number[]) {
  const sorted = [...timings].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  // Nearest-rank percentile: the smallest value with at least 90 % of the rounds at or below it.
  const p90 = sorted[Math.ceil(sorted.length * 0.9) - 1]!;
  return {
    rounds: sorted.length,
    min: Math.round(sorted[0]!),
    median: Math.round(median),
    p90: Math.round(p90),
    max: Math.round(sorted.at(-1)!),
  };
}
