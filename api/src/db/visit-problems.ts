import type { Tx } from './client';

/** A ticket event written in the caller's transaction, to publish on the event bus after the commit. */
export interface WrittenEvent {
  ticketId: string;
  eventId: string;
}

/** The booked visits a staff write may have made impossible, or possible again. */
export type AffectedVisits =
  { day: string } | { engineerId: string; from?: string; to?: string } | { ticketId: string };

/**
 * Writes a `visit_problem` event on every open ticket whose booked visit is among `visits`, so an open customer
 * page reads the ticket again (its `appointment.problem`) without a reload. The ticket's status and hold are
 * repeated, as booking events do; the ticket_events trigger notifies the stream at commit.
 */
export async function flagVisits(tx: Tx, tenantId: string, visits: AffectedVisits, now: Date): Promise<WrittenEvent[]> {
  const which =
    'day' in visits
      ? tx`a.day = ${visits.day}`
      : 'engineerId' in visits
        ? visits.from && visits.to
          ? tx`a.engineer_id = ${visits.engineerId} and a.during && tstzrange(${visits.from}, ${visits.to})`
          : tx`a.engineer_id = ${visits.engineerId}`
        : tx`a.ticket_id = ${visits.ticketId}`;
  return tx<WrittenEvent[]>`
    with touched as (
      update tickets t set updated_at = ${now}
      from appointments a
      where a.ticket_id = t.id and a.cancelled_at is null and t.status <> 'closed' and ${which}
      returning t.id, t.status, t.hold, t.technician_first_name, a.during)
    insert into ticket_events (tenant_id, ticket_id, kind, status, hold, technician_first_name, appointment_from,
                               appointment_to, occurred_at)
    select ${tenantId}, id, 'visit_problem', status, hold, technician_first_name, lower(during), upper(during), ${now}
    from touched
    returning ticket_id as "ticketId", seq::text as "eventId"`;
}
