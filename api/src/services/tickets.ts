import { fireAutomatedActions } from '../db/automated-actions';
import { appendTicketEvent } from '../db/ticket-events';
import { createTicket, getAdminTicket, listTickets, updateTicket, type TicketSummary } from '../db/tickets';
import type { TenantDb, Tx } from '../db/tenant-db';
import { decodeCursor, encodeCursor, isTimestamp } from '../lib/cursor';
import { isUuid } from '../lib/ids';
import { notFound } from '../lib/outcomes';
import type { StatusKey } from '../schemas/contract/tickets';
import type {
  AdminTicketView,
  TicketCreateInput,
  TicketEventInput,
  TicketListQueryInput,
  TicketPatchInput,
} from '../schemas/tickets';
import type { EventBus } from './event-bus';
import { checkSearchTerm, searchFor } from './jobs';

async function loadTicket(tx: Tx, id: string): Promise<AdminTicketView> {
  const ticket = await getAdminTicket(tx, id);
  if (!ticket) throw notFound('Ticket');
  return ticket;
}

/**
 * One page of the tenant's tickets, newest first, optionally matching a search term and in some statuses; continued
 * by a cursor (`lib/cursor.ts`) holding the last ticket's creation time and id, bound to the tenant and the query.
 */
export async function adminTicketPage(
  db: TenantDb,
  tenantId: string,
  { cursor, limit, q, status }: TicketListQueryInput,
): Promise<{ items: TicketSummary[]; nextCursor: string | null }> {
  const term = q === undefined ? undefined : checkSearchTerm(q);
  const boundTo = [tenantId, term ?? null, status ?? null, limit];
  const after =
    cursor === undefined
      ? undefined
      : decodeCursor(cursor, boundTo, ([createdAt, id, ...rest]) =>
          rest.length === 0 && isTimestamp(createdAt) && isUuid(id) ? { createdAt, id } : undefined,
        );
  const rows = await db.withTenant(tenantId, async (tx) =>
    listTickets(tx, tenantId, {
      search: term === undefined ? undefined : await searchFor(tx, term),
      statuses: status?.split(',') as StatusKey[] | undefined,
      after,
      limit: limit + 1,
    }),
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor([last.createdAt, last.id], boundTo) : null;
  return { items, nextCursor };
}

export function adminTicket(db: TenantDb, tenantId: string, id: string): Promise<AdminTicketView> {
  return db.withTenant(tenantId, (tx) => loadTicket(tx, id));
}

/** Creates the ticket and fires its `ticket_created` automated actions in the same transaction. */
export function openTicket(db: TenantDb, tenantId: string, input: TicketCreateInput, now: Date) {
  return db.withTenant(tenantId, async (tx) => {
    const id = await createTicket(tx, tenantId, input, now);
    await fireAutomatedActions(tx, tenantId, 'ticket_created', id, { now });
    return loadTicket(tx, id);
  });
}

export function changeTicket(db: TenantDb, tenantId: string, id: string, patch: TicketPatchInput, now: Date) {
  return db.withTenant(tenantId, async (tx) => {
    await updateTicket(tx, id, patch, now);
    return loadTicket(tx, id);
  });
}

/**
 * Records a ticket event and answers the ticket after it; `duplicate` when its eventId was already recorded. The bus
 * hears of a new event after the commit, so a woken stream finds the row (in-process bus; PostgreSQL signals at
 * commit itself).
 */
export async function recordTicketEvent(
  db: TenantDb,
  bus: EventBus,
  tenantId: string,
  id: string,
  event: TicketEventInput,
  now: Date,
): Promise<{ duplicate: boolean; ticket: AdminTicketView }> {
  const { result, ticket } = await db.withTenant(tenantId, async (tx) => {
    const result = await appendTicketEvent(tx, tenantId, id, event, now);
    return { result, ticket: await loadTicket(tx, id) };
  });
  if (!result.duplicate) await bus.publish({ tenantId, ticketId: id, eventId: result.eventId });
  return { duplicate: result.duplicate, ticket };
}
