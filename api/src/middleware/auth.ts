import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { isCustomersTicket } from '../db/access';
import { getJob, type JobViewer } from '../db/jobs';
import type { PreTenantLookups } from '../db/pre-tenant';
import type { RateLimit } from '../db/rate-limits';
import type { TenantDb } from '../db/tenant-db';
import { getPortalTenant, type PortalTenant } from '../db/tenants';
import type { Clock } from '../lib/clock';
import { addressGroup, forwardedClient } from '../lib/client-ip';
import { ApiError, notFound } from '../lib/errors';
import { sha256 } from '../lib/tokens';
import { TtlCache } from '../lib/ttl-cache';
import type { Scope } from '../schemas/contract/access';
import { PORTAL_DISABLED_DEFAULT } from '../schemas/contract/errors';
import type { Module } from '../schemas/contract/portal';
import type { SessionService } from '../services/sessions';
import { ORIGINS_CACHE_MS } from './cors';
import type { AuthFailures } from './auth-failures';
import type { AppEnv } from './types';

function bearer(header: string | undefined): string | null {
  const match = header?.match(/^Bearer ([\x21-\x7e]{1,4096})$/);
  return match ? match[1]! : null;
}

function scopeToTenant(c: Context<AppEnv>, db: TenantDb, tenantId: string) {
  c.set('tenantId', tenantId);
  c.set('tx', (fn) => db.withTenant(tenantId, fn));
}

const unauthenticated = () => new ApiError(401, 'UNAUTHENTICATED', 'Send credentials as Authorization: Bearer <token>');

/**
 * The gate every portal request passes once its tenant is known: the Origin must be on the tenant's list (a
 * request without Origin is not from a browser page and is let through), and the portal must be switched on.
 * Tenants are cached per process: another process's change arrives within `ORIGINS_CACHE_MS`; this process's own
 * admin writes call `forget`, so they show at once.
 */
export class PortalGates {
  #cache: TtlCache<string, PortalTenant | undefined>;

  constructor(private readonly db: TenantDb) {
    this.#cache = new TtlCache(ORIGINS_CACHE_MS);
  }

  tenant(tenantId: string): Promise<PortalTenant | undefined> {
    return this.#cache.get(tenantId, () => this.db.withTenant(tenantId, getPortalTenant));
  }

  forget(tenantId: string): void {
    this.#cache.delete(tenantId);
  }

  async check(
    c: { req: { header(name: string): string | undefined }; set(key: 'cors', value: 'allow' | 'deny'): void },
    tenantId: string,
  ): Promise<PortalTenant> {
    const gate = await this.tenant(tenantId);
    if (!gate) throw new ApiError(401, 'SESSION_INVALID', 'The session token is not valid');
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      if (!gate.allowedOrigins.includes(origin)) {
        c.set('cors', 'deny');
        throw new ApiError(403, 'ORIGIN_NOT_ALLOWED', 'This page is not allowed to use the portal');
      }
      c.set('cors', 'allow');
    }
    if (!gate.portalEnabled) {
      throw new ApiError(403, 'PORTAL_DISABLED', gate.portalDisabledMessage ?? PORTAL_DISABLED_DEFAULT);
    }
    return gate;
  }
}

/** How many requests of a kind one client may make; counted in PostgreSQL so every process shares them. */
export const RATE_LIMITS = {
  /** Link and identity redeems per IP address. */
  redeemPerIp: { limit: 30, windowSeconds: 60 },
  /** "Email me a new link" requests per IP address. */
  linkRequestPerIp: { limit: 10, windowSeconds: 600 },
  /** Mails per address: further requests within the window are accepted and dropped. */
  linkRequestPerEmail: { limit: 1, windowSeconds: 60 },
  /** Writes (anything but GET/HEAD) per session. */
  writesPerSession: { limit: 30, windowSeconds: 60 },
  /** Unknown API keys and forged session tokens per IP address; over it, every attempt is refused until it frees. */
  authFailuresPerIp: { limit: 20, windowSeconds: 300 },
} satisfies Record<string, RateLimit>;

