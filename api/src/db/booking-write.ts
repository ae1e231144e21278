/** The booking's writes: a seat claimed or given back, the answered request, the timeline event, the waitlist. */
import type { IsoDate } from '../lib/booking-calendar';
import { fireAutomatedActions } from './automated-actions';
import { matchingEngineer, type BookingContext } from './booking';
import type { Tx } from './client';

export interface Claim {
  day: IsoDate;
  no: number;
  start: string;
  end: string;
}

/**
 * One attempt to take a seat of the window and a free engineer for it. The database decides: the seat's unique
 * index and the engineer's exclusion constraint refuse a second holder, and `on conflict do nothing` turns a lost
 * race into "nothing inserted". `picked` says whether this statement's snapshot still saw a free seat and engineer
 * (false: the window is full), `id` whether the insert won.
 */
export async function claimSeat(
  tx: Tx,
  tenantId: string,
  ctx: BookingContext,
  claim: Claim,
): Promise<{ picked: boolean; id: string | null }> {
  const [row] = await tx<{ picked: boolean; id: string | null }[]>`
    with slot as (
      select tstzrange((${claim.day}::date + ${claim.start}::time) at time zone ${ctx.timezone},
                       (${claim.day}::date + ${claim.end}::time) at time zone ${ctx.timezone}) as during
    ), seat as (
      select s as seat from generate_series(1, ${ctx.capacity}::int) s
      where not exists (select 1 from appointments a where a.cancelled_at is null and a.profile_id = ${ctx.profileId}
                          and a.day = ${claim.day}::date and a.window_no = ${claim.no} and a.seat = s)
      order by s limit 1
    ), engineer as (
      select e.id from engineers e, slot
      where ${matchingEngineer(tx, ctx)}
        and porch_shift(${claim.day}::date, e.working_hours, e.timezone) @> slot.during
        and not exists (select 1 from appointments a where a.cancelled_at is null and a.engineer_id = e.id and a.during && slot.during)
        and not exists (select 1 from engineer_absences b where b.engineer_id = e.id and b.during && slot.during)
      order by e.id limit 1
    ), pick as (
      select seat.seat, engineer.id as engineer_id, slot.during from seat, engineer, slot
    ), ins as (
      insert into appointments (tenant_id, ticket_id, profile_id, engineer_id, day, window_no, during, seat, capacity)
      select ${tenantId}, ${ctx.ticketId}, ${ctx.profileId}, engineer_id, ${claim.day}, ${claim.no}, during, seat, ${ctx.capacity}
      from pick
      on conflict do nothing
      returning id
    )
    select exists (select 1 from pick) as picked, (select id from ins) as id`;
  return row!;
}

export async function cancelAppointment(tx: Tx, appointmentId: string, now: Date) {
  await tx`update appointments set cancelled_at = ${now} where id = ${appointmentId} and cancelled_at is null`;
}

export async function recordBookingRequest(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  key: string,
  slot: string,
  appointmentId: string,
  rescheduled: boolean,
) {
  await tx`
    insert into booking_requests (tenant_id, ticket_id, idempotency_key, slot_id, appointment_id, rescheduled)
    values (${tenantId}, ${ticketId}, ${key}, ${slot}, ${appointmentId}, ${rescheduled})`;
}

/** A booking event on the ticket's timeline (its status unchanged); the live stream pushes it after commit. */
export async function appendBookingEvent(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  kind: 'booked' | 'rescheduled' | 'earlier_slot_available',
  appointment: { start: string; end: string } | null,
  now: Date,
): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into ticket_events (tenant_id, ticket_id, kind, status, hold, technician_first_name, appointment_from, appointment_to, occurred_at)
    select ${tenantId}, id, ${kind}, status, hold, technician_first_name, ${appointment?.start ?? null}, ${appointment?.end ?? null}, ${now}
    from tickets where id = ${ticketId}
    returning seq::text as id`;
  await tx`update tickets set updated_at = ${now} where id = ${ticketId}`;
  await fireAutomatedActions(tx, tenantId, TRIGGER_FOR[kind], ticketId, {
    now,
    appointmentWindow: appointment ? { from: appointment.start, to: appointment.end } : undefined,
  });
  return row!.id;
}

/** The automated-action trigger each booking event fires, in the same transaction. */
const TRIGGER_FOR = {
  booked: 'appointment_booked',
  rescheduled: 'appointment_moved',
  earlier_slot_available: 'earlier_window_freed',
} as const;

export async function joinWaitlist(tx: Tx, tenantId: string, ticketId: string, now: Date) {
  await tx`
    insert into booking_waitlist (tenant_id, ticket_id, created_at) values (${tenantId}, ${ticketId}, ${now})
    on conflict (tenant_id, ticket_id) do update set created_at = excluded.created_at, seq = default, notified_at = null`;
}

/** A booked ticket no longer waits: its spent waitlist offer is dropped. */
export async function clearNotifiedWaitlist(tx: Tx, ticketId: string) {
  await tx`delete from booking_waitlist where ticket_id = ${ticketId} and notified_at is not null`;
}

export async function leaveWaitlist(tx: Tx, ticketId: string) {
  await tx`delete from booking_waitlist where ticket_id = ${ticketId}`;
}

/**
 * A window starting at `freedStart` has freed up: the customer who has waited longest and whose own appointment
 * is later is told, as an `earlier_slot_available` ticket event (the notification outbox delivers it once it
 * exists). Returns the ticket and event written, if anyone was waiting.
 */
export async function offerFreedWindow(
  tx: Tx,
  tenantId: string,
  freedStart: string,
  exceptTicketId: string,
  now: Date,
) {
  const [waiting] = await tx<{ ticketId: string }[]>`
    select w.ticket_id as "ticketId" from booking_waitlist w
    join appointments a on a.ticket_id = w.ticket_id and a.cancelled_at is null
    where w.notified_at is null and w.ticket_id <> ${exceptTicketId} and lower(a.during) > ${freedStart}::timestamptz
    order by w.created_at, w.seq limit 1
    for update of w skip locked`;
  if (!waiting) return null;
  await tx`update booking_waitlist set notified_at = ${now} where ticket_id = ${waiting.ticketId}`;
  const eventId = await appendBookingEvent(tx, tenantId, waiting.ticketId, 'earlier_slot_available', null, now);
  return { ticketId: waiting.ticketId, eventId };
}
