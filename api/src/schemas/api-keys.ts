import { z } from '@hono/zod-openapi';

export const ApiKey = z
  .object({
    id: z.uuid(),
    prefix: z
      .string()
      .openapi({ description: 'The key’s first characters, to tell keys apart', example: 'porch_sk_AbCd' }),
    label: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().openapi({ description: 'Recorded at most once a minute' }),
    expiresAt: z.string().nullable().openapi({ description: 'Set by a rotation: the end of its overlap' }),
    revokedAt: z.string().nullable(),
    current: z.boolean().openapi({ description: 'The key this request authenticates with' }),
  })
  .openapi('ApiKey');
export type ApiKeyView = z.infer<typeof ApiKey>;

export const ApiKeyCreate = z
  .strictObject({ label: z.string().trim().min(1).max(80).optional() })
  .openapi('ApiKeyCreate');

export const ApiKeyIssued = z
  .object({
    apiKey: z.string().openapi({ description: 'The secret, answered this once: only its hash is stored' }),
    key: ApiKey,
    previousExpireAt: z.string().optional().openapi({ description: 'Rotation: when the replaced key stops' }),
  })
  .openapi('ApiKeyIssued');
