import { createRoute, z } from '@hono/zod-openapi';
import { issueLoginLink, listShareLinks, revokeShareLink } from '../db/access';
import type { Tx } from '../db/tenant-db';
import { ticketExists } from '../db/tickets';
import { enqueueLoginLinkMail } from '../db/outbox';
import { deleteIdentityKey, listIdentityKeys, saveIdentityKey } from '../db/identity-keys';
import { rotateApiKeyIn } from '../db/tenants';
import { notFound } from '../lib/errors';
import {
  ApiKeyRotate,
  ApiKeyRotated,
  IdentityKey,
  IdentityKeyCreate,
  LoginLinkQueued,
  LoginLinkSendQuery,
  PortalLink,
  SessionKey,
  SessionKeyRotate,
  SessionKeyRotated,
  ShareLink,
  ShareLinkParams,
} from '../schemas/access';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { router, type AppDeps } from './deps';

const security = [{ apiKey: [] }];
const tags = ['Admin: access'];

async function ensureTicket(tx: Tx, id: string) {
  if (!(await ticketExists(tx, id))) throw notFound('Ticket');
}

/** The company side of access: login links, share links, identity keys, key rotation. */
export function adminAccessRoutes({ clock, sessions, identity }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/customers/{id}/login-links',
        tags,
        security,
        summary:
          'Issue a single-use login link (≤ 10 minutes) for all of a customer’s jobs; older links stop working. ' +
          'With ?send=email the link is not answered but mailed to the customer through the outbox (minted when sent)',
        request: { params: IdParams, query: LoginLinkSendQuery },
        responses: {
          201: jsonResponse(PortalLink, 'The link (the token is shown once)'),
          202: jsonResponse(LoginLinkQueued, 'The mail is queued (?send=email)'),
          422: errorResponse('CUSTOMER_EMAIL_MISSING'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        if (c.req.valid('query').send === 'email') {
          const queued = await c.var.tx((tx) => enqueueLoginLinkMail(tx, c.var.tenantId, id, clock.now()));
          return c.json({ status: 'accepted' as const, messageId: queued.id }, 202);
        }
        return c.json(await c.var.tx((tx) => issueLoginLink(tx, c.var.tenantId, id, clock.now())), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/share-links',
        tags,
        security,
        summary: 'The view-only share links customers made for a ticket',
        request: { params: IdParams },
        responses: { 200: jsonResponse(z.object({ items: z.array(ShareLink) }), 'Share links'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const items = await c.var.tx(async (tx) => {
          await ensureTicket(tx, id);
          return listShareLinks(tx, id);
        });
        return c.json({ items }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/tickets/{id}/share-links/{linkId}',
        tags,
        security,
        summary: 'Revoke a share link (the sessions it opened end within a minute)',
        request: { params: ShareLinkParams },
        responses: { 200: jsonResponse(ShareLink, 'The revoked link'), ...commonErrors },
      }),
      async (c) => {
        const { id, linkId } = c.req.valid('param');
        const link = await sessions.revoking(c.var.tenantId, async (tx, revoke) => {
          const revoked = await revokeShareLink(tx, id, linkId, clock.now());
          await revoke([linkId]);
          return revoked;
        });
        return c.json(link, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/identity-keys',
        tags,
        security,
        summary: 'Keys registered to mint identities for the company’s own logged-in customers',
        responses: { 200: jsonResponse(z.object({ items: z.array(IdentityKey) }), 'Identity keys'), ...commonErrors },
      }),
      async (c) => c.json({ items: await c.var.tx(listIdentityKeys) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/identity-keys',
        tags,
        security,
        summary:
          'Register an issuer’s public keys (JWKS URL or JWKs) and pinned algorithms; replaces the issuer’s previous entry',
        request: { body: jsonBody(IdentityKeyCreate) },
        responses: {
          201: jsonResponse(IdentityKey, 'The registration'),
          ...commonErrors,
          400: errorResponse('`VALIDATION_FAILED`, `MALFORMED_JSON`, or `URL_NOT_ALLOWED` (jwksUrl not public https)'),
        },
      }),
      async (c) => {
        const input = c.req.valid('json');
        if (input.jwksUrl) identity.outbound.assertAllowed(input.jwksUrl, 'json.jwksUrl');
        return c.json(await c.var.tx((tx) => saveIdentityKey(tx, c.var.tenantId, input, clock.now())), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/identity-keys/{id}',
        tags,
        security,
        summary: 'Remove an identity key registration',
        request: { params: IdParams },
        responses: { 204: { description: 'Removed' }, ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await c.var.tx((tx) => deleteIdentityKey(tx, id));
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/session-keys',
        tags,
        security,
        summary: 'The tenant’s session-signing keys (ids and dates only)',
        responses: {
          200: jsonResponse(z.object({ items: z.array(SessionKey) }), 'Keys, newest first'),
          ...commonErrors,
        },
      }),
      async (c) => c.json({ items: await sessions.listKeys(c.var.tenantId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/session-keys/rotate',
        tags,
        security,
        summary:
          'New session-signing key; the previous ones verify until their sessions expire (or at once with retireNow)',
        request: { body: jsonBody(SessionKeyRotate) },
        responses: { 201: jsonResponse(SessionKeyRotated, 'The new key id'), ...commonErrors },
      }),
      async (c) => {
        const { retireNow } = c.req.valid('json');
        return c.json(await sessions.rotate(c.var.tenantId, retireNow), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api-keys/rotate',
        tags,
        security,
        summary: 'New API key (shown once); the previous keys keep working for overlapHours',
        request: { body: jsonBody(ApiKeyRotate) },
        responses: { 201: jsonResponse(ApiKeyRotated, 'The new key'), ...commonErrors },
      }),
      async (c) => {
        const { overlapHours } = c.req.valid('json');
        const now = clock.now();
        const apiKey = await c.var.tx((tx) => rotateApiKeyIn(tx, c.var.tenantId, overlapHours, now));
        return c.json(
          { apiKey, previousExpireAt: new Date(now.getTime() + overlapHours * 3_600_000).toISOString() },
          201,
        );
      },
    );
}
