import { createMiddleware } from 'hono/factory';
import { ApiError } from '../lib/errors';
import type { AppEnv } from './types';

/** Largest JSON body any route accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Every write takes JSON and nothing else: a wrong content type is 415, an oversize body 413 (checked on the
 * bytes actually read, not only on Content-Length), unparsable JSON 400 — before any handler runs.
 */
export const jsonBodyGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(c.req.method)) return next();
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) throw tooLarge();
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge();
  if (text.length === 0 && !type) return next();
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  }
  try {
    JSON.parse(text);
  } catch {
    throw new ApiError(400, 'MALFORMED_JSON', 'The body is not valid JSON');
  }
  return next();
});

const tooLarge = () => new ApiError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${MAX_BODY_BYTES} bytes`);
