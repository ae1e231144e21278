import { createRoute, z } from '@hono/zod-openapi';
import { issueApiKey, listApiKeys, revokeApiKey, rotateOneApiKey } from '../db/api-keys';
import { ApiKeyRotate } from '../schemas/access';
import { ApiKey, ApiKeyCreate, ApiKeyIssued } from '../schemas/api-keys';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { router, type AppDeps } from './deps';

const security: Record<string, string[]>[] = [{ apiKey: [] }, { staffCookie: [] }];
const tags = ['Admin: access'];
const roleErrors = { 403: errorResponse('ROLE_FORBIDDEN (a dispatcher manages no API keys)') };

/**
 * The tenant's API keys, for owners, admins and the API key itself. Secrets are answered once, at creation or
 * rotation; a key cannot revoke itself (409 API_KEY_IN_USE), and rotating the calling key answers its successor.
 */
export function adminApiKeyRoutes({ clock }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api-keys',
        tags,
        security,
        summary: 'The API keys, live and ended, newest first (prefix and label, never the secret)',
        responses: { 200: jsonResponse(z.object({ items: z.array(ApiKey) }), 'Keys'), ...roleErrors, ...commonErrors },
      }),
      async (c) => {
        const actor = c.var.actor;
        const rows = await c.var.tx(listApiKeys);
        return c.json(
          { items: rows.map((r) => ({ ...r, current: actor.kind === 'key' && actor.keyId === r.id })) },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api-keys',
        tags,
        security,
        summary: 'A new API key beside the others (the secret is answered this once)',
        request: { body: jsonBody(ApiKeyCreate) },
        responses: { 201: jsonResponse(ApiKeyIssued, 'The new key'), ...roleErrors, ...commonErrors },
      }),
      async (c) => {
        const { label } = c.req.valid('json');
        const issued = await c.var.tx((tx) => issueApiKey(tx, c.var.tenantId, label ?? null, clock.now()));
        return c.json({ apiKey: issued.apiKey, key: { ...issued.key, current: false } }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api-keys/{id}/rotate',
        tags,
        security,
        summary:
          'Replace one key: a new one with its label (answered once); the old one works for overlapHours (0: ends now, even when it is the calling key — the answer carries its successor)',
        request: { params: IdParams, body: jsonBody(ApiKeyRotate) },
        responses: {
          201: jsonResponse(ApiKeyIssued, 'The new key'),
          ...roleErrors,
          409: errorResponse('CONFLICT (the key is revoked or expired)'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { overlapHours } = c.req.valid('json');
        const rotated = await c.var.tx((tx) => rotateOneApiKey(tx, c.var.tenantId, id, overlapHours, clock.now()));
        return c.json({ ...rotated, key: { ...rotated.key, current: false } }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api-keys/{id}',
        tags,
        security,
        summary: 'Revoke a key at once (again: no change). A key cannot revoke itself: 409 API_KEY_IN_USE',
        request: { params: IdParams },
        responses: {
          204: { description: 'Revoked' },
          ...roleErrors,
          409: errorResponse('API_KEY_IN_USE (the request’s own key; nothing changed)'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const actor = c.var.actor;
        const callerKey = actor.kind === 'key' ? actor.keyId : undefined;
        await c.var.tx((tx) => revokeApiKey(tx, id, callerKey, clock.now()));
        return c.body(null, 204);
      },
    );
}
