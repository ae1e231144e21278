import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { PreTenantLookups } from '../db/pre-tenant';
import type { TenantDb } from '../db/tenant-db';
import type { Clock } from '../lib/clock';
import { ApiError } from '../lib/errors';
import { sha256 } from '../lib/tokens';
import type { StaffAccounts } from '../services/staff';
import type { AuthFailures } from './auth-failures';
import type { AppEnv } from './types';

/** The session cookie (HttpOnly) and the CSRF cookie the console reads; `__Host-` prefixed over https. */
export const SESSION_COOKIE = 'porch_staff';
export const CSRF_COOKIE = 'porch_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/**
 * Where the API is served: PUBLIC_URL when configured; else the request's own scheme and Host, where
 * X-Forwarded-Proto counts only behind a trusted proxy (TRUST_PROXY), since anyone can send it.
 */
export class ServedAt {
  constructor(
    private readonly publicUrl: string | undefined,
    private readonly trustProxy: number,
  ) {}

  secure(c: Context): boolean {
    if (this.publicUrl) return new URL(this.publicUrl).protocol === 'https:';
    const forwarded = this.trustProxy > 0 ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
    if (forwarded === 'https' || forwarded === 'http') return forwarded === 'https';
    return new URL(c.req.url).protocol === 'https:';
  }

  origin(c: Context): string {
    if (this.publicUrl) return new URL(this.publicUrl).origin;
    return `${this.secure(c) ? 'https' : 'http'}://${c.req.header('host') ?? new URL(c.req.url).host}`;
  }

  /** The console's page; sign-in links point there with the token in the fragment. */
  consoleUrl(c: Context): string {
    return `${this.origin(c)}/admin`;
  }

  /**
   * The console's page for a link mailed on an unauthenticated request: never from a Host header anyone can send
   * (a link to their host would hand them the token), so PUBLIC_URL's, or the request's own on a loopback host
   * (development, the demo). Null otherwise: nothing can be mailed safely.
   */
  trustedConsoleUrl(c: Context): string | null {
    if (this.publicUrl) return this.consoleUrl(c);
    const host = new URL(`http://${c.req.header('host') ?? new URL(c.req.url).host}`).hostname;
    return ['localhost', '127.0.0.1', '[::1]'].includes(host) ? this.consoleUrl(c) : null;
  }

  setSessionCookies(c: Context, session: { token: string; csrfToken: string; expiresAt: Date }) {
    const secure = this.secure(c);
    const options = {
      path: '/',
      secure,
      sameSite: 'Strict',
      expires: session.expiresAt,
      ...(secure ? { prefix: 'host' as const } : {}),
    } as const;
    setCookie(c, SESSION_COOKIE, session.token, { ...options, httpOnly: true });
    setCookie(c, CSRF_COOKIE, session.csrfToken, options);
  }

  clearSessionCookies(c: Context) {
    this.setSessionCookies(c, { token: '', csrfToken: '', expiresAt: new Date(0) });
  }

  sessionToken(c: Context): string | undefined {
    return this.secure(c) ? getCookie(c, SESSION_COOKIE, 'host') : getCookie(c, SESSION_COOKIE);
  }

  /**
   * A state-changing request made with the cookie must come from our own origin (Origin header) and carry the
   * session's CSRF token in X-CSRF-Token: a page elsewhere can make the browser send the cookie but can read
   * neither the token nor forge the Origin.
   */
  checkOrigin(c: Context) {
    if (c.req.header('origin') !== this.origin(c)) {
      throw new ApiError(403, 'ORIGIN_NOT_ALLOWED', 'Staff requests with a session cookie must come from the console');
    }
  }
}

const UNSAFE = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

function checkCsrf(c: Context, csrfHash: Buffer) {
  const sent = c.req.header(CSRF_HEADER);
  if (!sent || sent.length > 128 || !timingSafeEqual(sha256(sent), csrfHash)) {
    throw new ApiError(403, 'CSRF_FAILED', `Send the session's CSRF token as ${CSRF_HEADER}`);
  }
}

