import { z } from '@hono/zod-openapi';

export const PortalLink = z.object({ url: z.string(), token: z.string(), expiresAt: z.string() }).openapi('PortalLink');

export const LoginLinkRequest = z
  .strictObject({ tenant: z.string().min(1).max(64), email: z.email().max(320) })
  .openapi('LoginLinkRequest');

export const LoginLinkRequested = z
  .object({
    status: z.literal('accepted'),
    expiresInMinutes: z.number().int().openapi({ description: 'How long a login link of this tenant works' }),
  })
  .openapi('LoginLinkRequested');

export const LoginLinkSendQuery = z.object({
  send: z
    .enum(['email'])
    .optional()
    .openapi({ description: '`email`: mail the link to the customer through the outbox instead of answering it' }),
});

export const LoginLinkQueued = z
  .object({
    status: z.literal('accepted'),
    messageId: z.uuid().openapi({ description: 'The outbox message (GET /v1/admin/outbox/{id})' }),
  })
  .openapi('LoginLinkQueued');

export const ShareLinkCreate = z
  .strictObject({ label: z.string().trim().min(1).max(100).optional() })
  .openapi('ShareLinkCreate');

export const ShareLink = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    label: z.string().nullable(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
    timezone: z.string().describe("IANA zone of the ticket's site: the widget shows these times in it"),
  })
  .openapi('ShareLink');

export const ShareLinkCreated = ShareLink.extend({ url: z.string(), token: z.string() }).openapi('ShareLinkCreated');

export const ShareLinkParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  linkId: z.uuid().openapi({ param: { name: 'linkId', in: 'path' } }),
});

const ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
/** Members only a private or symmetric key has: a registered key must be public. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const KTY_FOR: Record<(typeof ALGORITHMS)[number], string> = { RS256: 'RSA', ES256: 'EC', EdDSA: 'OKP' };

const PublicJwk = z
  .looseObject({
    kty: z.enum(['RSA', 'EC', 'OKP']),
    kid: z.string().max(200).optional(),
    use: z.literal('sig').optional(),
    alg: z.enum(ALGORITHMS).optional(),
    crv: z.string().optional(),
    n: z.string().optional(),
  })
  .refine((jwk) => PRIVATE_MEMBERS.every((member) => !(member in jwk)), {
    message: 'Only public keys: no private or symmetric members',
  })
  .refine((jwk) => jwk.kty !== 'RSA' || (jwk.n ?? '').length >= 342, { message: 'RSA keys need at least 2048 bits' })
  .refine((jwk) => jwk.kty !== 'EC' || jwk.crv === 'P-256', { message: 'EC keys must use P-256' })
  .refine((jwk) => jwk.kty !== 'OKP' || jwk.crv === 'Ed25519', { message: 'OKP keys must use Ed25519' });

/** Checked further when registered and again at every connection (lib/guarded-fetch.ts): 400 URL_NOT_ALLOWED. */
const JwksUrl = z.url().max(500).openapi({ description: 'An https URL on a public address' });

export const IdentityKeyCreate = z
  .strictObject({
    /** The `iss` the company's tokens carry. */
    issuer: z.string().min(1).max(500),
    /** The `aud` the company's tokens carry. */
    audience: z.string().min(1).max(500),
    algorithms: z.array(z.enum(ALGORITHMS)).min(1).max(3),
    jwksUrl: JwksUrl.optional(),
    jwks: z.strictObject({ keys: z.array(PublicJwk).min(1).max(10) }).optional(),
  })
  .refine((input) => Boolean(input.jwksUrl) !== Boolean(input.jwks), { message: 'Give either jwksUrl or jwks' })
  .refine(
    (input) => !input.jwks || input.algorithms.every((alg) => input.jwks!.keys.some((key) => key.kty === KTY_FOR[alg])),
    {
      message: 'Every algorithm needs a key of its type',
    },
  )
  .openapi('IdentityKeyCreate');

export const IdentityKey = z
  .object({
    id: z.uuid(),
    issuer: z.string(),
    audience: z.string(),
    algorithms: z.array(z.enum(ALGORITHMS)),
    jwksUrl: z.string().nullable(),
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).nullable(),
    createdAt: z.string(),
  })
  .openapi('IdentityKey');

export const SessionKeyRotate = z.strictObject({ retireNow: z.boolean().optional() }).openapi('SessionKeyRotate');

export const SessionKey = z
  .object({ kid: z.string(), createdAt: z.string(), retiredAt: z.string().nullable() })
  .openapi('SessionKey');

export const SessionKeyRotated = z
  .object({ kid: z.string(), previousRetireAt: z.string() })
  .openapi('SessionKeyRotated');

export const ApiKeyRotate = z.strictObject({ overlapHours: z.number().int().min(0).max(720) }).openapi('ApiKeyRotate');
export const ApiKeyRotated = z.object({ apiKey: z.string(), previousExpireAt: z.string() }).openapi('ApiKeyRotated');

export type IdentityKeyCreateInput = z.infer<typeof IdentityKeyCreate>;
export type IdentityKeyView = z.infer<typeof IdentityKey>;
