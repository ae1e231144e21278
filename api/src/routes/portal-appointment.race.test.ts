import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../db/client';
import { CAPACITY, raceRound, startRace, summarize, type Race } from '../testing/booking-race';

// Longer runs: `npm run stress:booking-race -- --rounds 200` (bench/booking-race.ts).
const ROUNDS = 5;
const REQUESTS = 1000;

let race: Race;
before(async () => (race = await startRace({ rounds: ROUNDS, requests: REQUESTS })));
after(() => race.h.close());

describe('PUT /v1/portal/tickets/:id/appointment under contention', () => {
  // The embedded PGlite runs one transaction at a time: 5–35 s a round on a busy 2-core machine, hence the timeout.
  test(
    `lets exactly ${CAPACITY} of ${REQUESTS} concurrent bookings of one window through, the rest 409 SLOT_TAKEN, on ${ROUNDS} days`,
    { timeout: 480_000 },
    async () => {
      assert.equal(new Set(race.days).size, ROUNDS, 'a day of its own for every round');
      const timings: number[] = [];
      for (const day of race.days) {
        const round = await raceRound(race, day);
        timings.push(round.ms);
        assert.deepEqual(round.byStatus, { 200: CAPACITY, '409 SLOT_TAKEN': REQUESTS - CAPACITY }, day);
        assert.deepEqual(round.seats, [1, 2, 3], day);
        assert.equal(round.engineers, CAPACITY, `${day}: each on its own engineer`);
      }
      const s = summarize(timings);
      console.log(
        `[${race.h.db.kind}] ${s.rounds} rounds of ${REQUESTS} concurrent bookings, ms per round: ` +
          `min ${s.min}, median ${s.median}, max ${s.max}`,
      );
    },
  );

  test('is enforced by the database itself: a 4th seat, a taken seat and a double-booked engineer are refused', async () => {
    const { h, booking, tickets } = race;
    const day = '2026-12-31';
    assert.ok(!race.days.includes(day), 'a day no round booked');
    const [t1, t2, t3] = tickets;
    const insert = (ticketId: string, engineerId: string, seat: number, from: string, to: string) =>
      withTenant(
        h.db.sql,
        h.a.tenantId,
        (tx) => tx`
        insert into appointments (tenant_id, ticket_id, profile_id, engineer_id, day, window_no, during, seat, capacity)
        values (${h.a.tenantId}, ${ticketId}, ${booking.profileId}, ${engineerId}, ${day}, 0, tstzrange(${from}, ${to}), ${seat}, ${CAPACITY})`,
      );
    const [e1, e2] = booking.engineers;
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
});