export type RateLimits = typeof RATE_LIMITS;

/**
 * The client's address group for rate limits (see `forwardedClient` for `trustedHops`, `addressGroup` for IPv6
 * /64s). Stored only inside a hashed rate-limit key.
 */
export function clientIp(c: Context<AppEnv>, trustedHops: number): string {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
  return addressGroup(forwardedClient(c.req.header('x-forwarded-for'), socket?.remoteAddress, trustedHops));
}

/** Counts a hit on `key`; over the limit, refuses with 429 RATE_LIMITED and `Retry-After`. */
export async function enforceRateLimit(preTenant: PreTenantLookups, key: string, limit: RateLimit) {
  const wait = await preTenant.rateHit(key, limit);
  if (wait > 0) throw new ApiError(429, 'RATE_LIMITED', 'Too many requests; try again later', { retryAfter: wait });
}

/** A rate-limit key that names its subject only by hash (no IP address or email rests in the table). */
export const limitKey = (kind: string, subject: string) =>
  `${kind}:${sha256(subject).toString('base64url').slice(0, 27)}`;

/** Portal routes: a session JWT, then the tenant's gate; writes are rate-limited per session. */
export function sessionAuth(
  db: TenantDb,
  preTenant: PreTenantLookups,
  sessions: SessionService,
  gates: PortalGates,
  clock: Clock,
  writesPerSession: RateLimit,
  failures: AuthFailures,
) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (!token) throw unauthenticated();
    failures.check(c);
    // A forged or foreign token counts against the client; an expired one is the normal end of a session.
    const session = await sessions.verify(token).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'SESSION_INVALID') return failures.failed(c, error);
      throw error;
    });
    const tenant = await gates.check(c, session.tenantId);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      await enforceRateLimit(preTenant, limitKey('write', token), writesPerSession);
    }
    c.set('session', session);
    c.set('portalTenant', tenant);
    scopeToTenant(c, db, session.tenantId);
    await next();
  });
}

/**
 * A ticket-link or share-link session sees its one ticket; a customer-wide session (login link, company identity)
 * every ticket of its customer. Anything else is "not found", never "forbidden".
 */
export async function ensureTicketAccess(c: Context<AppEnv>, ticketId: string): Promise<void> {
  const { session } = c.var;
  if (session.ticketId !== null) {
    if (session.ticketId !== ticketId) throw notFound('Ticket');
    return;
  }
  if (!(await c.var.tx((tx) => isCustomersTicket(tx, ticketId, session.customerId)))) throw notFound('Ticket');
}

/** Declares the scope a portal route needs; a session without it gets 403 SCOPE_REQUIRED. */
export function requireScope(scope: Scope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!c.get('session').scopes.includes(scope)) {
      throw new ApiError(403, 'SCOPE_REQUIRED', `This needs the "${scope}" scope`);
    }
    await next();
  });
}

/**
 * A job the session may see (else 404) whose section this session may open — its scopes met with the job's
 * profile's modules (else 403 SCOPE_REQUIRED). Customer-wide sessions reach every job of their customer this way.
 */
export async function ensureJobSection(c: Context<AppEnv>, ticketId: string, section: Module): Promise<void> {
  const job = await c.var.tx((tx) => getJob(tx, jobViewer(c), ticketId));
  if (!job) throw notFound('Ticket');
  if (!job.sections.includes(section)) {
    throw new ApiError(403, 'SCOPE_REQUIRED', `This job's profile does not offer the "${section}" section`);
  }
}

/** Whose jobs the session sees, and what it may open of them. */
export function jobViewer(c: Context<AppEnv>): JobViewer {
  const { session } = c.var;
  return {
    tenantId: c.var.tenantId,
    customerId: session.customerId,
    ticketId: session.ticketId,
    scopes: session.scopes,
    canShare: session.via !== 'share',
  };
}
