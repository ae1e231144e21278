import { linkExpired, linkInvalid, notFound } from '../lib/outcomes';
import { randomToken, sha256 } from '../lib/tokens';
import { scopesForProfile } from '../lib/modules';
import type { PortalMode, Scope } from '../schemas/contract/access';
import type { Tx } from './client';
import { profileForTicket } from './profiles';

/** How long a ticket link keeps working after its ticket is closed. */
export const CLOSED_GRACE_DAYS = 7;
const DAY_MS = 86_400_000;

export async function createTicketLink(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  requestedMode: PortalMode | undefined,
  now: Date,
): Promise<{ id: string; url: string; token: string; expiresAt: string }> {
  const profile = await profileForTicket(tx, ticketId);
  if (!profile) throw notFound('Ticket');
  const [tenant] = await tx<{ portalUrl: string | null; ttlDays: number }[]>`
    select portal_url as "portalUrl", link_ttl_days as "ttlDays" from tenants`;
  const mode = requestedMode ?? profile.mode;
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + tenant!.ttlDays * DAY_MS);
  const [row] = await tx<{ id: string }[]>`
    insert into ticket_links (tenant_id, ticket_id, token_hash, mode, scopes, expires_at)
    values (${tenantId}, ${ticketId}, ${sha256(token)}, ${mode}, ${scopesForProfile({ ...profile, mode })}, ${expiresAt})
    returning id`;
  const base = tenant!.portalUrl ?? '';
  return { id: row!.id, url: `${base.split('#')[0]}#porch=${token}`, token, expiresAt: expiresAt.toISOString() };
}

/**
 * Checks, in the redeem transaction, that a ticket link can still be used and marks it used. Revoked, expired,
 * or its ticket closed longer than the grace period: `link-expired`.
 */
export async function useTicketLink(tx: Tx, linkId: string, now: Date) {
  const [link] = await tx<
    {
      ticketId: string;
      customerId: string;
      scopes: Scope[];
      expiresAt: Date;
      revokedAt: Date | null;
      closedAt: Date | null;
    }[]
  >`
    select l.ticket_id as "ticketId", t.customer_id as "customerId", l.scopes, l.expires_at as "expiresAt",
           l.revoked_at as "revokedAt", t.closed_at as "closedAt"
    from ticket_links l join tickets t on t.id = l.ticket_id
    where l.id = ${linkId}`;
  if (!link) throw linkInvalid();
  const closedLongAgo = link.closedAt && link.closedAt.getTime() + CLOSED_GRACE_DAYS * DAY_MS <= now.getTime();
  if (link.revokedAt || link.expiresAt.getTime() <= now.getTime() || closedLongAgo) throw linkExpired();
  await tx`update ticket_links set last_used_at = ${now} where id = ${linkId}`;
  // The profile's modules may have been narrowed since the link was made: a link never grants more than they do.
  const profile = await profileForTicket(tx, link.ticketId);
  const granted = profile ? scopesForProfile({ ...profile, mode: 'tracking+booking' }) : ['track'];
  return { ...link, scopes: link.scopes.filter((scope) => granted.includes(scope)) };
}

export interface TicketLinkRow {
  id: string;
  ticketId: string;
  mode: PortalMode;
  scopes: Scope[];
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

const ticketLinkColumns = (tx: Tx) => tx`
  id, ticket_id as "ticketId", mode, scopes, to_json(expires_at)#>>'{}' as "expiresAt",
  to_json(revoked_at)#>>'{}' as "revokedAt", to_json(last_used_at)#>>'{}' as "lastUsedAt",
  to_json(created_at)#>>'{}' as "createdAt"`;

/** The ticket's portal links (never their tokens), newest first. */
export function listTicketLinks(tx: Tx, ticketId: string): Promise<TicketLinkRow[]> {
  return tx<TicketLinkRow[]>`
    select ${ticketLinkColumns(tx)} from ticket_links where ticket_id = ${ticketId} order by created_at desc`;
}

/** Revokes a ticket link; revoking twice is a no-op that answers the link. */
export async function revokeTicketLink(tx: Tx, ticketId: string, id: string, now: Date): Promise<TicketLinkRow> {
  const [row] = await tx<TicketLinkRow[]>`
    update ticket_links set revoked_at = coalesce(revoked_at, ${now})
    where id = ${id} and ticket_id = ${ticketId} returning ${ticketLinkColumns(tx)}`;
  if (!row) throw notFound('Link');
  return row;
}
