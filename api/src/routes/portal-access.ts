import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { createShareLink, listShareLinks, revokeShareLink } from '../db/access';
import { queueLoginLinkRequest } from '../db/login-link-requests';
import { getSettings } from '../db/tenants';
import { ApiError } from '../lib/errors';
import {
  clientIp,
  enforceRateLimit,
  ensureJobSection,
  limitKey,
  requireScope,
  type PortalGates,
} from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import {
  LoginLinkRequest,
  LoginLinkRequested,
  ShareLink,
  ShareLinkCreate,
  ShareLinkCreated,
  ShareLinkParams,
} from '../schemas/access';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { PortalSession, SessionRedeem } from '../schemas/portal';
import { redeemSession } from '../services/redeem';
import { LangQuery } from '../schemas/texts';
import { router, type AppDeps } from './deps';

const security = [{ session: [] }];
/** A login link works at most this long (the tenants column's default and upper bound). */
const LOGIN_LINK_MAX_MINUTES = 10;
const tags = ['Portal: access'];
const redeemErrors = {
  401: errorResponse('LINK_INVALID or IDENTITY_INVALID'),
  403: errorResponse('ORIGIN_NOT_ALLOWED or PORTAL_DISABLED'),
  410: errorResponse('LINK_USED, LINK_EXPIRED, or SHARE_LINK_ENDED (a share link revoked or run out)'),
  429: errorResponse('RATE_LIMITED (per IP address; see Retry-After)'),
};
const shareErrors = {
  403: errorResponse('SCOPE_REQUIRED or SHARE_NOT_ALLOWED (a shared view cannot share further)'),
  429: errorResponse('RATE_LIMITED'),
};

/**
 * A view shared with someone else may only look; only the customer's own sessions manage share links, and only for
 * a job whose profile offers the share module.
 */
async function ensureCanShare(c: Context<AppEnv>, ticketId: string) {
  if (c.var.session.via === 'share')
    throw new ApiError(403, 'SHARE_NOT_ALLOWED', 'A shared view cannot manage share links');
  await ensureJobSection(c, ticketId, 'share');
}

/** The customer side of access: redeem a link or identity for a session, "email me a new link", share links. */
export function portalAccessRoutes(deps: AppDeps, gates: PortalGates, auth: MiddlewareHandler<AppEnv>) {
  const { db, preTenant, clock } = deps;

  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/session',
        tags: ['Portal'],
        summary:
          'Exchange a link token (ticket, login or share link) or a company-minted identity assertion for a short-lived session (POST only: link scanners cannot burn a link)',
        request: { body: jsonBody(SessionRedeem), query: LangQuery },
        responses: { 200: jsonResponse(PortalSession, 'The session'), ...commonErrors, ...redeemErrors },
      }),
      async (c) => {
        const ip = clientIp(c, deps.trustProxy);
        await enforceRateLimit(preTenant, limitKey('redeem', ip), deps.rateLimits.redeemPerIp);
        const session = await redeemSession(
          deps,
          c.req.valid('json'),
          (tenantId) => gates.check(c, tenantId),
          c.req.valid('query').lang,
        );
        return c.json(session, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/login-links/request',
        tags,
        summary: 'Ask for a new login link by email. Always 202: the answer never says whether the address is known',
        request: { body: jsonBody(LoginLinkRequest) },
        responses: {
          202: jsonResponse(LoginLinkRequested, 'If the address belongs to a customer, a link is on its way'),
          403: errorResponse('ORIGIN_NOT_ALLOWED or PORTAL_DISABLED'),
          429: errorResponse('RATE_LIMITED (per IP address; see Retry-After)'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { tenant, email } = c.req.valid('json');
        const now = clock.now();
        await enforceRateLimit(
          preTenant,
          limitKey('link-request', clientIp(c, deps.trustProxy)),
          deps.rateLimits.linkRequestPerIp,
        );
        const tenantId = await preTenant.tenantByPublicId(tenant);
        // An unknown tenant answers the longest lifetime, the default, so the answer does not tell it apart either.
        let expiresInMinutes = LOGIN_LINK_MAX_MINUTES;
        if (tenantId) {
          await gates.check(c, tenantId);
          // One mail per address per window; more requests are accepted and dropped, answered the same way.
          const wait = await preTenant.rateHit(
            limitKey('mail', `${tenantId} ${email.toLowerCase()}`),
            deps.rateLimits.linkRequestPerEmail,
          );
          // Only the enqueue happens here, the same for any address; the outbox worker looks the address up.
          expiresInMinutes = await db.withTenant(tenantId, async (tx) => {
            if (wait === 0) await queueLoginLinkRequest(tx, tenantId, email, now);
            return (await getSettings(tx)).loginLinkTtlMinutes;
          });
        }
        return c.json({ status: 'accepted' as const, expiresInMinutes }, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tickets/{id}/share-links',
        tags,
        security,
        middleware: [auth, requireScope('track')] as const,
        summary: 'Create a view-only link to this ticket for someone else (scope: track; not from a shared view)',
        request: { params: IdParams, body: jsonBody(ShareLinkCreate) },
        responses: {
          201: jsonResponse(ShareLinkCreated, 'The link (the token is shown once)'),
          ...shareErrors,
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { label } = c.req.valid('json');
        await ensureCanShare(c, id);
        const { tenantId, session } = c.var;
        return c.json(
          await c.var.tx((tx) => createShareLink(tx, tenantId, id, session.customerId, label ?? null, clock.now())),
          201,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/share-links',
        tags,
        security,
        middleware: [auth, requireScope('track')] as const,
        summary: 'The ticket’s share links (scope: track; not from a shared view)',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(z.object({ items: z.array(ShareLink) }), 'Share links'),
          ...shareErrors,
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await ensureCanShare(c, id);
        return c.json({ items: await c.var.tx((tx) => listShareLinks(tx, id)) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/tickets/{id}/share-links/{linkId}',
        tags,
        security,
        middleware: [auth, requireScope('track')] as const,
        summary: 'Revoke a share link (scope: track; not from a shared view)',
        request: { params: ShareLinkParams },
        responses: { 200: jsonResponse(ShareLink, 'The revoked link'), ...shareErrors, ...commonErrors },
      }),
      async (c) => {
        const { id, linkId } = c.req.valid('param');
        await ensureCanShare(c, id);
        const link = await deps.sessions.revoking(c.var.tenantId, async (tx, revoke) => {
          const revoked = await revokeShareLink(tx, id, linkId, clock.now());
          await revoke([linkId]);
          return revoked;
        });
        return c.json(link, 200);
      },
    );
}