/**
 * The staff cookie session, for /v1/staff routes and the admin API: a live session (else 401), and on writes our
 * own Origin and the session's CSRF token (else 403). Forged cookies count as the client's auth failures.
 */
export function staffCookieAuth(
  db: TenantDb,
  staff: StaffAccounts,
  servedAt: ServedAt,
  failures: AuthFailures,
  token: string,
) {
  return async (c: Context<AppEnv>) => {
    failures.check(c);
    const session = await staff.authenticate(token);
    if (session === 'unknown') {
      return failures.failed(c, new ApiError(401, 'SESSION_INVALID', 'The staff session is not valid'));
    }
    if (!session) throw new ApiError(401, 'SESSION_EXPIRED', 'The staff session has ended; sign in again');
    if (UNSAFE(c.req.method)) {
      servedAt.checkOrigin(c);
      checkCsrf(c, session.csrfHash);
    }
    c.set('staffSession', session);
    c.set('actor', {
      kind: 'staff',
      staffId: session.staffId,
      role: session.role,
      email: session.email,
      sessionId: session.sessionId,
    });
    c.set('tenantId', session.tenantId);
    c.set('tx', (fn) => db.withTenant(session.tenantId, fn));
  };
}

export function staffAuth(db: TenantDb, staff: StaffAccounts, servedAt: ServedAt, failures: AuthFailures) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = servedAt.sessionToken(c);
    if (!token) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in to the console first');
    await staffCookieAuth(db, staff, servedAt, failures, token)(c);
    await next();
  });
}

/**
 * What a dispatcher may not do on the admin API (owners and admins may; so may the API key): manage API keys,
 * session and identity keys, staff, payment settings (any method), and change tenant settings, profiles,
 * projects, automated actions or booking rules (writes). Tickets, customers, links, appointments, invoices and
 * the outbox are day-to-day work.
 */
const MANAGERS_ONLY: [RegExp, 'all' | 'writes'][] = [
  [/^\/v1\/admin\/(api-keys|session-keys|identity-keys|staff|invoice-settings)(\/|$)/, 'all'],
  [/^\/v1\/admin\/(settings|profiles|projects|automated-actions|booking-settings|sla-profiles)(\/|$)/, 'writes'],
];

export function enforceRole(c: Context<AppEnv>) {
  const actor = c.var.actor;
  if (actor.kind !== 'staff' || actor.role !== 'dispatcher') return;
  const rule = MANAGERS_ONLY.find(([pattern]) => pattern.test(c.req.path));
  if (rule && (rule[1] === 'all' || UNSAFE(c.req.method))) {
    throw new ApiError(403, 'ROLE_FORBIDDEN', 'A dispatcher cannot do this; ask an owner or admin');
  }
}

/**
 * Admin routes: the tenant API key in `Authorization: Bearer` (company servers), or a staff cookie session (the
 * console), whose role is then checked against MANAGERS_ONLY. Unknown keys count as the client's failures.
 */
export function adminAuth(
  db: TenantDb,
  preTenant: PreTenantLookups,
  clock: Clock,
  failures: AuthFailures,
  staff: StaffAccounts,
  servedAt: ServedAt,
) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const cookie = header === undefined ? servedAt.sessionToken(c) : undefined;
    if (cookie) {
      await staffCookieAuth(db, staff, servedAt, failures, cookie)(c);
    } else {
      const key = header?.match(/^Bearer ([\x21-\x7e]{1,4096})$/)?.[1];
      if (!key) throw new ApiError(401, 'UNAUTHENTICATED', 'Send credentials as Authorization: Bearer <token>');
      failures.check(c);
      const used = await preTenant.apiKeyUse(key, clock.now());
      if (!used) return failures.failed(c, new ApiError(401, 'API_KEY_INVALID', 'The API key is not valid'));
      const { tenantId, keyId } = used;
      c.set('actor', { kind: 'key', keyId });
      c.set('tenantId', tenantId);
      c.set('tx', (fn) => db.withTenant(tenantId, fn));
    }
    enforceRole(c);
    await next();
  });
}
