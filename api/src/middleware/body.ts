import { createMiddleware } from 'hono/factory';
import { ApiError } from '../lib/errors';
import type { AppEnv } from './types';

/** Largest JSON body any route accepts. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Deepest nesting of arrays and objects any route accepts (real bodies need 4). */
export const MAX_JSON_DEPTH = 16;

/**
 * Every write takes JSON and nothing else, checked before any handler runs and before the body is buffered: a wrong
 * content type is 415 without reading a byte; the body is read as it streams and cut off at MAX_BODY_BYTES with 413
 * (chunked or not, whatever Content-Length claims); invalid UTF-8, unparsable JSON or nesting deeper than
 * MAX_JSON_DEPTH is 400.
 */
export const jsonBodyGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(c.req.method)) return next();
  const type = c.req.header('content-type');
  const length = Number(c.req.header('content-length') ?? 0);
  if (type ? !/^application\/json\s*(;|$)/i.test(type) : length > 0) throw unsupportedType();
  if (length > MAX_BODY_BYTES) throw tooLarge();

  const bytes = await readLimited(c.req.raw.body);
  // An empty body needs no type (e.g. a POST that only triggers an action).
  if (!type) {
    if (bytes.byteLength > 0) throw unsupportedType();
    c.req.raw = new Request(c.req.raw, { body: '' });
    return next();
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'MALFORMED_JSON', 'The body is not valid UTF-8');
  }
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', {
      issues: [{ path: '', message: `Nested deeper than ${MAX_JSON_DEPTH} levels` }],
    });
  }
  try {
    JSON.parse(text);
  } catch {
    throw new ApiError(400, 'MALFORMED_JSON', 'The body is not valid JSON');
  }
  // The stream is consumed: the validators read these bytes instead.
  c.req.raw = new Request(c.req.raw, { body: text });
  return next();
});

/** Reads at most MAX_BODY_BYTES, then stops reading (the 413 closes the connection, see app.ts). */
async function readLimited(body: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The deepest nesting of `[`/`{` outside strings; linear, and needs no parse (which could itself recurse). */
function nestingDepth(text: string) {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

const unsupportedType = () => new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
const tooLarge = () => new ApiError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${MAX_BODY_BYTES} bytes`);
