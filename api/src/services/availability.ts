import { windowLoads, slotId, type BookingContext, type WindowLoad } from '../db/booking';
import type { Tx } from '../db/tenant-db';
import { DomainError } from '../lib/outcomes';
import type {
  BookingAvailability,
  BookingDay,
  BookingDayReason,
  BookingDayState,
  BookingMarker,
  BookingSlot,
  BookingSlotReason,
  BookingSlots,
} from '../schemas/contract/booking';
import { eachDay, localDate, WorkCalendar, type IsoDate } from '../lib/booking-calendar';
import { pickText } from '../lib/texts';
import { visitProblemOf } from '../lib/visit-problem';

interface Verdict {
  state: BookingDayState;
  reason: BookingDayReason | null;
}

/** The rules of one ticket's calendar at one moment: what is decided without looking at engineers. */
export class BookingRules {
  readonly calendar: WorkCalendar;
  readonly today: IsoDate;
  readonly earliest: IsoDate;
  readonly latest: IsoDate;

  constructor(
    readonly ctx: BookingContext,
    readonly now: Date,
  ) {
    this.calendar = new WorkCalendar(ctx.sla, ctx.country, ctx.region, ctx.closedDays);
    this.today = localDate(now, ctx.timezone);
    ({ earliest: this.earliest, latest: this.latest } = this.calendar.commitment(ctx.receivedAt, ctx.timezone));
  }

  /** Closed or unmatched by the calendar alone (past, weekend, holiday, closed day, outside the SLA, parts), else null. */
  verdict(date: IsoDate): Verdict | null {
    if (date < this.today) return { state: 'closed', reason: 'past' };
    const closed = this.calendar.closedReason(date);
    if (closed) return { state: 'closed', reason: closed };
    if (date < this.earliest || date > this.latest) return { state: 'closed', reason: 'sla' };
    const { partsFrom, partsTo } = this.ctx;
    if ((partsFrom && date < partsFrom) || (partsTo && date > partsTo)) return { state: 'unmatched', reason: 'parts' };
    return null;
  }

  markers(date: IsoDate): BookingMarker[] {
    const markers: BookingMarker[] = [];
    if (this.ctx.current?.date === date) markers.push('current');
    if (date === this.earliest) markers.push('sla-earliest');
    if (date === this.latest) markers.push('sla-latest');
    if (date === this.ctx.partsFrom) markers.push('parts-begin');
    if (date === this.ctx.partsTo) markers.push('parts-end');
    return markers;
  }

  /** Free seats of a window right now, or why there are none. */
  window(load: WindowLoad): { seats: number; reason: BookingSlotReason | null } {
    if (load.start <= this.now) return { seats: 0, reason: 'past' };
    if (load.working === 0) return { seats: 0, reason: 'no_engineer' };
    const seats = Math.min(this.ctx.capacity - load.booked, load.working - load.blocked);
    return seats > 0 ? { seats, reason: null } : { seats: 0, reason: 'full' };
  }

  /** A checked day's state from its windows. */
  dayFromWindows(date: IsoDate, loads: WindowLoad[]): Verdict {
    if (loads.every((load) => load.working === 0)) return { state: 'unmatched', reason: 'skills' };
    const seats = loads.reduce((sum, load) => sum + this.window(load).seats, 0);
    if (seats === 0) return { state: 'full', reason: null };
    if (this.ctx.limitedDays.has(date) || seats <= this.ctx.limitedThreshold) return { state: 'limited', reason: null };
    return { state: 'available', reason: null };
  }

  /** The days the calendar leaves open (no weekend, holiday, closed day…): only these go to SQL. */
  open(days: IsoDate[]): IsoDate[] {
    return days.filter((day) => this.verdict(day) === null);
  }
}

const byDay = (loads: WindowLoad[]) => {
  const map = new Map<IsoDate, WindowLoad[]>();
  for (const load of loads) map.set(load.day, [...(map.get(load.day) ?? []), load]);
  return map;
};

/**
 * Every day's state from `from` to `to`: calendar rules in code, engineers and appointments in one SQL statement.
 * The texts come in `lang`, else in the profile's language, else in any it has.
 */
export async function availability(
  tx: Tx,
  ctx: BookingContext,
  from: IsoDate,
  to: IsoDate,
  now: Date,
  lang?: string,
): Promise<BookingAvailability> {
  const rules = new BookingRules(ctx, now);
  const days = eachDay(from, to);
  const loads = byDay(await windowLoads(tx, ctx, rules.open(days)));
  const result: BookingDay[] = days.map((date) => {
    const verdict = rules.verdict(date) ?? rules.dayFromWindows(date, loads.get(date) ?? []);
    return { date, ...verdict, markers: rules.markers(date) };
  });
  return {
    timezone: ctx.timezone,
    from,
    to,
    earliest: rules.earliest,
    latest: rules.latest,
    partsFrom: ctx.partsFrom,
    partsTo: ctx.partsTo,
    current: ctx.current,
    cutoffHours: ctx.cutoffHours,
    policy: pickText(ctx.policy, lang, ctx.language),
    salutation: pickText(ctx.salutation, lang, ctx.language),
    bookingText: pickText(ctx.bookingText, lang, ctx.language),
    disclaimer: pickText(ctx.disclaimer, lang, ctx.language),
    waitlisted: ctx.waitlisted,
    currentProblem: ctx.current ? problemOf(rules.verdict(ctx.current.date)) : null,
    visitProblem: ctx.current
      ? visitProblemOf({
          date: ctx.current.date,
          partsFrom: ctx.partsFrom,
          partsTo: ctx.partsTo,
          dayClosed: ctx.closedDays.has(ctx.current.date),
          engineerAway: ctx.engineerAway,
        })
      : null,
    visit: ctx.visit,
    days: result,
  };
}

/** The windows of one day, each available or not (and why). */
export async function slotsOfDay(tx: Tx, ctx: BookingContext, date: IsoDate, now: Date): Promise<BookingSlots> {
  const rules = new BookingRules(ctx, now);
  const verdict = rules.verdict(date);
  // A ruled-out day still lists its windows (marked with the day's reason), so the customer sees why.
  const loads = await windowLoads(tx, ctx, [date]);
  const slots: BookingSlot[] = loads.map((load) => {
    const window = rules.window(load);
    const reason = verdict?.reason ?? window.reason;
    return {
      id: slotId(ctx.profileId, date, load.no),
      start: new Date(load.start).toISOString(),
      end: new Date(load.end).toISOString(),
      available: reason === null,
      reason,
    };
  });
  const day = verdict ?? rules.dayFromWindows(date, loads);
  return { date, timezone: ctx.timezone, ...day, slots };
}

/** Refuses a window the customer may not book, whatever the engineers' load: a clear code each. */
export function assertBookable(rules: BookingRules, date: IsoDate, start: Date) {
  const verdict = rules.verdict(date);
  if (verdict?.reason === 'past' || start <= rules.now)
    throw new DomainError('slot-in-past', 'This window has already begun');
  if (verdict?.reason === 'sla') {
    throw new DomainError('slot-outside-sla', `Choose a day between ${rules.earliest} and ${rules.latest}`);
  }
  if (verdict) throw new DomainError('slot-unavailable', `This day cannot be booked (${verdict.reason})`);
}

/** Why a booked day can no longer take the visit (its parts window or the calendar changed); null while it can. */
function problemOf(verdict: Verdict | null): BookingDayReason | null {
  if (!verdict || verdict.reason === 'past') return null;
  return verdict.reason;
}
