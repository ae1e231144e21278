import { redeemLink } from '../db/access';
import type { PreTenantLookups } from '../db/pre-tenant';
import type { TenantDb, Tx } from '../db/tenant-db';
import type { Clock } from '../lib/clock';
import { DomainError, linkInvalid } from '../lib/outcomes';
import { isTokenShaped } from '../lib/tokens';
import type { PortalSession } from '../schemas/contract';
import type { IdentityVerifier } from './identity';
import type { SessionKind, SessionService } from './sessions';

/** A link token of any kind, or a company-minted identity assertion for the tenant with that public id. */
export type RedeemRequest = { token: string } | { tenant: string; assertion: string };

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
 * fetched from the company).
 */
export async function redeemSession(
  { db, preTenant, sessions, identity, clock }: RedeemDeps,
  request: RedeemRequest,
  gate: (tenantId: string) => Promise<unknown>,
): Promise<PortalSession> {
  const now = clock.now();
  if ('token' in request) {
    const owner = isTokenShaped(request.token) ? await preTenant.linkOwner(request.token) : undefined;
    if (!owner) throw linkInvalid();
    await gate(owner.tenantId);
    return db.withTenant(owner.tenantId, async (tx) => {
      const link = await redeemLink(tx, owner, now);
      return issue(sessions, tx, owner.tenantId, { ...link, via: owner.kind });
    });
  }
  const tenantId = await preTenant.tenantByPublicId(request.tenant);
  if (!tenantId) throw new DomainError('identity-invalid', 'The identity assertion is not valid: unknown tenant');
  await gate(tenantId);
  const verified = await identity.verify(tenantId, request.assertion);
  return db.withTenant(tenantId, async (tx) => {
    const customer = await identity.resolve(tx, verified);
    return issue(sessions, tx, tenantId, { ...customer, ticketId: null, via: 'identity' });
  });
}

async function issue(
  sessions: SessionService,
  tx: Tx,
  tenantId: string,
  claims: { customerId: string; ticketId: string | null; scopes: PortalSession['scopes']; via: SessionKind },
): Promise<PortalSession> {
  const issued = await sessions.issue(tx, { tenantId, ...claims });
  return { ...issued, scopes: claims.scopes, ...(claims.ticketId ? { ticketId: claims.ticketId } : {}) };
}
