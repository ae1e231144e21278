import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { listOwnSessions, queueStaffSignInRequest, revokeOwnSession } from '../db/staff';
import { clientIp, enforceRateLimit, limitKey } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { StaffSessionItem, StaffSessionView, StaffSignIn, StaffSignInRequest } from '../schemas/staff';
import { router, type AppDeps } from './deps';

const security = [{ staffCookie: [] }];
const tags = ['Staff: sign-in and sessions'];
const writeErrors = {
  403: errorResponse(
    'ORIGIN_NOT_ALLOWED (not from the console’s origin) or CSRF_FAILED (X-CSRF-Token missing or wrong)',
  ),
};

/**
 * The console's own routes: ask for a sign-in link, exchange it for a cookie session, see and end sessions. The
 * admin API itself (/v1/admin) accepts the same cookie session.
 */
export function staffRoutes(deps: AppDeps, auth: MiddlewareHandler<AppEnv>) {
  const { preTenant, clock, staff, servedAt, db } = deps;

  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/sign-in/request',
        tags,
        summary:
          'Ask for a sign-in link by e-mail. Always 202: the answer never says whether the address is known (links point at PUBLIC_URL/admin; without PUBLIC_URL only a loopback host gets one)',
        request: { body: jsonBody(StaffSignInRequest) },
        responses: {
          202: jsonResponse(
            z.object({ status: z.literal('accepted') }),
            'If the address is on the staff, a link is on its way',
          ),
          429: errorResponse('RATE_LIMITED (per IP address; see Retry-After)'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { tenant, email } = c.req.valid('json');
        const now = clock.now();
        const ip = clientIp(c, deps.trustProxy);
        await enforceRateLimit(preTenant, limitKey('staff-link-request', ip), deps.rateLimits.linkRequestPerIp);
        const tenantId = await preTenant.tenantByPublicId(tenant);
        if (tenantId) {
          // One mail per address per window; more requests are accepted and dropped, answered the same way.
          const wait = await preTenant.rateHit(
            limitKey('staff-mail', `${tenantId} ${email.toLowerCase()}`),
            deps.rateLimits.linkRequestPerEmail,
          );
          // Only the enqueue happens here, the same for any address; the outbox worker looks the address up.
          const consoleUrl = servedAt.trustedConsoleUrl(c);
          if (wait === 0 && consoleUrl) {
            await db.withTenant(tenantId, (tx) => queueStaffSignInRequest(tx, tenantId, email, consoleUrl, now));
          }
        }
        return c.json({ status: 'accepted' as const }, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/session',
        tags,
        summary:
          'Exchange a sign-in link’s token (works once) for a cookie session: sets the HttpOnly session cookie and the CSRF cookie',
        request: { body: jsonBody(StaffSignIn) },
        responses: {
          200: jsonResponse(StaffSessionView, 'Signed in; the answer carries the CSRF token once'),
          403: errorResponse('ORIGIN_NOT_ALLOWED'),
          410: errorResponse('LINK_USED or LINK_EXPIRED'),
          429: errorResponse('RATE_LIMITED (per IP address)'),
          ...commonErrors,
          401: errorResponse('LINK_INVALID'),
        },
      }),
      async (c) => {
        // Signing in sets a cookie: only the console's own page may do it (no login CSRF from elsewhere).
        servedAt.checkOrigin(c);
        const ip = clientIp(c, deps.trustProxy);
        await enforceRateLimit(preTenant, limitKey('staff-redeem', ip), deps.rateLimits.redeemPerIp);
        const { token } = c.req.valid('json');
        const signedIn = await staff.signIn(token, c.req.header('user-agent') ?? null);
        servedAt.setSessionCookies(c, signedIn.session);
        return c.json(
          {
            staff: { id: signedIn.staff.id, email: signedIn.staff.email, role: signedIn.staff.role },
            tenant: { id: signedIn.tenantId },
            sessionId: signedIn.session.id,
            expiresAt: signedIn.session.expiresAt.toISOString(),
            csrfToken: signedIn.session.csrfToken,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/session',
        tags,
        security,
        middleware: [auth] as const,
        summary: 'The signed-in staff member and this session',
        responses: { 200: jsonResponse(StaffSessionView, 'The session'), ...commonErrors },
      }),
      async (c) => {
        const s = c.var.staffSession;
        return c.json(
          {
            staff: { id: s.staffId, email: s.email, role: s.role },
            tenant: { id: s.tenantId },
            sessionId: s.sessionId,
            expiresAt: s.expiresAt.toISOString(),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/session',
        tags,
        security,
        middleware: [auth] as const,
        summary: 'Sign out: ends this session and clears its cookies',
        responses: { 204: { description: 'Signed out' }, ...writeErrors, ...commonErrors },
      }),
      async (c) => {
        const s = c.var.staffSession;
        await c.var.tx((tx) => revokeOwnSession(tx, s.staffId, s.sessionId, clock.now()));
        servedAt.clearSessionCookies(c);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/sessions',
        tags,
        security,
        middleware: [auth] as const,
        summary: 'The signed-in staff member’s live sessions, newest first',
        responses: {
          200: jsonResponse(z.object({ items: z.array(StaffSessionItem) }), 'Sessions'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const s = c.var.staffSession;
        const rows = await c.var.tx((tx) => listOwnSessions(tx, s.staffId, clock.now()));
        return c.json({ items: rows.map((r) => ({ ...r, current: r.id === s.sessionId })) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/sessions/{id}',
        tags,
        security,
        middleware: [auth] as const,
        summary: 'End one of your own sessions (another device); another’s session is 404',
        request: { params: IdParams },
        responses: { 204: { description: 'Ended' }, ...writeErrors, ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const s = c.var.staffSession;
        await c.var.tx((tx) => revokeOwnSession(tx, s.staffId, id, clock.now()));
        if (id === s.sessionId) servedAt.clearSessionCookies(c);
        return c.body(null, 204);
      },
    );
}
