import { DomainError, notFound } from '../lib/outcomes';
import { STATUSES, type StatusKey, type TicketEventKind } from '../schemas/contract/tickets';
import type { TicketEventInput } from '../schemas/tickets';
import { fireAutomatedActions } from './automated-actions';
import type { Sql, Tx } from './client';
import type { PortalTicketRow } from './portal-ticket';

const rank = (status: StatusKey) => STATUSES.indexOf(status);
/** From here on the technician is at the site or done: no ETA, no position. */
const ARRIVED = rank('onsite');
const TRAVELLING: StatusKey[] = ['dispatched', 'on_route'];

export type AppendResult = { eventId: string; duplicate: false } | { eventId: null; duplicate: true };

interface LockedTicket {
  status: StatusKey;
  hold: 'on_hold' | 'cancelled' | null;
  positionAt: Date | null;
  statusMap: Record<string, StatusKey>;
}

/**
 * Records what the tenant's systems report — a status, technician, ETA, position or hold — as one event row and
 * updates the ticket's read model in the same transaction. The ticket row lock serialises concurrent appends, so
 * the rules below cannot race:
 * - statuses only move forward (repeating the current one updates technician or ETA); a closed ticket takes
 *   nothing more (409 TICKET_CLOSED);
 * - an event id the tenant already sent is a no-op (`duplicate`);
 * - an ETA or position only while the technician is travelling (409 POSITION_NOT_APPLICABLE for positions);
 * - a position older than the latest one is a no-op, so late deliveries cannot move the technician back.
 * Reaching a new status runs the tenant's `status_reached` actions in the same transaction.
 */
export async function appendTicketEvent(
  tx: Tx,
  tenantId: string,
  id: string,
  input: TicketEventInput,
  now: Date,
): Promise<AppendResult> {
  const [ticket] = await tx<LockedTicket[]>`
    select t.status, t.hold, t.position_at as "positionAt", n.status_map as "statusMap"
    from tickets t join tenants n on n.id = t.tenant_id where t.id = ${id} for update of t`;
  if (!ticket) throw notFound('Ticket');
  if (input.eventId) {
    const [seen] = await tx`select 1 from ticket_events where ticket_id = ${id} and external_id = ${input.eventId}`;
    if (seen) return { eventId: null, duplicate: true };
  }
  if (ticket.status === 'closed') throw new DomainError('ticket-closed', 'The ticket is closed');

  const status = resolveStatus(input, ticket);
  if (rank(status) < rank(ticket.status)) {
    throw new DomainError('status-out-of-order', `The ticket is already past ${status} (it is ${ticket.status})`);
  }
  const hold = input.hold === undefined ? ticket.hold : input.hold;
  const arrived = rank(status) >= ARRIVED;
  if (input.eta && arrived) {
    throw new DomainError('invalid', 'An ETA only applies before the technician arrives', {
      issues: [{ path: 'json.eta', message: `Not allowed with status ${status}` }],
    });
  }
  if (input.position && (!TRAVELLING.includes(status) || hold === 'cancelled')) {
    throw new DomainError(
      'position-not-applicable',
      `Positions are only taken while the technician is on the way (the ticket is ${hold ?? status})`,
    );
  }
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  const stalePosition = input.position && ticket.positionAt && occurredAt < ticket.positionAt;
  const onlyPosition =
    input.position &&
    !input.status &&
    !input.internalStatus &&
    !input.eta &&
    !input.technician &&
    input.hold === undefined;
  if (stalePosition && onlyPosition) return { eventId: null, duplicate: true };

  const kind =
    status !== ticket.status || input.status || input.internalStatus
      ? 'status'
      : hold !== ticket.hold
        ? 'hold'
        : input.position
          ? 'position'
          : 'status';
  const position = stalePosition ? undefined : input.position;
  const technician = input.technician?.firstName ?? null;
  await tx`
    update tickets set
      status = ${status},
      hold = ${hold},
      technician_first_name = coalesce(${technician}, technician_first_name),
      eta_from = case when ${arrived} then null else coalesce(${input.eta?.from ?? null}::timestamptz, eta_from) end,
      eta_to = case when ${arrived} then null else coalesce(${input.eta?.to ?? null}::timestamptz, eta_to) end,
      position_lat = coalesce(${position?.lat ?? null}::double precision, position_lat),
      position_lng = coalesce(${position?.lng ?? null}::double precision, position_lng),
      position_at = case when ${position !== undefined} then ${occurredAt}::timestamptz else position_at end,
      closed_at = case when ${status} = 'closed' then ${occurredAt}::timestamptz else closed_at end,
      status_reached = case when status_reached ? ${status} then status_reached
                            else status_reached || jsonb_build_object(${status}::text, ${occurredAt}::timestamptz) end,
      updated_at = ${now}
    where id = ${id}`;
  const [row] = await tx<{ id: string }[]>`
    insert into ticket_events (tenant_id, ticket_id, kind, status, hold, technician_first_name, eta_from, eta_to, lat, lng,
                               external_id, occurred_at)
    values (${tenantId}, ${id}, ${kind}, ${status}, ${hold}, ${technician}, ${input.eta?.from ?? null},
            ${input.eta?.to ?? null}, ${position?.lat ?? null}, ${position?.lng ?? null}, ${input.eventId ?? null},
            ${occurredAt})
    returning seq::text as id`;
  if (status !== ticket.status) await fireAutomatedActions(tx, tenantId, 'status_reached', id, { now, status });
  return { eventId: row!.id, duplicate: false };
}

function resolveStatus(input: TicketEventInput, ticket: LockedTicket): StatusKey {
  if (input.status) return input.status;
  if (input.internalStatus === undefined) return ticket.status;
  const mapped = ticket.statusMap[input.internalStatus];
  if (!mapped) {
    throw new DomainError('invalid', `No portal status is mapped to "${input.internalStatus}"`, {
      issues: [{ path: 'json.internalStatus', message: 'Add it to the status map in the settings' }],
    });
  }
  return mapped;
}

export interface StreamEvent {
  id: string;
  kind: TicketEventKind;
  status: StatusKey;
  occurredAt: string;
}

/**
 * What a woken stream feed reads, in one statement: the ticket as the portal shows it, with its events after
 * `afterId` (oldest first, at most `limit`), or only its newest event when `afterId` is null. Both functions enter
 * the tenant themselves (RLS), so no transaction is opened around it: one round trip.
 */
export const feedQuery = (sql: Sql, tenantId: string, ticketId: string, afterId: string | null, limit: number) =>
  sql<(PortalTicketRow & { events: StreamEvent[] })[]>`
    select t.*, porch_ticket_feed_events(${tenantId}, ${ticketId}, ${afterId}, ${limit}) as events
    from porch_portal_ticket(${tenantId}, ${ticketId}) t`;
