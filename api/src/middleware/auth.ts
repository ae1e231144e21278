import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { withTenant, type Sql } from '../db/client';
import { getPortalGate, tenantForApiKey, type PortalGate } from '../db/tenants';
import { ApiError } from '../lib/errors';
import { TtlCache } from '../lib/ttl-cache';
import type { Scope } from '../schemas/contract';
import type { SessionService } from '../services/sessions';
import { ORIGINS_CACHE_MS } from './cors';
import type { AppEnv } from './types';

function bearer(header: string | undefined): string | null {
  const match = header?.match(/^Bearer ([\x21-\x7e]{1,4096})$/);
  return match ? match[1]! : null;
}

function scopeToTenant(c: Context<AppEnv>, sql: Sql, tenantId: string) {
  c.set('tenantId', tenantId);
  c.set('tx', (fn) => withTenant(sql, tenantId, fn));
}

const unauthenticated = () => new ApiError(401, 'UNAUTHENTICATED', 'Send credentials as Authorization: Bearer <token>');

/** Admin routes: the tenant API key (company servers only). */
export function apiKeyAuth(sql: Sql) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = bearer(c.req.header('authorization'));
    if (!key) throw unauthenticated();
    const tenantId = await tenantForApiKey(sql, key);
    if (!tenantId) throw new ApiError(401, 'API_KEY_INVALID', 'The API key is not valid');
    scopeToTenant(c, sql, tenantId);
    await next();
  });
}

/**
 * The gate every portal request passes once its tenant is known: the Origin must be on the tenant's list (a
 * request without Origin is not from a browser page and is let through), and the portal must be switched on.
 */
export class PortalGates {
  #cache: TtlCache<string, PortalGate | undefined>;

  constructor(private readonly sql: Sql) {
    this.#cache = new TtlCache(ORIGINS_CACHE_MS);
  }

  async check(c: { req: { header(name: string): string | undefined }; set(key: 'cors', value: 'allow' | 'deny'): void }, tenantId: string) {
    const gate = await this.#cache.get(tenantId, () => withTenant(this.sql, tenantId, getPortalGate));
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
      throw new ApiError(403, 'PORTAL_DISABLED', gate.portalDisabledMessage ?? 'The portal is currently unavailable');
    }
  }
}

/** Portal routes: a session JWT, then the tenant's gate. */
export function sessionAuth(sql: Sql, sessions: SessionService, gates: PortalGates) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (!token) throw unauthenticated();
    const session = await sessions.verify(token);
    await gates.check(c, session.tenantId);
    c.set('session', session);
    scopeToTenant(c, sql, session.tenantId);
    await next();
  });
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
