import { createHash, randomBytes } from 'node:crypto';

/** A URL-safe random token with `bytes` bytes of entropy (default 32 = 256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Tokens and API keys are stored only as this hash. */
export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** A syntactically valid token: what `randomToken()` can produce, so junk never reaches the database. */
export function isTokenShaped(value: string): boolean {
  return /^[A-Za-z0-9_-]{22,128}$/.test(value);
}
