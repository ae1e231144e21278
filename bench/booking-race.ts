import { parseArgs } from 'node:util';
import { CAPACITY, raceRound, startRace, summarize } from '../api/src/testing/booking-race';

/**
 * The booking race for long runs, outside `npm test`: `npm run stress:booking-race -- --rounds 200 [--requests 1000]`
 * (DATABASE_URL for PostgreSQL, else the embedded PGlite). Each round is `requests` concurrent bookings of one window of
 * capacity 3 on a day of its own; it stops at the first round that lets more or fewer through, exiting with 1.
 */
const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '200' }, requests: { type: 'string', default: '1000' } },
});
const rounds = Number(values.rounds);
const requests = Number(values.requests);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(requests) || requests <= CAPACITY) {
  console.error(`--rounds must be a whole number ≥ 1, --requests a whole number > ${CAPACITY}`);
  process.exit(2);
}

const race = await startRace({ rounds, requests });
const expected = JSON.stringify({ 200: CAPACITY, '409 SLOT_TAKEN': requests - CAPACITY });
const timings: number[] = [];
let failed = false;
try {
  for (const [i, day] of race.days.entries()) {
    const round = await raceRound(race, day);
    timings.push(round.ms);
    const ok =
      JSON.stringify(round.byStatus) === expected && round.seats.join() === '1,2,3' && round.engineers === CAPACITY;
    console.log(
      `round ${i + 1}/${rounds} ${day}: ${Math.round(round.ms)} ms ${ok ? 'ok' : 'FAILED'} ` +
        `${JSON.stringify(round.byStatus)} seats ${round.seats.join(',')} engineers ${round.engineers}`,
    );
    if (!ok) {
      failed = true;
      break;
    }
  }
} finally {
  await race.h.close();
}
const s = summarize(timings);
console.log(
  `[${race.h.db.kind}] ${s.rounds} rounds of ${requests} concurrent bookings, ms per round: ` +
    `min ${s.min}, median ${s.median}, p90 ${s.p90}, max ${s.max}`,
);
process.exit(failed ? 1 : 0);
