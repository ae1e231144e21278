import { z } from '@hono/zod-openapi';
import { ERROR_CODES } from './contract/errors';

export const IdParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '0b6f6f9e-5c7a-4d5f-9a51-1f1f4b0f3c11' }),
});

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      requestId: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      theme: z
        .record(z.string(), z.string())
        .optional()
        .describe(
          'The company’s theme tokens, on LINK_EXPIRED, LINK_USED and SHARE_LINK_ENDED of a redeem: the link was the ' +
            'company’s, so its error screen can wear its look',
        ),
    }),
  })
  .openapi('Error');

export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorResponse } },
});

/** The error answers every route can give, merged into each route's `responses`. */
export const commonErrors = {
  400: errorResponse('Validation failed (`VALIDATION_FAILED`, `MALFORMED_JSON`)'),
  401: errorResponse('Missing, invalid or expired credentials'),
  404: errorResponse('Not found (also for another tenant’s ids)'),
  413: errorResponse('Body too large'),
  415: errorResponse('Body is not application/json'),
  503: errorResponse('Database unavailable; retry after the Retry-After seconds'),
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** An IANA time zone name the runtime knows (Intl is the source of truth for zones). */
export const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return zone.includes('/') || zone === 'UTC';
    } catch {
      return false;
    }
  },
  { message: 'Unknown IANA time zone' },
);

export const Origin = z.string().refine(
  (value) => {
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  },
  { message: 'Must be a bare origin like https://acme.example' },
);
