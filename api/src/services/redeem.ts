import { linkTheme, redeemLink } from '../db/access';
import type { PreTenantLookups } from '../db/pre-tenant';
import { insertRefreshToken, useRefreshToken, type RefreshGrant } from '../db/session-tokens';
import type { TenantDb, Tx } from '../db/tenant-db';
import type { PortalTenant } from '../db/tenants';
import type { Clock } from '../lib/clock';
import { DomainError, linkInvalid, type OutcomeKind } from '../lib/outcomes';
import { isTokenShaped } from '../lib/tokens';
import type { PortalSession } from '../schemas/contract/access';
import { firstView } from './first-view';
import type { IdentityVerifier } from './identity';
import { DEVICE_LIMIT_SECONDS, type SessionClaims, type SessionGrant, type SessionService } from './sessions';

/** The answers to a real link that works no more (not to an unknown token). */
const WORKS_NO_MORE = new Set<OutcomeKind>(['link-expired', 'link-used', 'share-ended']);

/**
 * A link token of any kind, or a company-minted identity assertion for the tenant with that public id. `remember`
 * asks for a refresh token ("keep me signed in on this device"); only customer-wide sessions get one.
 */
export type RedeemRequest = ({ token: string } | { tenant: string; assertion: string }) & { remember?: boolean };

export interface RedeemDeps {
  db: TenantDb;
  preTenant: PreTenantLookups;
  sessions: SessionService;
  identity: IdentityVerifier;
  clock: Clock;
}

/**
 * The one redeem flow behind `POST /v1/portal/session`: find the tenant (the link's owner by the token's hash, or
 * the tenant named by public id), pass the tenant's gate (`gate`: origin, portal switch) before anything is
 * consumed, then one tenant transaction that consumes or validates the link (or finds the identity's customer)
 * and issues the session. An identity assertion's signature is checked before that transaction (its keys may be
 * fetched from the company). The answer carries the portal's first view (`me`, and `ticket` for a ticket link),
 * read in the same transaction, so the portal shows the status without another call; its texts in `lang`.
 */
export async function redeemSession(
  { db, preTenant, sessions, identity, clock }: RedeemDeps,
  request: RedeemRequest,
  gate: (tenantId: string) => Promise<PortalTenant>,
  lang?: string,
): Promise<PortalSession> {
  const now = clock.now();
  const remember = request.remember === true;
  if ('token' in request) {
    const owner = isTokenShaped(request.token) ? await preTenant.linkOwner(request.token) : undefined;
    if (!owner) throw linkInvalid();
    const tenant = await gate(owner.tenantId);
    return db.withTenant(owner.tenantId, async (tx) => {
      const link = await redeemLink(tx, owner, now).catch(async (error: unknown) => {
        // The link was the company's: its error screen may wear the company's look.
        if (error instanceof DomainError && WORKS_NO_MORE.has(error.kind)) {
          throw new DomainError(error.kind, error.message, { theme: await linkTheme(tx, owner) });
        }
        throw error;
      });
      const grant = { tenantId: owner.tenantId, ...link, via: owner.kind, lid: owner.linkId };
      const issued = await issue(sessions, tx, grant, remember && owner.kind === 'login', now);
      return { ...issued, ...(await firstView(tx, owner.tenantId, grant, tenant, now, lang)) };
    });
  }
  const tenantId = await preTenant.tenantByPublicId(request.tenant);
  if (!tenantId) throw new DomainError('identity-invalid', 'The identity assertion is not valid: unknown tenant');
  const tenant = await gate(tenantId);
  const verified = await identity.verify(tenantId, request.assertion);
  return db.withTenant(tenantId, async (tx) => {
    const customer = await identity.resolve(tx, verified);
    const grant: SessionGrant = { tenantId, ...customer, ticketId: null, via: 'identity' };
    const issued = await issue(sessions, tx, grant, remember, now);
    return { ...issued, ...(await firstView(tx, tenantId, grant, tenant, now, lang)) };
  });
}

/** A new session in the same chain (same `sid`, link, device and auth time) while the current one lives. */
export async function renewSession(
  { db, sessions, clock }: RedeemDeps,
  claims: SessionClaims,
  remember = false,
): Promise<PortalSession> {
  const { exp: _exp, ...grant } = claims;
  return db.withTenant(claims.tenantId, (tx) => issue(sessions, tx, grant, remember && !grant.fam, clock.now()));
}

/**
 * Trades a remembered device's refresh token for a session and the device's next refresh token. A token used
 * before (a copy in other hands) signs the device out: its family is revoked with every session it made.
 */
export async function refreshSession(
  { preTenant, sessions, clock }: RedeemDeps,
  refreshToken: string,
  gate: (tenantId: string) => Promise<unknown>,
): Promise<PortalSession> {
  const refused = new DomainError('refresh-invalid', 'The refresh token is not valid');
  const tenantId = isTokenShaped(refreshToken) ? await preTenant.refreshTokenOwner(refreshToken) : null;
  if (!tenantId) throw refused;
  await gate(tenantId);
  const now = clock.now();
  const outcome = await sessions.revoking(tenantId, async (tx, revoke) => {
    const used = await useRefreshToken(tx, refreshToken, now);
    if (used.reused) {
      await revoke([used.familyId]);
      return null;
    }
    const { grant } = used;
    const session = await sessions.issue(tx, {
      tenantId,
      customerId: grant.customerId,
      ticketId: null,
      scopes: grant.scopes,
      via: grant.via,
      fam: grant.familyId,
      authTime: grant.authTime.getTime() / 1000,
    });
    const next = await insertRefreshToken(tx, grant, now);
    return { ...session, scopes: grant.scopes, refreshToken: next, refreshExpiresAt: grant.expiresAt.toISOString() };
  });
  if (!outcome) throw new DomainError('refresh-invalid', 'The refresh token was used before: the device is signed out');
  return outcome;
}

async function issue(
  sessions: SessionService,
  tx: Tx,
  grant: SessionGrant,
  remember: boolean,
  now: Date,
): Promise<PortalSession> {
  let device: { refreshToken: string; refreshExpiresAt: string } | undefined;
  if (remember && grant.ticketId === null && (grant.via === 'login' || grant.via === 'identity')) {
    const refresh: RefreshGrant = {
      familyId: crypto.randomUUID(),
      customerId: grant.customerId,
      via: grant.via,
      scopes: grant.scopes,
      authTime: now,
      expiresAt: new Date(now.getTime() + DEVICE_LIMIT_SECONDS * 1000),
    };
    grant = { ...grant, fam: refresh.familyId, authTime: now.getTime() / 1000 };
    device = {
      refreshToken: await insertRefreshToken(tx, refresh, now),
      refreshExpiresAt: refresh.expiresAt.toISOString(),
    };
  }
  const issued = await sessions.issue(tx, grant);
  return { ...issued, scopes: grant.scopes, ...(grant.ticketId ? { ticketId: grant.ticketId } : {}), ...device };
}
