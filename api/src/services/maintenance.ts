import { expirePositions as expireIn, sweepRateLimits } from '../db/rate-limits';
import { sweepTokens } from '../db/session-tokens';
import type { TenantDb } from '../db/tenant-db';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/log';

const EVERY_MS = 60_000;
/** Rate-limit windows are at most this long; older counters are dropped. */
const RATE_WINDOW_KEEP_MS = 3_600_000;

/** Deletes technician positions older than each tenant's retention after the visit. Safe to run in every process. */
export function expirePositions(db: TenantDb, clock: Clock): Promise<number> {
  return db.withoutTenant((tx) => expireIn(tx, clock.now()));
}

export function startMaintenance(db: TenantDb, clock: Clock, log: Logger) {
  const run = () =>
    Promise.all([
      expirePositions(db, clock).then((removed) => removed > 0 && log.info('positions_expired', { removed })),
      db.withoutTenant((tx) => sweepRateLimits(tx, new Date(clock.now().getTime() - RATE_WINDOW_KEEP_MS))),
      db.withoutTenant((tx) => sweepTokens(tx, clock.now())),
    ]).catch((error: Error) => log.error('maintenance_failed', { message: error.message }));
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
