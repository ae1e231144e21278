import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { listDevices, revokeFamily } from '../db/session-tokens';
import { notFound } from '../lib/errors';
import { clientIp, enforceRateLimit, limitKey, type PortalGates } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { Device, PortalSession, SessionRefresh, SessionRenew, SignOut } from '../schemas/portal';
import { refreshSession, renewSession } from '../services/redeem';
import { router, type AppDeps } from './deps';

const security = [{ session: [] }];
const tags = ['Portal: sessions'];

/** A session's life after the redeem: renew, refresh a remembered device, sign out, the customer's devices. */
export function portalSessionRoutes(deps: AppDeps, gates: PortalGates, auth: MiddlewareHandler<AppEnv>) {
  const { clock, sessions } = deps;

  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/session/renew',
        tags,
        security,
        middleware: [auth] as const,
        summary:
          'A fresh 30-minute session in the same chain, while the current one lives; it ends 12 hours after the link was opened (30 days on a remembered device). `remember` starts “keep me signed in on this device” for a customer-wide session: the answer carries a refresh token',
        request: { body: jsonBody(SessionRenew) },
        responses: { 200: jsonResponse(PortalSession, 'The new session'), ...commonErrors },
      }),
      async (c) => c.json(await renewSession(deps, c.var.session, c.req.valid('json').remember === true), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/session/refresh',
        tags,
        summary:
          'Trade a remembered device’s refresh token for a session and the next refresh token (each works once; a reused one signs the device out)',
        request: { body: jsonBody(SessionRefresh) },
        responses: {
          200: jsonResponse(PortalSession, 'The session and the next refresh token'),
          401: errorResponse('REFRESH_INVALID (unknown, expired, revoked, or reused: then the device is signed out)'),
          403: errorResponse('ORIGIN_NOT_ALLOWED or PORTAL_DISABLED'),
          429: errorResponse('RATE_LIMITED (per IP address)'),
          ...Object.fromEntries(Object.entries(commonErrors).filter(([status]) => status !== '401')),
        },
      }),
      async (c) => {
        const ip = clientIp(c, deps.trustProxy);
        await enforceRateLimit(deps.preTenant, limitKey('redeem', ip), deps.rateLimits.redeemPerIp);
        const { refreshToken } = c.req.valid('json');
        return c.json(await refreshSession(deps, refreshToken, (tenantId) => gates.check(c, tenantId)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/session/sign-out',
        tags,
        security,
        middleware: [auth] as const,
        summary:
          'End this session (its whole renewal chain and, on a remembered device, the device); `everywhere` also ends every session and remembered device of the customer, in every browser',
        request: { body: jsonBody(SignOut) },
        responses: { 204: { description: 'Signed out' }, ...commonErrors },
      }),
      async (c) => {
        const { everywhere } = c.req.valid('json');
        const { session, tenantId } = c.var;
        const now = clock.now();
        await sessions.revoking(tenantId, async (tx, revoke, revokeCustomer) => {
          const ids = [session.sid];
          if (session.fam) {
            await revokeFamily(tx, session.fam, now);
            ids.push(session.fam);
          }
          if (everywhere && session.ticketId === null) {
            for (const device of await listDevices(tx, now, session.customerId)) {
              await revokeFamily(tx, device.id, now);
              ids.push(device.id);
            }
            await revokeCustomer(session.customerId);
          }
          await revoke(ids);
        });
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/devices',
        tags,
        security,
        middleware: [auth] as const,
        summary: 'The devices on which the customer chose “keep me signed in”',
        responses: { 200: jsonResponse(z.object({ items: z.array(Device) }), 'Devices'), ...commonErrors },
      }),
      async (c) => {
        const { session } = c.var;
        if (session.ticketId !== null) return c.json({ items: [] }, 200);
        const devices = await c.var.tx((tx) => listDevices(tx, clock.now(), session.customerId));
        return c.json({ items: devices.map(({ customerId: _c, ...device }) => device) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/devices/{id}',
        tags,
        security,
        middleware: [auth] as const,
        summary: 'Sign a remembered device out: its refresh token and every session it made stop working',
        request: { params: IdParams },
        responses: { 204: { description: 'Signed out' }, ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { session, tenantId } = c.var;
        if (session.ticketId !== null) throw notFound('Device');
        await sessions.revoking(tenantId, async (tx, revoke) => {
          if (!(await revokeFamily(tx, id, clock.now(), session.customerId))) throw notFound('Device');
          await revoke([id]);
        });
        return c.body(null, 204);
      },
    );
}
