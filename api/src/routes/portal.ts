import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { portalMe } from '../db/access';
import { toPortalTicket } from '../db/portal-ticket';
import { notFound } from '../lib/errors';
import { ensureTicketAccess, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonResponse } from '../schemas/common';
import type { ThemeTokens } from '../schemas/contract';
import { PortalMe, PortalTicket } from '../schemas/portal';
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
        summary: 'Who the session is for: company branding, profile, scopes, whether it may manage share links',
        responses: {
          200: jsonResponse(PortalMe, 'Branding and access'),
          403: errorResponse('PORTAL_DISABLED'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { session } = c.var;
        const found = await c.var.tx((tx) => portalMe(tx, session.customerId, session.ticketId));
        if (!found) throw notFound('Customer');
        const { profile } = found;
        return c.json(
          {
            company: { name: found.companyName },
            profile: {
              name: profile?.name ?? 'Default',
              mode: profile?.mode ?? 'tracking',
              logoUrl: profile?.logoUrl ?? null,
              redirectUrl: profile?.redirectUrl ?? null,
              salutation: profile?.salutation ?? null,
              language: profile?.language ?? 'en',
              theme: (profile?.theme ?? {}) as ThemeTokens,
            },
            customer: { name: found.customerName },
            scopes: session.scopes,
            ticketId: session.ticketId,
            latestTicketId: found.latestTicketId,
            canShare: session.via !== 'share' && (profile?.modules ?? ['share']).includes('share'),
          },
          200,
        );
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
