import Holidays from 'date-holidays';

/** Calendar dates travel as `YYYY-MM-DD` strings: a day at the service location, never an instant. */
export type IsoDate = string;

const DAY_MS = 86_400_000;

export const addDays = (date: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export const daysBetween = (from: IsoDate, to: IsoDate) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: IsoDate) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

export function eachDay(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

// Building a formatter loads the zone's rules (a large share of an availability request's own time); keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const localParts = (instant: Date, timeZone: string) =>
  Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;

/** The calendar day an instant falls on in a zone. */
export function localDate(instant: Date, timeZone: string): IsoDate {
  const p = localParts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export interface SlaRules {
  unit: 'business_days' | 'business_hours';
  earliestOffset: number;
  latestOffset: number;
  /** `HH:MM` */
  businessStart: string;
  businessEnd: string;
  weekendsCount: boolean;
}

/** What applies when a profile names no SLA profile: next business day up to six weeks out, 08:00–17:00. */
export const DEFAULT_SLA: SlaRules = {
  unit: 'business_days',
  earliestOffset: 1,
  latestOffset: 30,
  businessStart: '08:00',
  businessEnd: '17:00',
  weekendsCount: false,
};

const holidayYears = new Map<string, Set<IsoDate>>();

/** Public holidays of a country (and region) in one year, from the date-holidays library; cached per process. */
export function publicHolidays(country: string, region: string | null, year: number): Set<IsoDate> {
  const key = `${country}/${region ?? ''}/${year}`;
  let days = holidayYears.get(key);
  if (!days) {
    const calendar = region ? new Holidays(country, region) : new Holidays(country);
    days = new Set(
      (calendar.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)),
    );
    holidayYears.set(key, days);
  }
  return days;
}

export type ClosedReason = 'weekend' | 'holiday' | 'closed';

/** The tenant's working calendar: weekends per the SLA profile, public holidays, its own closed days. */
export class WorkCalendar {
  constructor(
    readonly sla: SlaRules,
    private readonly country: string | null,
    private readonly region: string | null,
    private readonly closedDays: ReadonlySet<IsoDate>,
  ) {}

  isHoliday(date: IsoDate): boolean {
    return this.country !== null && publicHolidays(this.country, this.region, Number(date.slice(0, 4))).has(date);
  }

  /** Why nobody works on this day, or null for a business day. */
  closedReason(date: IsoDate): ClosedReason | null {
    if (!this.sla.weekendsCount && isoWeekday(date) >= 6) return 'weekend';
    if (this.isHoliday(date)) return 'holiday';
    if (this.closedDays.has(date)) return 'closed';
    return null;
  }

  /** The earliest and latest service-delivery commitment dates for a ticket received at `receivedAt`. */
  commitment(receivedAt: Date, timeZone: string): { earliest: IsoDate; latest: IsoDate } {
    return {
      earliest: this.#offset(receivedAt, timeZone, this.sla.earliestOffset),
      latest: this.#offset(receivedAt, timeZone, this.sla.latestOffset),
    };
  }

  #offset(receivedAt: Date, timeZone: string, offset: number): IsoDate {
    const start = minutesOf(this.sla.businessStart);
    const end = minutesOf(this.sla.businessEnd);
    let day = localDate(receivedAt, timeZone);
    if (this.sla.unit === 'business_days') {
      while (this.closedReason(day)) day = addDays(day, 1);
      for (let counted = 0; counted < offset;) {
        day = addDays(day, 1);
        if (!this.closedReason(day)) counted++;
      }
      return day;
    }
    const parts = localParts(receivedAt, timeZone);
    let cursor = Number(parts.hour) * 60 + Number(parts.minute);
    let remaining = offset * 60;
    for (let guard = 0; guard < 20_000; guard++) {
      if (!this.closedReason(day)) {
        const available = Math.max(0, end - Math.max(cursor, start));
        if (remaining <= available && (remaining > 0 || cursor < end)) return day;
        remaining -= available;
      }
      day = addDays(day, 1);
      cursor = 0;
    }
    return day;
  }
}

/** The instant a site-local wall-clock time happens (for a time skipped by DST, the instant after the gap). */
export function zonedInstant(date: IsoDate, time: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T${time}:00Z`);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const seen = Date.parse(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:00Z`);
    guess += wall - seen;
  }
  return new Date(guess);
}
