import type { StatusKey } from '../schemas/contract/tickets';
import type { Tx } from './client';
import { likeContaining } from './jobs';

/** Where a customer list continues: after this (lowercased name, id) in name order. */
export interface CustomerAfter {
  name: string;
  id: string;
}

export interface CustomerSummary {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  externalRef: string | null;
  tickets: number;
  openTickets: number;
  signedInDevices: number;
  lastSignInAt: string | null;
}

/**
 * The last time the customer came into the portal: a login link redeemed, a device remembered or a ticket link
 * opened. Portal sessions themselves are stateless tokens, so this is the closest the database knows.
 */
const lastSignIn = (tx: Tx) => tx`
  to_json(greatest(
    (select max(ll.used_at) from login_links ll where ll.customer_id = c.id),
    (select max(rt.auth_time) from refresh_tokens rt where rt.customer_id = c.id),
    (select max(tl.last_used_at) from ticket_links tl join tickets t on t.id = tl.ticket_id where t.customer_id = c.id)
  ))#>>'{}' as "lastSignInAt"`;

/**
 * One page of the tenant's customers in name order (`sortKey`: the lowercased name the database sorts by),
 * optionally those whose name, e-mail or phone contain `term` (a phone also by its digits alone, so "030 1234"
 * finds "+49 30 1234…").
 */
export function listCustomers(
  tx: Tx,
  query: { term?: string; after?: CustomerAfter; limit: number },
  now: Date,
): Promise<(CustomerSummary & { sortKey: string })[]> {
  const { term, after, limit } = query;
  const digits = term && /^[\d\s()+\-/.]+$/.test(term) ? term.replace(/\D/g, '') : '';
  const search = term
    ? tx`and (lower(c.name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.phone, '')) like ${likeContaining(term)}
              ${digits.length >= 3 ? tx`or regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g') like ${`%${digits}%`}` : tx``})`
    : tx``;
  return tx<(CustomerSummary & { sortKey: string })[]>`
    select lower(c.name) as "sortKey", c.id, c.name, c.email, c.phone, c.external_ref as "externalRef",
           (select count(*)::int from tickets t where t.customer_id = c.id) as tickets,
           (select count(*)::int from tickets t where t.customer_id = c.id and t.completed_at is null) as "openTickets",
           (select count(*)::int from refresh_tokens rt
            where rt.customer_id = c.id and rt.used_at is null and rt.revoked_at is null and rt.expires_at > ${now})
             as "signedInDevices",
           ${lastSignIn(tx)}
    from customers c
    where true ${search}
      ${after ? tx`and (lower(c.name), c.id) > (${after.name}, ${after.id}::uuid)` : tx``}
    order by lower(c.name), c.id
    limit ${limit}`;
}

export interface CustomerContact {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  externalRef: string | null;
  locale: string | null;
  createdAt: string;
  lastSignInAt: string | null;
}

export async function getCustomer(tx: Tx, id: string): Promise<CustomerContact | undefined> {
  const [row] = await tx<CustomerContact[]>`
    select c.id, c.name, c.email, c.phone, c.external_ref as "externalRef", c.locale,
           to_json(c.created_at)#>>'{}' as "createdAt", ${lastSignIn(tx)}
    from customers c where c.id = ${id}`;
  return row;
}

export interface CustomerLocation {
  id: string;
  line1: string;
  postalCode: string | null;
  city: string;
  country: string;
  timezone: string;
}

/** The customer's service addresses, oldest first (each ticket names one). */
export function customerLocations(tx: Tx, customerId: string): Promise<CustomerLocation[]> {
  return tx<CustomerLocation[]>`
    select id, line1, postal_code as "postalCode", city, country, timezone
    from locations where customer_id = ${customerId}
    order by created_at, id`;
}

export interface CustomerTicket {
  id: string;
  externalRef: string | null;
  title: string;
  status: StatusKey;
  locationId: string;
  createdAt: string;
  updatedAt: string;
}

/** The customer's newest tickets (at most `limit`). */
export function customerTickets(tx: Tx, customerId: string, limit: number): Promise<CustomerTicket[]> {
  return tx<CustomerTicket[]>`
    select id, external_ref as "externalRef", title, status, location_id as "locationId",
           to_json(created_at)#>>'{}' as "createdAt", to_json(updated_at)#>>'{}' as "updatedAt"
    from tickets where customer_id = ${customerId}
    order by created_at desc, id desc
    limit ${limit}`;
}
