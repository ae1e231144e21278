import { withTenant, type Sql } from '../db/client';
import { sweepRateLimits } from '../db/rate-limits';
import type { Clock } from '../lib/clock';
import { withDeadline } from '../lib/deadline';
import type { Logger } from '../lib/log';

const EVERY_MS = 60_000;
/** Rate-limit windows are at most this long; older counters are dropped. */
const RATE_WINDOW_KEEP_MS = 3_600_000;

/** Deletes technician positions older than each tenant's retention after the visit. Safe to run in every process. */
export async function expirePositions(sql: Sql, clock: Clock): Promise<number> {
  const [row] = await withTenant(
    sql,
    null,
    (tx) => tx<{ removed: number }[]>`select porch_expire_positions(${clock.now()}) as removed`,
  );
  return row!.removed;
}

/** A round that takes longer is logged and given up; the next one starts on time. */
const ROUND_DEADLINE_MS = 30_000;

export function startMaintenance(sql: Sql, clock: Clock, log: Logger, everyMs = EVERY_MS) {
  const run = () =>
    withDeadline(
      () =>
        Promise.all([
          expirePositions(sql, clock).then((removed) => removed > 0 && log.info('positions_expired', { removed })),
          sweepRateLimits(sql, new Date(clock.now().getTime() - RATE_WINDOW_KEEP_MS)),
        ]),
      Math.min(ROUND_DEADLINE_MS, everyMs),
      'maintenance round',
    ).catch((error: Error) => log.error('maintenance_failed', { message: error.message }));
  const timer = setInterval(run, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
