import { DomainError } from '../lib/outcomes';
import { randomToken, sha256 } from '../lib/tokens';
import type { Scope } from '../schemas/contract/access';
import type { Tx } from './client';

/**
 * Records an identity assertion's `jti` until `expiresAt`; false when it was already seen and has not expired
 * (a replay). One upsert, so of concurrent redeems of one assertion exactly one wins.
 */
export async function firstSightOfJti(tx: Tx, jti: string, expiresAt: Date, now: Date): Promise<boolean> {
  const rows = await tx`
    insert into identity_jtis (tenant_id, jti, expires_at) values (porch_current_tenant(), ${jti}, ${expiresAt})
    on conflict (tenant_id, jti) do update set expires_at = excluded.expires_at
      where identity_jtis.expires_at <= ${now}
    returning 1`;
  return rows.length === 1;
}

/** Revokes session chains, links or device families by id until `until` (no session naming them lives longer). */
export async function revokeSessionIds(tx: Tx, ids: string[], until: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx`
    insert into session_revocations (tenant_id, id, expires_at)
    select porch_current_tenant(), id, ${until} from unnest(${ids}::uuid[]) as id
    on conflict (tenant_id, id) do update set expires_at = greatest(session_revocations.expires_at, excluded.expires_at)`;
}

/** Ends the sessions of `customerId` whose customer authenticated before `at` (sign out everywhere). */
export async function revokeCustomerSessions(tx: Tx, customerId: string, at: Date, until: Date): Promise<void> {
  await tx`
    insert into session_revocations (tenant_id, id, expires_at, authenticated_before)
    values (porch_current_tenant(), ${customerId}, ${until}, ${at})
    on conflict (tenant_id, id) do update
      set expires_at = greatest(session_revocations.expires_at, excluded.expires_at),
          authenticated_before = greatest(session_revocations.authenticated_before, excluded.authenticated_before)`;
}

/**
 * The tenant's revocations still in force at `now`: a chain, link or device id (`authenticatedBefore` null), or a
 * customer whose sessions authenticated before `authenticatedBefore` are ended.
 */
export async function revokedSessionIds(
  tx: Tx,
  now: Date,
): Promise<{ id: string; authenticatedBefore: Date | null }[]> {
  return tx<{ id: string; authenticatedBefore: Date | null }[]>`
    select id, authenticated_before as "authenticatedBefore" from session_revocations where expires_at > ${now}`;
}

export interface RefreshGrant {
  familyId: string;
  customerId: string;
  via: 'login' | 'identity';
  scopes: Scope[];
  authTime: Date;
  expiresAt: Date;
}

/** Issues the next refresh token of a family; only its hash is stored. */
export async function insertRefreshToken(tx: Tx, grant: RefreshGrant, now: Date): Promise<string> {
  const token = randomToken(32);
  await tx`
    insert into refresh_tokens (tenant_id, family_id, customer_id, token_hash, via, scopes, auth_time, expires_at, created_at)
    values (porch_current_tenant(), ${grant.familyId}, ${grant.customerId}, ${sha256(token)}, ${grant.via},
            ${grant.scopes}, ${grant.authTime}, ${grant.expiresAt}, ${now})`;
  return token;
}

const refreshInvalid = (why: string) => new DomainError('refresh-invalid', `The refresh token is not valid: ${why}`);

/**
 * Uses a refresh token once (row locked). A token already used means a copy is in other hands: the whole family
 * is revoked and the caller must revoke the family's sessions too (`reused`). Revoked or expired: refused.
 */
export async function useRefreshToken(
  tx: Tx,
  token: string,
  now: Date,
): Promise<{ grant: RefreshGrant; reused: false } | { familyId: string; reused: true }> {
  const [row] = await tx<(RefreshGrant & { id: string; usedAt: Date | null; revokedAt: Date | null })[]>`
    select id, family_id as "familyId", customer_id as "customerId", via, scopes, auth_time as "authTime",
           expires_at as "expiresAt", used_at as "usedAt", revoked_at as "revokedAt"
    from refresh_tokens where token_hash = ${sha256(token)} for update`;
  if (!row) throw refreshInvalid('unknown');
  if (row.revokedAt) throw refreshInvalid('revoked');
  if (row.usedAt) {
    await revokeFamily(tx, row.familyId, now);
    return { familyId: row.familyId, reused: true };
  }
  if (row.expiresAt.getTime() <= now.getTime()) throw refreshInvalid('expired');
  await tx`update refresh_tokens set used_at = ${now} where id = ${row.id}`;
  const { id: _id, usedAt: _used, revokedAt: _revoked, ...grant } = row;
  return { grant, reused: false };
}

/** Revokes every token of the family; true when the family exists (and belongs to `customerId` when given). */
export async function revokeFamily(tx: Tx, familyId: string, now: Date, customerId?: string): Promise<boolean> {
  const rows = await tx`
    update refresh_tokens set revoked_at = coalesce(revoked_at, ${now})
    where family_id = ${familyId} ${customerId ? tx`and customer_id = ${customerId}` : tx``}
    returning 1`;
  return rows.length > 0;
}

export interface Device {
  id: string;
  customerId: string;
  signedInAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

/** Remembered devices still signed in (a family whose newest token is neither used, revoked nor expired). */
export function listDevices(tx: Tx, now: Date, customerId?: string): Promise<Device[]> {
  return tx<Device[]>`
    select family_id as id, customer_id as "customerId", to_json(auth_time)#>>'{}' as "signedInAt",
           to_json(created_at)#>>'{}' as "lastUsedAt", to_json(expires_at)#>>'{}' as "expiresAt"
    from refresh_tokens
    where used_at is null and revoked_at is null and expires_at > ${now}
      ${customerId ? tx`and customer_id = ${customerId}` : tx``}
    order by created_at desc`;
}

/** Removes seen assertion ids and revocations that no session can name any more (no-tenant transaction). */
export async function sweepTokens(tx: Tx, now: Date): Promise<number> {
  const [row] = await tx<{ removed: number }[]>`select porch_token_sweep(${now}) as removed`;
  return row!.removed;
}
