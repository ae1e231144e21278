import { notFound } from '../lib/outcomes';
import type { Tx } from './client';

const isoUtc = (tx: Tx) => tx`to_char(resolved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function ticketResolution(
  tx: Tx,
  ticketId: string,
): Promise<{ resolvedAt: string | null; timezone: string }> {
  const [row] = await tx<{ resolvedAt: string | null; timezone: string }[]>`
    select ${isoUtc(tx)} as "resolvedAt", l.timezone
    from tickets t join locations l on l.id = t.location_id where t.id = ${ticketId}`;
  if (!row) throw notFound('Ticket');
  return row;
}

/**
 * Records the customer's "resolved" once: a `resolved` ticket event (the company's history shows it) and the time on
 * the ticket. A repeat writes nothing and answers the first time with `eventId` null.
 */
export async function markResolved(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  now: Date,
): Promise<{ resolvedAt: string; timezone: string; eventId: string | null }> {
  const [event] = await tx<{ id: string }[]>`
    insert into ticket_events (tenant_id, ticket_id, kind, status, hold, technician_first_name, occurred_at)
    select ${tenantId}, id, 'resolved', status, hold, technician_first_name, ${now} from tickets where id = ${ticketId}
    on conflict (tenant_id, ticket_id) where kind = 'resolved' do nothing
    returning id::text`;
  if (event) await tx`update tickets set resolved_at = ${now}, updated_at = ${now} where id = ${ticketId}`;
  const { resolvedAt, timezone } = await ticketResolution(tx, ticketId);
  return { resolvedAt: resolvedAt!, timezone, eventId: event?.id ?? null };
}
