import { randomBytes } from 'node:crypto';
import type { Tx } from './client';

export interface SessionKeyRow {
  kid: string;
  secret: Buffer;
}

/** The tenant's newest signing key, or undefined before its first session. */
export async function currentSessionKey(tx: Tx): Promise<SessionKeyRow | undefined> {
  const [row] = await tx<SessionKeyRow[]>`
    select kid, secret from session_keys where retired_at is null order by created_at desc, seq desc limit 1`;
  return row;
}

/** A new signing key with a random kid and secret. */
export async function insertSessionKey(tx: Tx, tenantId: string): Promise<SessionKeyRow> {
  const [row] = await tx<SessionKeyRow[]>`
    insert into session_keys (tenant_id, kid, secret)
    values (${tenantId}, ${randomBytes(12).toString('base64url')}, ${randomBytes(32)})
    returning kid, secret`;
  return row!;
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
  kid: string,
): Promise<{ secret: Buffer; retiredAt: Date | null } | undefined> {
  const [row] = await tx<{ secret: Buffer; retiredAt: Date | null }[]>`
    select secret, retired_at as "retiredAt" from session_keys where kid = ${kid}`;
  return row;
}
