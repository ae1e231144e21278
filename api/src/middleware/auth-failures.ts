import type { Context } from 'hono';
import type { PreTenantLookups } from '../db/pre-tenant';
import type { RateLimit } from '../db/rate-limits';
import type { Clock } from '../lib/clock';
import { ApiError } from '../lib/errors';
import { clientIp, limitKey } from './auth';
import type { AppEnv } from './types';

/** Blocked clients this process remembers at most; expired ones are dropped first when it is full. */
const MAX_REMEMBERED = 10_000;

const tooMany = (retryAfter: number) =>
  new ApiError(429, 'RATE_LIMITED', 'Too many failed attempts; try again later', { retryAfter });

/**
 * Failed credentials (unknown API keys, forged or foreign session tokens) per client address. Only failures are
 * counted, in PostgreSQL (`authFailuresPerIp`, shared by every process), so a valid credential costs no round trip.
 * A process that sees a client over the limit remembers it until the window frees a slot and refuses it before
 * verifying anything, valid credential or not: a guess that happens to be right is refused too.
 */
export class AuthFailures {
  #blockedUntil = new Map<string, number>();

  constructor(
    private readonly preTenant: PreTenantLookups,
    private readonly clock: Clock,
    private readonly trustedHops: number,
    private readonly limit: RateLimit,
  ) {}

  /** Refuses a client this process knows to be over its failure limit (a map lookup; no database). */
  check(c: Context<AppEnv>): void {
    const until = this.#blockedUntil.get(clientIp(c, this.trustedHops));
    if (until === undefined) return;
    const wait = Math.ceil((until - this.clock.now().getTime()) / 1000);
    if (wait > 0) throw tooMany(wait);
    this.#blockedUntil.delete(clientIp(c, this.trustedHops));
  }

  /** Counts the failure; answers `error` (the 401) while under the limit, else 429 with Retry-After. */
  async failed(c: Context<AppEnv>, error: ApiError): Promise<never> {
    const ip = clientIp(c, this.trustedHops);
    const now = this.clock.now();
    const wait = await this.preTenant.rateHit(limitKey('auth-fail', ip), this.limit);
    if (wait === 0) throw error;
    if (this.#blockedUntil.size >= MAX_REMEMBERED) this.#forgetExpired(now.getTime());
    if (this.#blockedUntil.size < MAX_REMEMBERED) this.#blockedUntil.set(ip, now.getTime() + wait * 1000);
    throw tooMany(wait);
  }

  #forgetExpired(now: number) {
    for (const [ip, until] of this.#blockedUntil) if (until <= now) this.#blockedUntil.delete(ip);
  }
}
