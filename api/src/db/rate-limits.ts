import type { Sql, Tx } from './client';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

/**
 * Counts one hit on `key` against a sliding window: it passes when fewer than `limit` hits passed in the
 * `windowSeconds` before now — the database's clock, never the caller's (in PostgreSQL, so every API process shares
 * the count). Answers the seconds until one more would pass when over the limit, else 0. Requests reach it through
 * `PreTenantLookups.rateHit`.
 */
export async function rateHit(sql: Sql, key: string, { limit, windowSeconds }: RateLimit): Promise<number> {
  // One autocommit statement, one round trip: the function is the only way to the table (security definer; the
  // table has RLS forced with no policy), so it needs no tenant transaction around it.
  const [row] = await sql<{ wait: number }[]>`select porch_rate_hit(${key}, ${limit}, ${windowSeconds}) as wait`;
  return row!.wait;
}

/**
 * Freezes the clock rate limits count by (`porch_now()`) at `at`, or lets it run again with `null`: tests and drills
 * only, and only the database owner can — the request and worker roles cannot touch `platform_clock`.
 */
export async function freezePlatformClock(ownerSql: Sql, at: Date | null): Promise<void> {
  await ownerSql`
    insert into platform_clock (frozen_at) values (${at})
    on conflict (singleton) do update set frozen_at = excluded.frozen_at`;
}

/** Drops the keys whose last passed hit is older than `before` (maintenance, any process; in a no-tenant transaction). */
export async function sweepRateLimits(tx: Tx, before: Date): Promise<number> {
  const [row] = await tx<{ removed: number }[]>`select porch_rate_sweep(${before}) as removed`;
  return row!.removed;
}

/** Deletes technician positions older than each tenant's retention after the visit (no-tenant transaction). */
export async function expirePositions(tx: Tx, now: Date): Promise<number> {
  const [row] = await tx<{ removed: number }[]>`select porch_expire_positions(${now}) as removed`;
  return row!.removed;
}
