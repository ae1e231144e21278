import { createMiddleware } from 'hono/factory';
import type { PreTenantLookups } from '../db/pre-tenant';
import { TtlCache } from '../lib/ttl-cache';
import type { AppEnv } from './types';

const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID';
const EXPOSED_HEADERS = 'X-Request-Id, Retry-After';
/** How long a changed origin list may take to reach every process. */
export const ORIGINS_CACHE_MS = 5_000;

/**
 * Portal CORS. A preflight carries no token, so it is answered for any origin some tenant allows. The real
 * request is decided per tenant by the auth step (`c.var.cors`): allowed origins get the origin echoed back;
 * a foreign one gets nothing. Responses produced before a tenant is known (a bad token, say) are readable by
 * any origin some tenant allows, so the widget can show the error. Never `*`; always `Vary: Origin`.
 */
export function portalCors(preTenant: PreTenantLookups) {
  const known = new TtlCache<'all', Set<string>>(ORIGINS_CACHE_MS);
  const knownOrigins = () => known.get('all', () => preTenant.allAllowedOrigins());

  return createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.method === 'OPTIONS') {
      c.header('Vary', 'Origin');
      if (!origin || !(await knownOrigins()).has(origin)) return c.body(null, 403);
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    await next();
    if (!origin) return;
    const decision = c.get('cors');
    const allowed = decision === 'allow' || (decision === undefined && (await knownOrigins()).has(origin));
    if (allowed) {
      // On the finished response's own headers: `c.header` now would rebuild the response from its body stream.
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
  });
}

/** `Vary: Origin` on every response, so no cache ever serves one origin's answer to another. */
export const varyOrigin = createMiddleware(async (c, next) => {
  await next();
  const vary = c.res.headers.get('Vary');
  if (!vary?.split(',').some((v) => v.trim().toLowerCase() === 'origin')) {
    c.res.headers.set('Vary', vary ? `${vary}, Origin` : 'Origin');
  }
});
