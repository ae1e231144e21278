import { expirePositions as expireIn, sweepRateLimits } from '../db/rate-limits';
import { sweepTokens } from '../db/session-tokens';
import type { TenantDb } from '../db/tenant-db';
import type { Clock } from '../lib/clock';
import { withDeadline } from '../lib/deadline';
import type { Logger } from '../lib/log';

const EVERY_MS = 60_000;
/** Rate-limit windows are at most this long; older counters are dropped. */
const RATE_WINDOW_KEEP_MS = 3_600_000;

/** Deletes technician positions older than each tenant's retention after the visit. Safe to run in every process. */
export function expirePositions(db: TenantDb, clock: Clock): Promise<number> {
  return db.withoutTenant((tx) => expireIn(tx, clock.now()));
}

/** A round that takes longer is logged and given up; the next one starts on time. */
const ROUND_DEADLINE_MS = 30_000;

export function startMaintenance(db: TenantDb, clock: Clock, log: Logger, everyMs = EVERY_MS) {
  const run = () =>
    withDeadline(
      () =>
        Promise.all([
          expirePositions(db, clock).then((removed) => removed > 0 && log.info('positions_expired', { removed })),
          db.withoutTenant((tx) => sweepRateLimits(tx, new Date(clock.now().getTime() - RATE_WINDOW_KEEP_MS))),
          db.withoutTenant((tx) => sweepTokens(tx, clock.now())),
        ]),
      Math.min(ROUND_DEADLINE_MS, everyMs),
      'maintenance round',
    ).catch((error: Error) => log.error('maintenance_failed', { message: error.message }));
  const timer = setInterval(run, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
