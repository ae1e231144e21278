import { customerEmailMissing, linkExpired, linkUsed, notFound, shareEnded } from '../lib/outcomes';
import { randomToken, sha256 } from '../lib/tokens';
import type { PortalShareLink, Scope } from '../schemas/contract/access';
import type { ThemeTokens } from '../schemas/contract/portal';
import type { Tx } from './client';
import { useTicketLink } from './links';
import { defaultProfile, profileForTicket } from './profiles';
import type { LinkOwner } from './pre-tenant';

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
  if (!customer.email) throw customerEmailMissing();
  const [tenant] = await tx<{ portalUrl: string | null; ttlMinutes: number }[]>`
    select portal_url as "portalUrl", login_link_ttl_minutes as "ttlMinutes" from tenants`;
  await tx`update login_links set revoked_at = ${now} where customer_id = ${customerId} and used_at is null and revoked_at is null`;
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + tenant!.ttlMinutes * MINUTE_MS);
  await tx`insert into login_links (tenant_id, customer_id, token_hash, expires_at, created_at)
           values (${tenantId}, ${customerId}, ${sha256(token)}, ${expiresAt}, ${now})`;
  return { url: linkUrl(tenant!.portalUrl, token), token, expiresAt: expiresAt.toISOString() };
}

/** The customer-wide scope set the tenant allows (login links and company-minted identities). */
export async function customerScopes(tx: Tx): Promise<Scope[]> {
  const [row] = await tx<{ scopes: Scope[] }[]>`select customer_scopes as scopes from tenants`;
  return row!.scopes;
}

/** What a consumed link opens a session for. */
export interface RedeemedLink {
  customerId: string;
  ticketId: string | null;
  scopes: Scope[];
}

/**
 * Consumes or validates a link (resolved to its tenant by `PreTenantLookups.linkOwner`) inside the tenant's redeem
 * transaction. A login link is consumed by one conditional UPDATE, so of any number of concurrent redeems exactly
 * one wins; a ticket or share link is checked and its last use recorded.
 */
export async function redeemLink(tx: Tx, owner: Pick<LinkOwner, 'kind' | 'linkId'>, now: Date): Promise<RedeemedLink> {
  const { linkId } = owner;
  if (owner.kind === 'ticket') {
    const link = await useTicketLink(tx, linkId, now);
    return { customerId: link.customerId, ticketId: link.ticketId, scopes: link.scopes };
  }
  if (owner.kind === 'login') {
    const [used] = await tx<{ customerId: string }[]>`
      update login_links set used_at = ${now}
      where id = ${linkId} and used_at is null and revoked_at is null and expires_at > ${now}
      returning customer_id as "customerId"`;
    if (!used) {
      const [link] = await tx<
        { usedAt: Date | null }[]
      >`select used_at as "usedAt" from login_links where id = ${linkId}`;
      throw link?.usedAt ? linkUsed() : linkExpired();
    }
    return { customerId: used.customerId, ticketId: null, scopes: await customerScopes(tx) };
  }
  const [share] = await tx<{ ticketId: string; customerId: string }[]>`
    update share_links set last_used_at = ${now}
    where id = ${linkId} and revoked_at is null and expires_at > ${now}
    returning ticket_id as "ticketId", customer_id as "customerId"`;
  if (!share) throw shareEnded();
  return { customerId: share.customerId, ticketId: share.ticketId, scopes: ['track'] };
}

/**
 * The look of the profile a link opens (its ticket's; the default profile for a login link), for the error screen
 * of a link that works no more. Only for a link found by its token's hash: the company's colours, nothing else.
 */
export async function linkTheme(tx: Tx, owner: Pick<LinkOwner, 'kind' | 'linkId'>): Promise<ThemeTokens> {
  const table = owner.kind === 'ticket' ? tx`ticket_links` : tx`share_links`;
  const [ticket] =
    owner.kind === 'login'
      ? []
      : await tx<{ id: string }[]>`select ticket_id as id from ${table} where id = ${owner.linkId}`;
  const profile = ticket ? await profileForTicket(tx, ticket.id) : await defaultProfile(tx);
  return (profile?.theme ?? {}) as ThemeTokens;
}

export async function customerExists(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx`select 1 from customers where id = ${id}`;
  return Boolean(row);
}

/** The customer a company's own reference names (identity assertions carry it as `sub`). */
export async function customerByExternalRef(tx: Tx, externalRef: string): Promise<string | undefined> {
  const [row] = await tx<{ id: string }[]>`select id from customers where external_ref = ${externalRef}`;
  return row?.id;
}

const shareColumns = (tx: Tx) => tx`
  id, ticket_id as "ticketId", label, to_json(expires_at)#>>'{}' as "expiresAt",
  to_json(revoked_at)#>>'{}' as "revokedAt", to_json(last_used_at)#>>'{}' as "lastUsedAt",
  to_json(created_at)#>>'{}' as "createdAt", (
    select l.timezone from tickets t join locations l on l.id = t.location_id where t.id = share_links.ticket_id
  ) as timezone`;

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
    insert into share_links (tenant_id, ticket_id, customer_id, token_hash, label, expires_at, created_at)
    values (${tenantId}, ${ticketId}, ${customerId}, ${sha256(token)}, ${label}, ${expiresAt}, ${now})
    returning ${shareColumns(tx)}`;
  return { ...row!, url: linkUrl(tenant!.portalUrl, token), token };
}

export function listShareLinks(tx: Tx, ticketId: string): Promise<PortalShareLink[]> {
  return tx<
    PortalShareLink[]
  >`select ${shareColumns(tx)} from share_links where ticket_id = ${ticketId} order by created_at desc, seq desc`;
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

/** What the portal's "who am I" needs: company and customer names, the profile shown, the newest ticket. */
export async function portalMe(tx: Tx, customerId: string, ticketId: string | null) {
  const [tenant] = await tx<{ name: string }[]>`select name from tenants`;
  const [customer] = await tx<{ name: string }[]>`select name from customers where id = ${customerId}`;
  const profile = ticketId ? await profileForTicket(tx, ticketId) : await defaultProfile(tx);
  const latest = ticketId ?? (await latestTicketOf(tx, customerId));
  if (!tenant || !customer) return undefined;
  return { companyName: tenant.name, customerName: customer.name, profile, latestTicketId: latest ?? null };
}
