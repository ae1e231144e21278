import { fireAutomatedActions } from '../db/automated-actions';
import { searchTickets } from '../db/jobs';
import { appendTicketEvent } from '../db/ticket-events';
import { createTicket, getAdminTicket, listTickets, updateTicket } from '../db/tickets';
import type { TenantDb, Tx } from '../db/tenant-db';
import { notFound } from '../lib/outcomes';
import type { AdminTicketView, TicketCreateInput, TicketEventInput, TicketPatchInput } from '../schemas/tickets';
import type { EventBus } from './event-bus';
import { searchFor } from './jobs';

async function loadTicket(tx: Tx, id: string): Promise<AdminTicketView> {
  const ticket = await getAdminTicket(tx, id);
  if (!ticket) throw notFound('Ticket');
  return ticket;
}

/** The newest tickets, or those matching an already checked search term. */
export function adminTickets(db: TenantDb, tenantId: string, limit: number, term: string | undefined) {
  return db.withTenant(tenantId, async (tx) =>
    term === undefined ? listTickets(tx, limit) : searchTickets(tx, tenantId, await searchFor(tx, term), limit),
  );
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
