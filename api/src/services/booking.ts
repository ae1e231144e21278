import {
  appendBookingEvent,
  cancelAppointment,
  claimSeat,
  clearNotifiedWaitlist,
  findBookingRequest,
  loadBookingContext,
  offerFreedWindow,
  parseSlotId,
  readAppointment,
  recordBookingRequest,
  windowFullFor,
} from '../db/booking';
import type { Tx } from '../db/tenant-db';
import { DomainError, notFound } from '../lib/outcomes';
import type { BookingResult } from '../schemas/contract';
import { assertBookable, BookingRules } from './availability';
import { zonedInstant } from '../lib/booking-calendar';

/** Ticket events written by a booking, published on the event bus after the commit. */
export interface WrittenEvent {
  ticketId: string;
  eventId: string;
}

const HOUR_MS = 3_600_000;
const slotTaken = () => new DomainError('slot-taken', 'This window has just been taken; choose another');
/** Lost races on the same window before giving up: each retry sees the winners of the round before. */
const MAX_CLAIM_ATTEMPTS = 8;

/**
 * Books (or moves) the ticket's visit into a window, in the caller's transaction. The ticket row is locked, so
 * repeats of one Idempotency-Key answer the first outcome; the old appointment is cancelled in the same
 * transaction, so a failed move keeps it. Seats and engineers are taken by the database (see claimSeat): no
 * check-then-insert.
 */
export async function bookSlot(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  slot: string,
  key: string,
  now: Date,
): Promise<{ result: BookingResult; events: WrittenEvent[] }> {
  const parsed = parseSlotId(slot);
  if (parsed) {
    const quick = await windowFullFor(tx, ticketId, key, parsed);
    if (!quick.answered && quick.full) throw slotTaken();
  }
  const ctx = await loadBookingContext(tx, ticketId, true);
  const previous = await findBookingRequest(tx, ticketId, key);
  if (previous) {
    if (previous.slotId !== slot)
      throw new DomainError('idempotency-key-reused', 'This Idempotency-Key was used for another window');
    return {
      result: {
        appointment: await readAppointment(tx, previous.appointmentId, ctx.timezone),
        rescheduled: previous.rescheduled,
      },
      events: [],
    };
  }

  const target = parsed;
  const window = target && target.profileId === ctx.profileId ? ctx.windows.find((w) => w.no === target.no) : undefined;
  if (!target || !window) throw notFound('Slot');
  if (ctx.status === 'completed' || ctx.status === 'closed')
    throw new DomainError('ticket-closed', 'The visit has already taken place');

  const { current } = ctx;
  if (current && Date.parse(current.start) - now.getTime() < ctx.cutoffHours * HOUR_MS) {
    throw new DomainError('change-cutoff-passed', `The visit cannot be changed within ${ctx.cutoffHours} hours of it`);
  }
  assertBookable(new BookingRules(ctx, now), target.date, zonedInstant(target.date, window.start, ctx.timezone));

  if (current?.slotId === slot) {
    await recordBookingRequest(tx, tenantId, ticketId, key, slot, current.id, false);
    return { result: { appointment: current, rescheduled: false }, events: [] };
  }
  if (current) await cancelAppointment(tx, current.id, now);

  let appointmentId: string | null = null;
  for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS && !appointmentId; attempt++) {
    const claim = await claimSeat(tx, tenantId, ctx, {
      day: target.date,
      no: window.no,
      start: window.start,
      end: window.end,
    });
    if (!claim.picked) break;
    appointmentId = claim.id;
  }
  if (!appointmentId) throw slotTaken();

  const appointment = await readAppointment(tx, appointmentId, ctx.timezone);
  const rescheduled = current !== null;
  await recordBookingRequest(tx, tenantId, ticketId, key, slot, appointmentId, rescheduled);
  const events = [
    {
      ticketId,
      eventId: await appendBookingEvent(
        tx,
        tenantId,
        ticketId,
        rescheduled ? 'rescheduled' : 'booked',
        appointment,
        now,
      ),
    },
  ];
  await clearNotifiedWaitlist(tx, ticketId);
  if (current) {
    const offered = await offerFreedWindow(tx, tenantId, current.start, ticketId, now);
    if (offered) events.push(offered);
  }
  return { result: { appointment, rescheduled }, events };
}

/** The dispatcher calls the visit off: its seat and engineer are free again and the first waiting customer hears of it. */
export async function cancelVisit(tx: Tx, tenantId: string, ticketId: string, now: Date): Promise<WrittenEvent[]> {
  const ctx = await loadBookingContext(tx, ticketId, true);
  if (!ctx.current) throw new DomainError('no-appointment', 'The ticket has no appointment');
  await cancelAppointment(tx, ctx.current.id, now);
  const offered = await offerFreedWindow(tx, tenantId, ctx.current.start, ticketId, now);
  return offered ? [offered] : [];
}
