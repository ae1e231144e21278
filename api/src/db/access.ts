import { DomainError, notFound } from '../lib/outcomes';
import { randomToken, sha256 } from '../lib/tokens';
import type { PortalShareLink, Scope } from '../schemas/contract';
import type { SessionKind } from '../services/sessions';
import { withTenant, type Sql, type Tx } from './client';
import { findRedeemableLink } from './links';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A share link lives this long unless revoked sooner. */
export const SHARE_LINK_TTL_DAYS = 30;

const linkUrl = (portalUrl: string | null, token: string) => `${(portalUrl ?? '').split('#')[0]}#porch=${token}`;

/**
 * Issues a login link for a customer: single use, `login_link_ttl_minutes` (≤ 10) long, and the only one that works —
 * every older unused link of the customer is revoked in the same transaction. Only the token's hash is stored.
 */
export async function issueLoginLink(tx: Tx, tenantId: string, customerId: string, now: Date) {
  const [customer] = await tx<{ email: string | null }[]>`select email from customers where id = ${customerId}`;
  if (!customer) throw notFound('Customer');
  if (!customer.email) {
    throw new DomainError('customer-email-missing', 'The customer has no email address to send a login link to');
  }
  const [tenant] = await tx<{ portalUrl: string | null; ttlMinutes: number }[]>`
    select portal_url as "portalUrl", login_link_ttl_minutes as "ttlMinutes" from tenants`;
  await tx`update login_links set revoked_at = ${now} where customer_id = ${customerId} and used_at is null and revoked_at is null`;
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + tenant!.ttlMinutes * MINUTE_MS);
  await tx`insert into login_links (tenant_id, customer_id, token_hash, expires_at)
           values (${tenantId}, ${customerId}, ${sha256(token)}, ${expiresAt})`;
  return { url: linkUrl(tenant!.portalUrl, token), token, expiresAt: expiresAt.toISOString() };
}

/** The customer-wide scope set the tenant allows (login links and company-minted identities). */
export async function customerScopes(tx: Tx): Promise<Scope[]> {
  const [row] = await tx<{ scopes: Scope[] }[]>`select customer_scopes as scopes from tenants`;
  return row!.scopes;
}

/** What a redeemed token opens a session for. */
export interface Redeemed {
  tenantId: string;
  customerId: string;
  ticketId: string | null;
  scopes: Scope[];
  via: SessionKind;
}

const linkInvalid = () => new DomainError('link-invalid', 'This link is not valid');

/**
 * Resolves a link token of any kind to its tenant, then `check(tenantId)` (origin, portal switch) runs before
 * anything is consumed; then the link is redeemed. A login link is consumed by one conditional UPDATE, so of any
 * number of concurrent redeems exactly one wins.
 */
export async function redeemToken(
  sql: Sql,
  token: string,
  now: Date,
  check: (tenantId: string) => Promise<unknown>,
): Promise<Redeemed> {
  const hash = sha256(token);
  const [owner] = await withTenant(
    sql,
    null,
    (tx) => tx<{ tenantId: string; kind: 'ticket' | 'login' | 'share'; linkId: string }[]>`
    select tenant_id as "tenantId", kind, link_id as "linkId" from porch_token_owner(${hash})`,
  );
  if (!owner) throw linkInvalid();
  await check(owner.tenantId);
  const { tenantId, linkId } = owner;
  if (owner.kind === 'ticket') {
    const link = await findRedeemableLink(sql, tenantId, linkId, now);
    await withTenant(sql, tenantId, (tx) => tx`update ticket_links set last_used_at = ${now} where id = ${linkId}`);
    return { tenantId, customerId: link.customerId, ticketId: link.ticketId, scopes: link.scopes, via: 'ticket' };
  }
  return withTenant(sql, tenantId, async (tx) => {
    if (owner.kind === 'login') {
      const [used] = await tx<{ customerId: string }[]>`
        update login_links set used_at = ${now}
        where id = ${linkId} and used_at is null and revoked_at is null and expires_at > ${now}
        returning customer_id as "customerId"`;
      if (!used) {
        const [link] = await tx<
          { usedAt: Date | null }[]
        >`select used_at as "usedAt" from login_links where id = ${linkId}`;
        if (link?.usedAt) throw new DomainError('link-used', 'This link has already been used');
        throw new DomainError('link-expired', 'This link has expired');
      }
      return { tenantId, customerId: used.customerId, ticketId: null, scopes: await customerScopes(tx), via: 'login' };
    }
    const [share] = await tx<{ ticketId: string; customerId: string }[]>`
      update share_links set last_used_at = ${now}
      where id = ${linkId} and revoked_at is null and expires_at > ${now}
      returning ticket_id as "ticketId", customer_id as "customerId"`;
    if (!share) throw new DomainError('link-expired', 'This link has expired');
    return { tenantId, customerId: share.customerId, ticketId: share.ticketId, scopes: ['track'], via: 'share' };
  });
}

const shareColumns = (tx: Tx) => tx`
  id, ticket_id as "ticketId", label, to_json(expires_at)#>>'{}' as "expiresAt",
  to_json(revoked_at)#>>'{}' as "revokedAt", to_json(last_used_at)#>>'{}' as "lastUsedAt",
  to_json(created_at)#>>'{}' as "createdAt"`;

export async function createShareLink(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  customerId: string,
  label: string | null,
  now: Date,
) {
  const [tenant] = await tx<{ portalUrl: string | null }[]>`select portal_url as "portalUrl" from tenants`;
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + SHARE_LINK_TTL_DAYS * DAY_MS);
  const [row] = await tx<PortalShareLink[]>`
    insert into share_links (tenant_id, ticket_id, customer_id, token_hash, label, expires_at)
    values (${tenantId}, ${ticketId}, ${customerId}, ${sha256(token)}, ${label}, ${expiresAt})
    returning ${shareColumns(tx)}`;
  return { ...row!, url: linkUrl(tenant!.portalUrl, token), token };
}

export function listShareLinks(tx: Tx, ticketId: string): Promise<PortalShareLink[]> {
  return tx<
    PortalShareLink[]
  >`select ${shareColumns(tx)} from share_links where ticket_id = ${ticketId} order by created_at desc`;
}

/** Revokes a share link of the ticket; revoking twice is a no-op that answers the link. */
export async function revokeShareLink(tx: Tx, ticketId: string, id: string, now: Date): Promise<PortalShareLink> {
  const [row] = await tx<PortalShareLink[]>`
    update share_links set revoked_at = coalesce(revoked_at, ${now})
    where id = ${id} and ticket_id = ${ticketId} returning ${shareColumns(tx)}`;
  if (!row) throw notFound('Share link');
  return row;
}

/** Whether a ticket belongs to the customer (customer-wide sessions see all of theirs and nothing else). */
export async function isCustomersTicket(tx: Tx, ticketId: string, customerId: string): Promise<boolean> {
  const [row] = await tx`select 1 from tickets where id = ${ticketId} and customer_id = ${customerId}`;
  return Boolean(row);
}

export async function latestTicketOf(tx: Tx, customerId: string): Promise<string | undefined> {
  const [row] = await tx<
    { id: string }[]
  >`select id from tickets where customer_id = ${customerId} order by updated_at desc limit 1`;
  return row?.id;
}
