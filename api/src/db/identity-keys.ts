import { notFound } from '../lib/outcomes';
import type { IdentityKeyCreateInput, IdentityKeyView } from '../schemas/access';
import type { Tx } from './client';

export interface IdentityKeyRow {
  id: string;
  issuer: string;
  audience: string;
  algorithms: ('RS256' | 'ES256' | 'EdDSA')[];
  jwksUrl: string | null;
  jwks: { keys: Record<string, unknown>[] } | null;
}

const select = (tx: Tx) => tx`
  id, issuer, audience, algorithms, jwks_url as "jwksUrl", jwks, to_json(created_at)#>>'{}' as "createdAt"`;

export function listIdentityKeys(tx: Tx): Promise<IdentityKeyView[]> {
  return tx<IdentityKeyView[]>`select ${select(tx)} from identity_keys order by created_at, seq`;
}

/** Registers (or replaces) the keys an issuer signs with. */
export async function saveIdentityKey(
  tx: Tx,
  tenantId: string,
  input: IdentityKeyCreateInput,
  now: Date,
): Promise<IdentityKeyView> {
  const [row] = await tx<IdentityKeyView[]>`
    insert into identity_keys (tenant_id, issuer, audience, algorithms, jwks_url, jwks, created_at)
    values (${tenantId}, ${input.issuer}, ${input.audience}, ${input.algorithms}, ${input.jwksUrl ?? null},
            ${input.jwks ? tx.json(input.jwks as never) : null}, ${now})
    on conflict (tenant_id, issuer) do update
      set id = gen_random_uuid(), audience = excluded.audience, algorithms = excluded.algorithms,
          jwks_url = excluded.jwks_url, jwks = excluded.jwks, created_at = excluded.created_at, seq = default
    returning ${select(tx)}`;
  return row!;
}

export async function deleteIdentityKey(tx: Tx, id: string): Promise<void> {
  const [row] = await tx`delete from identity_keys where id = ${id} returning 1`;
  if (!row) throw notFound('Identity key');
}

export async function identityKeyForIssuer(tx: Tx, issuer: string): Promise<IdentityKeyRow | undefined> {
  const [row] = await tx<IdentityKeyRow[]>`
    select id, issuer, audience, algorithms, jwks_url as "jwksUrl", jwks from identity_keys where issuer = ${issuer}`;
  return row;
}
