import { createMiddleware } from 'hono/factory';
import { ApiError } from '../lib/errors';
import type { AppEnv } from './types';

/** Largest JSON body any route accepts. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Deepest nesting of arrays and objects any route accepts (real bodies need 4). */
export const MAX_JSON_DEPTH = 16;

/**
 * Document uploads are the one body that is not JSON: multipart, streamed by the route itself, which enforces its own
 * limits as the bytes arrive (routes/portal-documents.ts, services/documents/).
 */
export const DOCUMENT_UPLOAD = /^\/v1\/(portal|admin)\/tickets\/[^/]+\/documents$/;
/** Uploads and downloads of documents, which may take longer than one request deadline on a slow connection. */
export const DOCUMENT_TRANSFER = /^\/v1\/(portal|admin)\/tickets\/[^/]+\/documents(\/[^/]+)?$/;

/**
 * Every write but a document upload takes JSON and nothing else, checked before any handler runs and before the body is buffered: a wrong
 * content type is 415 without reading a byte; the body is read as it streams and cut off at MAX_BODY_BYTES with 413
 * (chunked or not, whatever Content-Length claims); invalid UTF-8, unparsable JSON or nesting deeper than
 * MAX_JSON_DEPTH is 400.
 */
export const jsonBodyGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(c.req.method)) return next();
  if (c.req.method === 'POST' && DOCUMENT_UPLOAD.test(c.req.path)) return next();
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
    throw invalid('json', `Nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'MALFORMED_JSON', 'The body is not valid JSON');
  }
  const bad = badValue(parsed, 'json');
  if (bad) throw invalid(bad.path, bad.message);
  // The stream is consumed: the validators read these bytes instead.
  c.req.raw = new Request(c.req.raw, { body: text });
  return next();
});

/**
 * No route takes text with NUL characters or lone surrogates (PostgreSQL refuses the one, UTF-8 cannot carry the
 * other) or a non-finite number: checked here once for every path segment and query parameter, as the JSON body
 * guard checks every string, key and number of a body — 400 VALIDATION_FAILED with the field's path.
 */
export const inputGuard = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  for (const segment of url.pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw invalid('param', 'The path is not valid UTF-8');
    }
    const why = badText(decoded);
    if (why) throw invalid('param', why);
  }
  for (const [key, value] of url.searchParams) {
    const why = badText(key) ?? badText(value);
    if (why) throw invalid(`query.${key}`, why);
  }
  return next();
});

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function badText(text: string): string | null {
  if (text.includes('\u0000')) return 'Contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'Contains a lone surrogate';
  return null;
}

/** The first string, key or number in `value` that no route accepts, with its path (`json.customer.name`). */
function badValue(value: unknown, path: string): { path: string; message: string } | null {
  if (typeof value === 'string') {
    const why = badText(value);
    return why ? { path, message: why } : null;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? null : { path, message: 'Not a finite number' };
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const why = badText(key);
    // The key itself is bad, so the path names it with its bad characters replaced.
    // eslint-disable-next-line no-control-regex
    if (why) return { path: `${path}.${key.replace(/[\u0000\ud800-\udfff]/g, '\ufffd')}`, message: `Key: ${why}` };
    const bad = badValue(item, `${path}.${key}`);
    if (bad) return bad;
  }
  return null;
}

const invalid = (path: string, message: string) =>
  new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', { issues: [{ path, message }] });

/** Reads at most MAX_BODY_BYTES, then stops reading (the 413 closes the connection, see app.ts). */
export async function readLimited(body: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
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
