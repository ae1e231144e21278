import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../lib/secret-box';
import { withTenant, type Sql, type Tx } from './client';
import { listTenants } from './tenants';

export interface SessionKeyRow {
  kid: string;
  secret: Buffer;
}

/** The associated data a key's sealed secret is bound to: it opens only in its own row. */
const context = (tenantId: string, kid: string) => `session-key ${tenantId} ${kid}`;

/** The tenant's newest signing key, or undefined before its first session. */
export async function currentSessionKey(tx: Tx, tenantId: string, box: SecretBox): Promise<SessionKeyRow | undefined> {
  const [row] = await tx<SessionKeyRow[]>`
    select kid, secret from session_keys where retired_at is null and sealed order by created_at desc, seq desc limit 1`;
  return row && { kid: row.kid, secret: box.open(row.secret, context(tenantId, row.kid)) };
}

/** A new signing key with a random kid and secret, sealed at rest. */
export async function insertSessionKey(tx: Tx, tenantId: string, box: SecretBox, now: Date): Promise<SessionKeyRow> {
  const kid = randomBytes(12).toString('base64url');
  const secret = randomBytes(32);
  await tx`
    insert into session_keys (tenant_id, kid, secret, sealed, created_at)
    values (${tenantId}, ${kid}, ${box.seal(secret, context(tenantId, kid))}, true, ${now})`;
  return { kid, secret };
}

/** Retires every key still current at `retireAt` at that time (earlier retirements stand). */
export async function retireSessionKeys(tx: Tx, retireAt: Date): Promise<void> {
  await tx`update session_keys set retired_at = ${retireAt} where retired_at is null or retired_at > ${retireAt}`;
}

export function listSessionKeys(tx: Tx) {
  return tx<{ kid: string; createdAt: string; retiredAt: string | null }[]>`
    select kid, to_json(created_at)#>>'{}' as "createdAt", to_json(retired_at)#>>'{}' as "retiredAt"
    from session_keys order by created_at desc, seq desc`;
}

export async function sessionKeyByKid(
  tx: Tx,
  tenantId: string,
  kid: string,
  box: SecretBox,
): Promise<{ secret: Buffer; retiredAt: Date | null } | undefined> {
  const [row] = await tx<{ secret: Buffer; retiredAt: Date | null }[]>`
    select secret, retired_at as "retiredAt" from session_keys where kid = ${kid} and sealed`;
  return row && { secret: box.open(row.secret, context(tenantId, kid)), retiredAt: row.retiredAt };
}

/**
 * Seals the tenant's keys written before secrets were sealed, and opens one sealed key to prove `box` is the key
 * they were sealed with (throws `SecretKeyMismatch` otherwise). Runs at every start; a no-op once all are sealed.
 */
export async function sealSessionKeys(tx: Tx, tenantId: string, box: SecretBox): Promise<number> {
  const plain = await tx<SessionKeyRow[]>`select kid, secret from session_keys where not sealed for update`;
  for (const row of plain) {
    await tx`update session_keys set secret = ${box.seal(row.secret, context(tenantId, row.kid))}, sealed = true
             where kid = ${row.kid}`;
  }
  const [probe] = await tx<SessionKeyRow[]>`select kid, secret from session_keys where sealed limit 1`;
  if (probe) box.open(probe.secret, context(tenantId, probe.kid));
  return plain.length;
}

/** `sealSessionKeys` for every tenant: the application's start (owner pool) before it serves. */
export async function sealAllSessionKeys(sql: Sql, box: SecretBox): Promise<number> {
  let sealed = 0;
  for (const { id } of await listTenants(sql))
    sealed += await withTenant(sql, id, (tx) => sealSessionKeys(tx, id, box));
  return sealed;
}
