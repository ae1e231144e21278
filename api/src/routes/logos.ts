import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { readLogo, setProfileLogo } from '../db/logos';
import { getProfile } from '../db/profiles';
import { notFound } from '../lib/errors';
import { cleanLogo, LOGO_MAX_BYTES } from '../lib/logo-image';
import type { AppEnv } from '../middleware/types';
import { readUpload } from '../middleware/upload';
import { commonErrors, errorResponse, IdParams, jsonResponse } from '../schemas/common';
import { Profile } from '../schemas/profiles';
import { router, type AppDeps } from './deps';

const security: Record<string, string[]>[] = [{ apiKey: [] }, { staffCookie: [] }];
// Plain schemas, not zod: the route reads the body itself (capped while streaming), so no validator may buffer it.
const binary = { schema: { type: 'string' as const, format: 'binary' } };

/**
 * Uploading a profile's logo (mounted before the JSON body guard: the body is an image). Its own auth, since the
 * admin API's middleware comes after that guard.
 */
export function adminLogoRoutes({ clock, servedAt }: AppDeps, auth: MiddlewareHandler<AppEnv>) {
  return router().openapi(
    createRoute({
      method: 'put',
      path: '/profiles/{id}/logo',
      tags: ['Admin: profiles'],
      security,
      middleware: [auth] as const,
      summary:
        'Upload the profile’s logo: PNG or JPEG by content, at most 20,480 bytes and 25 px high; metadata is stripped and the logo is served from /v1/logos',
      request: {
        params: IdParams,
        body: {
          required: true,
          content: {
            'image/png': binary,
            'image/jpeg': binary,
            'application/octet-stream': binary,
            'multipart/form-data': {
              schema: { type: 'object' as const, properties: { logo: binary.schema }, required: ['logo'] },
            },
          },
        },
      },
      responses: {
        ...commonErrors,
        200: jsonResponse(Profile, 'The profile, its logoUrl pointing at the stored logo'),
        403: errorResponse('ROLE_FORBIDDEN (dispatchers), ORIGIN_NOT_ALLOWED or CSRF_FAILED (cookie sessions)'),
        415: errorResponse('UNSUPPORTED_MEDIA_TYPE: not a PNG or JPEG by its content (SVG, GIF, … whatever the name)'),
        422: errorResponse('LOGO_TOO_TALL (more than 25 px high) or LOGO_INVALID (a damaged PNG or JPEG)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      // Another tenant's or an unknown profile is 404 whatever the body is, before a byte of it is read.
      await c.var.tx((tx) => getProfile(tx, id));
      const logo = await cleanLogo(await readUpload(c, LOGO_MAX_BYTES));
      const profile = await c.var.tx((tx) =>
        setProfileLogo(tx, c.var.tenantId, id, logo, servedAt.origin(c), clock.now()),
      );
      return c.json(profile, 200);
    },
  );
}

const LogoParams = z.object({
  tenant: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .openapi({ param: { name: 'tenant', in: 'path' }, description: 'The tenant’s public id' }),
  file: z
    .string()
    .regex(/^[0-9a-f]{64}\.(png|jpg)$/)
    .openapi({ param: { name: 'file', in: 'path' }, description: '<sha256 of the content>.<png|jpg>' }),
});

/** Public, immutable logo files (no credentials): any page and mail may show them. */
export function logoRoutes({ db, preTenant }: AppDeps) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/{tenant}/{file}',
      tags: ['Logos'],
      summary: 'A stored logo, by content hash: immutable, cacheable for a year',
      request: { params: LogoParams },
      responses: {
        200: {
          description: 'The image',
          content: { 'image/png': binary, 'image/jpeg': binary },
        },
        404: errorResponse('NOT_FOUND'),
        400: errorResponse('VALIDATION_FAILED'),
      },
    }),
    async (c) => {
      const { tenant, file } = c.req.valid('param');
      const tenantId = await preTenant.tenantByPublicId(tenant);
      if (!tenantId) throw notFound('Logo');
      const [hash, ext] = file.split('.') as [string, 'png' | 'jpg'];
      const type = ext === 'png' ? 'image/png' : 'image/jpeg';
      const bytes = await db.withTenant(tenantId, (tx) => readLogo(tx, hash, type));
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': type,
        'Cache-Control': 'public, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        ETag: `"${hash}"`,
      });
    },
  );
}
