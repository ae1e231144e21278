import {
  appendBookingEvent,
  cancelAppointment,
  claimSeat,
  clearNotifiedWaitlist,
  joinWaitlist,
  offerFreedWindow,
  recordBookingRequest,
} from '../db/booking-write';
import { findBookingRequest, loadBookingContext, parseSlotId, readAppointment, windowFullFor } from '../db/booking';
import type { TenantDb, Tx } from '../db/tenant-db';
import { ApiError } from '../lib/errors';
import { DomainError, notFound } from '../lib/outcomes';
import type { BookingAvailability, BookingResult, BookingSlots } from '../schemas/contract/booking';
import { assertBookable, availability, BookingRules, slotsOfDay } from './availability';
import { addDays, daysBetween, localDate, zonedInstant, type IsoDate } from '../lib/booking-calendar';
import type { EventBus } from './event-bus';

/** Ticket events written by a booking, published on the event bus after the commit. */
export interface WrittenEvent {
  ticketId: string;
  eventId: string;
}

const HOUR_MS = 3_600_000;
const slotTaken = () => new DomainError('slot-taken', 'This window has just been taken; choose another');
/** Lost races on the same window before giving up: each retry sees the winners of the round before. */
const MAX_CLAIM_ATTEMPTS = 8;
/** Longest range one availability request may ask for, and how far from today it may reach. */
const MAX_RANGE_DAYS = 62;
const REACH_DAYS = 366;

function assertRange(from: IsoDate, to: IsoDate, today: IsoDate) {
  const span = daysBetween(from, to);
  if (span < 0) throw new ApiError(400, 'DATE_RANGE_INVALID', '`from` must not be after `to`');
  if (span >= MAX_RANGE_DAYS)
    throw new ApiError(400, 'DATE_RANGE_INVALID', `Ask for at most ${MAX_RANGE_DAYS} days at a time`);
  if (from < addDays(today, -REACH_DAYS) || to > addDays(today, REACH_DAYS)) {
    throw new ApiError(400, 'DATE_RANGE_INVALID', `Dates must be within ${REACH_DAYS} days of today`);
  }
}

/** Each day's booking state from `from` to `to`, in the ticket's profile's time zone. */
export function bookingAvailability(
  db: TenantDb,
  tenantId: string,
  ticketId: string,
  from: IsoDate,
  to: IsoDate,
  now: Date,
  lang?: string,
): Promise<BookingAvailability> {
  return db.withTenant(tenantId, async (tx) => {
    const ctx = await loadBookingContext(tx, ticketId);
    assertRange(from, to, localDate(now, ctx.timezone));
    return availability(tx, ctx, from, to, now, lang);
  });
}

/** The windows of one day, each available or not and why. */
export function bookingSlots(
  db: TenantDb,
  tenantId: string,
  ticketId: string,
  date: IsoDate,
  now: Date,
): Promise<BookingSlots> {
  return db.withTenant(tenantId, async (tx) => {
    const ctx = await loadBookingContext(tx, ticketId);
    assertRange(date, date, localDate(now, ctx.timezone));
    return slotsOfDay(tx, ctx, date, now);
  });
}

/** Puts the ticket on the earlier-window waitlist; it needs an appointment to wait for something earlier. */
export function waitForEarlierWindow(db: TenantDb, tenantId: string, ticketId: string, now: Date): Promise<void> {
  return db.withTenant(tenantId, async (tx) => {
    const ctx = await loadBookingContext(tx, ticketId);
    if (!ctx.current) throw new ApiError(409, 'NO_APPOINTMENT', 'Book a visit first');
    await joinWaitlist(tx, tenantId, ticketId, now);
  });
}

/**
 * Books (or moves) the visit in one tenant transaction (see `book`), then tells the bus of the events it wrote,
 * after the commit, so woken streams find the rows.
 */
export async function bookSlot(
  db: TenantDb,
  bus: EventBus,
  tenantId: string,
  ticketId: string,
  slot: string,
  key: string,
  now: Date,
): Promise<BookingResult> {
  const { result, events } = await db.withTenant(tenantId, (tx) => book(tx, tenantId, ticketId, slot, key, now));
  for (const event of events) await bus.publish({ tenantId, ...event });
  return result;
}

/** Calls the visit off (see `cancel`) and tells the bus of the waitlist offer it wrote, after the commit. */
export async function cancelVisit(
  db: TenantDb,
  bus: EventBus,
  tenantId: string,
  ticketId: string,
  now: Date,
): Promise<void> {
  const events = await db.withTenant(tenantId, (tx) => cancel(tx, tenantId, ticketId, now));
  for (const event of events) await bus.publish({ tenantId, ...event });
}

/**
 * Books (or moves) the ticket's visit into a window, in the given transaction. The ticket row is locked, so
 * repeats of one Idempotency-Key answer the first outcome; the old appointment is cancelled in the same
 * transaction, so a failed move keeps it. Seats and engineers are taken by the database (see claimSeat): no
 * check-then-insert.
 */
async function book(
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
async function cancel(tx: Tx, tenantId: string, ticketId: string, now: Date): Promise<WrittenEvent[]> {
  const ctx = await loadBookingContext(tx, ticketId, true);
  if (!ctx.current) throw new DomainError('no-appointment', 'The ticket has no appointment');
  await cancelAppointment(tx, ctx.current.id, now);
  const offered = await offerFreedWindow(tx, tenantId, ctx.current.start, ticketId, now);
  return offered ? [offered] : [];
}
