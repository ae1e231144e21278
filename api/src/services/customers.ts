import type { z } from '@hono/zod-openapi';
import {
  customerLocations,
  customerTickets,
  getCustomer,
  listCustomers,
  type CustomerAfter,
  type CustomerSummary,
} from '../db/customers';
import { listDevices } from '../db/session-tokens';
import type { TenantDb } from '../db/tenant-db';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { isUuid } from '../lib/ids';
import { notFound } from '../lib/outcomes';
import type { CustomerDetail, CustomerListQuery } from '../schemas/customers';
import { checkSearchTerm } from './jobs';

/** How many of a customer's tickets the detail lists, newest first. */
export const DETAIL_TICKETS = 100;

const readPlace = (place: unknown[]): CustomerAfter | undefined => {
  const [name, id] = place;
  return place.length === 2 && typeof name === 'string' && isUuid(id) ? { name, id } : undefined;
};

/** One page of the tenant's customers in name order, continued by a cursor bound to the tenant and the query. */
export async function customerPage(
  db: TenantDb,
  tenantId: string,
  { cursor, limit, q }: z.infer<typeof CustomerListQuery>,
  now: Date,
): Promise<{ items: CustomerSummary[]; nextCursor: string | null }> {
  const term = q === undefined ? undefined : checkSearchTerm(q);
  const binding = [tenantId, term ?? null, limit];
  const after = cursor === undefined ? undefined : decodeCursor(cursor, binding, readPlace);
  const rows = await db.withTenant(tenantId, (tx) => listCustomers(tx, { term, after, limit: limit + 1 }, now));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor([last.sortKey, last.id], binding) : null;
  return { items: page.map(({ sortKey: _sortKey, ...customer }) => customer), nextCursor };
}

/** A customer with their addresses, newest tickets and portal access; another tenant's answers 404. */
export function customerDetail(
  db: TenantDb,
  tenantId: string,
  id: string,
  now: Date,
): Promise<z.infer<typeof CustomerDetail>> {
  return db.withTenant(tenantId, async (tx) => {
    const customer = await getCustomer(tx, id);
    if (!customer) throw notFound('Customer');
    return {
      ...customer,
      locations: await customerLocations(tx, id),
      tickets: await customerTickets(tx, id, DETAIL_TICKETS),
      devices: await listDevices(tx, now, id),
    };
  });
}
