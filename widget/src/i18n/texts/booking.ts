import type { BookingDayReason } from '../../api/types.js';
import type { CommonTexts } from '../translation.js';

/** `<porch-booking-calendar>`. */
export interface BookingTexts extends CommonTexts {
  title: string;
  previousMonth: string;
  nextMonth: string;
  showLegend: string;
  hideLegend: string;
  legendTitle: string;
  /** What each day state and marker means; also the text a screen reader hears for a day. */
  state: {
    unchecked: string;
    checking: string;
    available: string;
    limited: string;
    full: string;
    closed: string;
    unmatched: string;
    selected: string;
  };
  marker: { current: string; 'sla-earliest': string; 'sla-latest': string; 'parts-begin': string; 'parts-end': string };
  reason: Record<BookingDayReason, string>;
  slotReason: { past: string; full: string; no_engineer: string };
  windowsOn: (day: string) => string;
  noWindows: string;
  unavailable: string;
  current: (when: string) => string;
  cutoff: (hours: number) => string;
  confirm: string;
  book: string;
  move: string;
  booking: string;
  booked: (when: string) => string;
  taken: string;
  failed: (code: string) => string;
  addToCalendar: string;
  /** The calendar entry's title, naming the company. */
  visitSummary: (company: string) => string;
  icsReference: (reference: string) => string;
  icsPhone: (phone: string) => string;
  /** A month without a free window; `phone` is the company's, when it set one. */
  noFreeDay: (month: string, phone: string | null) => string;
  /** The booked visit's day can no longer take it; `reason` is one of `reason`. */
  currentProblem: (reason: string) => string;
  /** The button beside a flagged visit (worded as the Status tab's `visitProblem`) that leads into the month. */
  pickNewDay: string;
  waitlistJoin: string;
  waitlisted: string;
}
