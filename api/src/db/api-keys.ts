import { DomainError, notFound } from '../lib/outcomes';
import { randomToken, sha256 } from '../lib/tokens';
import type { ApiKeyView } from '../schemas/api-keys';
import type { Tx } from './client';
import { iso } from './tickets';

const API_KEY_PREFIX = 'porch_sk_';
const HOUR_MS = 3_600_000;

type KeyRow = Omit<ApiKeyView, 'current'>;
interface StoredKey extends Omit<KeyRow, 'createdAt' | 'lastUsedAt' | 'expiresAt' | 'revokedAt'> {
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}
const keyColumns = (tx: Tx) => tx`
  id, prefix, label, created_at as "createdAt", last_used_at as "lastUsedAt", expires_at as "expiresAt",
  revoked_at as "revokedAt"`;
const view = (row: StoredKey): KeyRow => ({
  ...row,
  createdAt: iso(row.createdAt)!,
  lastUsedAt: iso(row.lastUsedAt),
  expiresAt: iso(row.expiresAt),
  revokedAt: iso(row.revokedAt),
});

/** A new key: only its hash and its first characters (to tell keys apart) rest; the key itself is answered once. */
export async function issueApiKey(tx: Tx, tenantId: string, label: string | null, now: Date) {
  const apiKey = API_KEY_PREFIX + randomToken(32);
  const [row] = await tx<StoredKey[]>`
    insert into api_keys (tenant_id, key_hash, prefix, label, created_at)
    values (${tenantId}, ${sha256(apiKey)}, ${apiKey.slice(0, 14)}, ${label}, ${now})
    returning ${keyColumns(tx)}`;
  return { apiKey, key: view(row!) };
}

/** Every key, live or ended, newest first. */
export async function listApiKeys(tx: Tx): Promise<KeyRow[]> {
  return (await tx<StoredKey[]>`select ${keyColumns(tx)} from api_keys order by created_at desc, seq desc`).map(view);
}

/**
 * Replaces one key: a new one with its label, while the old one keeps working for `overlapHours` (0 ends it at
 * once). A revoked or expired key has nothing to hand over (409 CONFLICT).
 */
export async function rotateOneApiKey(tx: Tx, tenantId: string, id: string, overlapHours: number, now: Date) {
  const until = new Date(now.getTime() + overlapHours * HOUR_MS);
  const [old] = await tx<{ label: string | null; live: boolean }[]>`
    select label, revoked_at is null and (expires_at is null or expires_at > ${now}) as live
    from api_keys where id = ${id} for update`;
  if (!old) throw notFound('API key');
  if (!old.live) throw new DomainError('conflict', 'This key has already ended; create a new one instead');
  await tx`update api_keys set expires_at = ${until} where id = ${id} and (expires_at is null or expires_at > ${until})`;
  return { ...(await issueApiKey(tx, tenantId, old.label, now)), previousExpireAt: until.toISOString() };
}

/**
 * Revokes a key at once (again is a no-op). The key a request authenticates with cannot revoke itself (409
 * API_KEY_IN_USE, nothing changed): a server must not lock itself out by one call; another key or the console can.
 */
export async function revokeApiKey(tx: Tx, id: string, callerKeyId: string | undefined, now: Date) {
  if (id === callerKeyId) {
    throw new DomainError(
      'api-key-in-use',
      'A key cannot revoke itself; revoke it with another key or in the console (or rotate it)',
    );
  }
  const [row] = await tx`update api_keys set revoked_at = coalesce(revoked_at, ${now}) where id = ${id} returning id`;
  if (!row) throw notFound('API key');
}
