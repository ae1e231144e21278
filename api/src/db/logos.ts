import { createHash } from 'node:crypto';
import type { CleanLogo } from '../lib/logo-image';
import { notFound } from '../lib/outcomes';
import type { ProfileView } from '../schemas/profiles';
import type { Tx } from './client';
import { getProfile } from './profiles';

/** Where a stored logo is served, below the API's own origin: immutable, named by the content's hash. */
export const logoPath = (publicId: string, sha256: string, ext: string) => `/v1/logos/${publicId}/${sha256}.${ext}`;

/** The stored logo a profile's logo URL names (any origin: the API's address may have changed), if it is one. */
export function storedLogo(url: string): { hash: string; type: 'image/png' | 'image/jpeg' } | null {
  const match = /\/v1\/logos\/[A-Za-z0-9_-]{1,64}\/([0-9a-f]{64})\.(png|jpg)$/.exec(url);
  return match ? { hash: match[1]!, type: match[2] === 'png' ? 'image/png' : 'image/jpeg' } : null;
}

/**
 * Stores a checked logo (content-addressed: the same image twice is one row) and points the profile at it.
 * 404 for another tenant's or an unknown profile.
 */
export async function setProfileLogo(
  tx: Tx,
  tenantId: string,
  profileId: string,
  logo: CleanLogo,
  origin: string,
  now: Date,
): Promise<ProfileView> {
  await getProfile(tx, profileId);
  const hash = createHash('sha256').update(logo.bytes).digest();
  await tx`
    insert into logos (tenant_id, sha256, content_type, bytes, width, height, created_at)
    values (${tenantId}, ${hash}, ${logo.contentType}, ${logo.bytes}, ${logo.width}, ${logo.height}, ${now})
    on conflict (tenant_id, sha256) do nothing`;
  const [tenant] = await tx<{ publicId: string }[]>`select public_id as "publicId" from tenants`;
  const url = origin + logoPath(tenant!.publicId, hash.toString('hex'), logo.ext);
  await tx`update portal_profiles set logo_url = ${url}, updated_at = ${now} where id = ${profileId}`;
  return getProfile(tx, profileId);
}

/** A stored logo by its hash and type (the tenant comes from the transaction); 404 when there is none. */
export async function readLogo(tx: Tx, sha256Hex: string, contentType: string) {
  const [row] = await tx<{ bytes: Buffer }[]>`
    select bytes from logos where sha256 = ${Buffer.from(sha256Hex, 'hex')} and content_type = ${contentType}`;
  if (!row) throw notFound('Logo');
  return row.bytes;
}
