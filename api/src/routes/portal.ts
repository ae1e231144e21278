import { createRoute } from '@hono/zod-openapi';
import { withTenant } from '../db/client';
import { findRedeemableLink } from '../db/links';
import { profileForTicket } from '../db/profiles';
import { portalTicketQuery, toPortalTicket } from '../db/portal-ticket';
import { ApiError, notFound } from '../lib/errors';
import { isTokenShaped } from '../lib/tokens';
import type { MiddlewareHandler } from 'hono';
import { requireScope, type PortalGates } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { PortalMe, PortalSession, PortalTicket, SessionRedeem } from '../schemas/portal';
import type { ThemeTokens } from '../schemas/contract';
import { router, type AppDeps } from './deps';

const security = [{ session: [] }];
const tags = ['Portal'];
const linkErrors = {
  401: errorResponse('LINK_INVALID'),
  403: errorResponse('ORIGIN_NOT_ALLOWED or PORTAL_DISABLED'),
  410: errorResponse('LINK_USED or LINK_EXPIRED'),
};

/** The customer side: redeem a link, then read with the session it gives. */
export function portalRoutes(deps: AppDeps, gates: PortalGates, auth: MiddlewareHandler<AppEnv>) {
  const { sql, clock, sessions } = deps;

  return router()
    .openapi(
      createRoute({
        method: 'post', path: '/session', tags,
        summary: 'Redeem a portal link token for a short-lived session (POST only: link scanners cannot burn it)',
        request: { body: jsonBody(SessionRedeem) },
        responses: { 200: jsonResponse(PortalSession, 'The session'), ...commonErrors, ...linkErrors },
      }),
      async (c) => {
        const { token } = c.req.valid('json');
        if (!isTokenShaped(token)) throw new ApiError(401, 'LINK_INVALID', 'This link is not valid');
        const link = await findRedeemableLink(sql, token, clock.now());
        await gates.check(c, link.tenantId);
        const issued = await withTenant(sql, link.tenantId, async (tx) => {
          await tx`update ticket_links set last_used_at = ${clock.now()} where id = ${link.linkId}`;
          return sessions.issue(tx, { tenantId: link.tenantId, customerId: link.customerId, ticketId: link.ticketId, scopes: link.scopes });
        });
        return c.json({ ...issued, scopes: link.scopes, ticketId: link.ticketId }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/me', tags, security, middleware: [auth] as const,
        summary: 'Who the session is for: company branding, profile, scopes',
        responses: { 200: jsonResponse(PortalMe, 'Branding and access'), 403: errorResponse('PORTAL_DISABLED'), ...commonErrors },
      }),
      async (c) => {
        const { session } = c.var;
        const me = await c.var.tx(async (tx) => {
          const [tenant] = await tx<{ name: string }[]>`select name from tenants`;
          const [customer] = await tx<{ name: string }[]>`select name from customers where id = ${session.customerId}`;
          const profile = session.ticketId ? await profileForTicket(tx, session.ticketId) : undefined;
          if (!tenant || !customer) throw notFound('Customer');
          return {
            company: { name: tenant.name },
            profile: {
              name: profile?.name ?? 'Default',
              mode: profile?.mode ?? 'tracking',
              logoUrl: profile?.logoUrl ?? null,
              redirectUrl: profile?.redirectUrl ?? null,
              salutation: profile?.salutation ?? null,
              language: profile?.language ?? 'en',
              theme: (profile?.theme ?? {}) as ThemeTokens,
            },
            customer: { name: customer.name },
            scopes: session.scopes,
            ticketId: session.ticketId,
          };
        });
        return c.json(me, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get', path: '/tickets/{id}', tags, security, middleware: [auth, requireScope('track')] as const,
        summary: 'The ticket’s status timeline (scope: track)',
        request: { params: IdParams },
        responses: { 200: jsonResponse(PortalTicket, 'The timeline'), 403: errorResponse('SCOPE_REQUIRED'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        // A ticket-link session sees its one ticket; anything else is "not found", never "forbidden".
        if (c.var.session.ticketId !== id) throw notFound('Ticket');
        const [row] = await portalTicketQuery(sql, c.var.tenantId, id);
        if (!row) throw notFound('Ticket');
        return c.json(toPortalTicket(row, clock.now()), 200);
      },
    );
}
