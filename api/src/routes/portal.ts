import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { toPortalTicket } from '../db/portal-ticket';
import { notFound } from '../lib/errors';
import { ensureTicketAccess, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonResponse } from '../schemas/common';
import { PortalMe, PortalTicket } from '../schemas/portal';
import { LangQuery } from '../schemas/texts';
import { firstView } from '../services/first-view';
import { router, type AppDeps } from './deps';

const security = [{ session: [] }];
const tags = ['Portal'];
/** The customer side: what a session reads (its redeem is in portal-access.ts). */
export function portalRoutes({ db, clock }: AppDeps, auth: MiddlewareHandler<AppEnv>) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/me',
        tags,
        security,
        middleware: [auth] as const,
        summary:
          'Who the session is for: company branding, profile, scopes, whether it may manage share links; for a session bound to one ticket (scope track), the ticket too',
        description: 'The profile’s texts come in the `lang` asked for, else the profile’s language, else any.',
        request: { query: LangQuery },
        responses: {
          200: jsonResponse(PortalMe, 'Branding and access'),
          403: errorResponse('PORTAL_DISABLED'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { session, tenantId, portalTenant } = c.var;
        const { lang } = c.req.valid('query');
        const view = await c.var.tx((tx) => firstView(tx, tenantId, session, portalTenant, clock.now(), lang));
        if (!view) throw notFound('Customer');
        return c.json({ ...view.me, ...(view.ticket && { ticket: view.ticket }) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}',
        tags,
        security,
        middleware: [auth, requireScope('track')] as const,
        summary: 'The ticket’s status timeline (scope: track)',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(PortalTicket, 'The timeline'),
          403: errorResponse('SCOPE_REQUIRED'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await ensureTicketAccess(c, id);
        const row = await db.portalTicket(c.var.tenantId, id);
        if (!row) throw notFound('Ticket');
        return c.json(toPortalTicket(row, c.var.portalTenant, clock.now()), 200);
      },
    );
}
