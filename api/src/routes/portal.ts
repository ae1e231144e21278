import { createRoute } from '@hono/zod-openapi';
import { latestTicketOf, redeemToken, type Redeemed } from '../db/access';
import { withTenant } from '../db/client';
import { defaultProfile, profileForTicket } from '../db/profiles';
import { enforceRateLimit } from '../db/rate-limits';
import { tenantByPublicId } from '../db/tenants';
import { portalTicketQuery, toPortalTicket } from '../db/portal-ticket';
import { ApiError, notFound } from '../lib/errors';
import { isTokenShaped } from '../lib/tokens';
import type { MiddlewareHandler } from 'hono';
import { clientIp, ensureTicketAccess, limitKey, requireScope, type PortalGates } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { PortalMe, PortalSession, PortalTicket, SessionRedeem } from '../schemas/portal';
import type { ThemeTokens } from '../schemas/contract';
import { router, type AppDeps } from './deps';

const security = [{ session: [] }];
const tags = ['Portal'];
const linkErrors = {
  401: errorResponse('LINK_INVALID or IDENTITY_INVALID'),
  403: errorResponse('ORIGIN_NOT_ALLOWED or PORTAL_DISABLED'),
  410: errorResponse('LINK_USED or LINK_EXPIRED'),
  429: errorResponse('RATE_LIMITED (per IP address; see Retry-After)'),
};

/** The customer side: redeem a link, then read with the session it gives. */
export function portalRoutes(deps: AppDeps, gates: PortalGates, auth: MiddlewareHandler<AppEnv>) {
  const { sql, clock, sessions } = deps;

  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/session',
        tags,
        summary:
          'Exchange a link token (ticket, login or share link) or a company-minted identity assertion for a short-lived session (POST only: link scanners cannot burn a link)',
        request: { body: jsonBody(SessionRedeem) },
        responses: { 200: jsonResponse(PortalSession, 'The session'), ...commonErrors, ...linkErrors },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const now = clock.now();
        await enforceRateLimit(sql, limitKey('redeem', clientIp(c, deps.trustProxy)), deps.rateLimits.redeemPerIp, now);
        let redeemed: Redeemed;
        if ('token' in body) {
          if (!isTokenShaped(body.token)) throw new ApiError(401, 'LINK_INVALID', 'This link is not valid');
          redeemed = await redeemToken(sql, body.token, now, (tenantId) => gates.check(c, tenantId));
        } else {
          const tenantId = await tenantByPublicId(sql, body.tenant);
          if (!tenantId)
            throw new ApiError(401, 'IDENTITY_INVALID', 'The identity assertion is not valid: unknown tenant');
          await gates.check(c, tenantId);
          redeemed = {
            tenantId,
            ticketId: null,
            via: 'identity',
            ...(await deps.identity.verify(tenantId, body.assertion)),
          };
        }
        const issued = await withTenant(sql, redeemed.tenantId, (tx) => sessions.issue(tx, redeemed));
        return c.json(
          { ...issued, scopes: redeemed.scopes, ...(redeemed.ticketId ? { ticketId: redeemed.ticketId } : {}) },
          200,
        );
      },
    )
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
        const me = await c.var.tx(async (tx) => {
          const [tenant] = await tx<{ name: string }[]>`select name from tenants`;
          const [customer] = await tx<{ name: string }[]>`select name from customers where id = ${session.customerId}`;
          const profile = session.ticketId ? await profileForTicket(tx, session.ticketId) : await defaultProfile(tx);
          const latest = session.ticketId ?? (await latestTicketOf(tx, session.customerId));
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
            latestTicketId: latest ?? null,
            canShare: session.via !== 'share',
          };
        });
        return c.json(me, 200);
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
        const [row] = await portalTicketQuery(sql, c.var.tenantId, id);
        if (!row) throw notFound('Ticket');
        return c.json(toPortalTicket(row, c.var.portalTenant, clock.now()), 200);
      },
    );
}
