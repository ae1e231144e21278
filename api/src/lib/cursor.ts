import { createHash } from 'node:crypto';
import { ApiError } from './errors';

/**
 * The one way lists continue: an opaque cursor holding the last row's place in the list's order and a digest of
 * what the list was asked for (who asks, which filters). It only says where to continue — the rows always come
 * from the caller's own tenant and customer — so the digest is there to refuse a cursor reused with another caller
 * or query (400 CURSOR_INVALID) rather than to keep a secret.
 */
export function encodeCursor(place: unknown[], boundTo: unknown): string {
  return Buffer.from(JSON.stringify([...place, digest(boundTo)])).toString('base64url');
}

/**
 * The place `cursor` holds, if it was made for `boundTo` and `read` accepts its values (it answers undefined for
 * anything malformed); else 400 CURSOR_INVALID.
 */
export function decodeCursor<T>(cursor: string, boundTo: unknown, read: (place: unknown[]) => T | undefined): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.at(-1) !== digest(boundTo)) throw invalidCursor();
  const place = read(parsed.slice(0, -1));
  if (place === undefined) throw invalidCursor();
  return place;
}

const digest = (boundTo: unknown) =>
  createHash('sha256').update(JSON.stringify(boundTo)).digest('base64url').slice(0, 22);

const invalidCursor = () => new ApiError(400, 'CURSOR_INVALID', 'The cursor does not belong to this list');

/** A cursor value that is a time. */
export const isTimestamp = (value: unknown): value is string =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value));
