import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ticketResolution } from '../db/resolution';
import { ApiError } from '../lib/errors';
import { ensureTicketAccess, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonResponse } from '../schemas/common';
import { resolveTicket } from '../services/resolution';
import { router, type AppDeps } from './deps';

const security = [{ session: [] }];
const tags = ['Portal: resolution'];
const Resolution = z
  .object({
    resolvedAt: z.string().nullable().describe('When the customer marked the ticket resolved'),
    timezone: z.string().describe("IANA zone of the ticket's site"),
  })
  .openapi('PortalResolution');

/**
 * "My issue is resolved": the customer closes their side of the ticket, once. Any session that follows the ticket
 * (scope `track`) but a shared view, which may only look.
 */
export function portalResolutionRoutes({ db, clock, bus }: AppDeps, auth: MiddlewareHandler<AppEnv>) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/resolve',
        tags,
        security,
        middleware: [auth, requireScope('track')] as const,
        summary: 'Whether and when the customer marked the ticket resolved (scope: track)',
        request: { params: IdParams },
        responses: { 200: jsonResponse(Resolution, 'Resolution'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await ensureTicketAccess(c, id);
        return c.json(await c.var.tx((tx) => ticketResolution(tx, id)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tickets/{id}/resolve',
        tags,
        security,
        middleware: [auth, requireScope('track')] as const,
        summary:
          'Mark the ticket resolved, once: a `resolved` ticket event (201; a repeat answers 200, writing nothing)',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(Resolution, 'Already resolved: the first time'),
          201: jsonResponse(Resolution, 'Recorded'),
          403: errorResponse('SCOPE_REQUIRED, or SHARE_NOT_ALLOWED from a shared view'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await ensureTicketAccess(c, id);
        if (c.var.session.via === 'share') {
          throw new ApiError(403, 'SHARE_NOT_ALLOWED', 'A shared view cannot mark the ticket resolved');
        }
        const { created, ...resolution } = await resolveTicket(db, bus, c.var.tenantId, id, clock.now());
        return c.json(resolution, created ? 201 : 200);
      },
    );
}
