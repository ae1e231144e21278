import { DomainError } from '../lib/outcomes';
import { withTenant, type Sql } from './client';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

/**
 * Counts one hit on `key` in its current fixed window (one upsert in PostgreSQL, so every API process shares the
 * counter) and answers the seconds to wait when the key is over its limit, else 0.
 */
export async function rateHit(sql: Sql, key: string, { limit, windowSeconds }: RateLimit, now: Date): Promise<number> {
  // One autocommit statement, one round trip: the function is the only way to the table (security definer; the
  // table has RLS forced with no policy), so it needs no tenant transaction around it.
  const [row] = await sql<
    { wait: number }[]
  >`select porch_rate_hit(${key}, ${limit}, ${windowSeconds}, ${now}) as wait`;
  return row!.wait;
}

/** Like {@link rateHit}, but refuses with 429 RATE_LIMITED and `Retry-After` when over the limit. */
export async function enforceRateLimit(sql: Sql, key: string, limit: RateLimit, now: Date): Promise<void> {
  const wait = await rateHit(sql, key, limit, now);
  if (wait > 0) throw new DomainError('rate-limited', 'Too many requests; try again later', { retryAfter: wait });
}

/** Drops counters of windows that ended before `before` (maintenance, any process). */
export async function sweepRateLimits(sql: Sql, before: Date): Promise<number> {
  const [row] = await withTenant(
    sql,
    null,
    (tx) => tx<{ removed: number }[]>`select porch_rate_sweep(${before}) as removed`,
  );
  return row!.removed;
}
