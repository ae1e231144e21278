/** The contract shared with the widget (types and plain constants only): booking a visit. */

/**
 * A day of the booking calendar as the server checked it. "Not yet checked", "checking" and "selected" are the
 * widget's own states around these.
 * - `available`: at least one window can be booked; `limited`: few engineers left (the dispatcher may move it);
 * - `full`: checked, no free window (result of the check);
 * - `closed`: not bookable by the calendar: `reason` weekend, holiday, closed (tenant), sla (outside the SLA
 *   commitment) or past;
 * - `unmatched`: no engineer with the matching skills works that day (`skills`), or the parts are not there (`parts`).
 */
export type BookingDayState = 'available' | 'limited' | 'full' | 'closed' | 'unmatched';
/** Why a booked visit can no longer take place as booked (the Status tab says what to do: rebook). */
export const VISIT_PROBLEMS = ['closed', 'parts', 'engineer'] as const;
export type VisitProblem = (typeof VISIT_PROBLEMS)[number];

export type BookingDayReason = 'weekend' | 'holiday' | 'closed' | 'sla' | 'past' | 'skills' | 'parts';
/** Markers a day can carry beside its state. */
export type BookingMarker = 'current' | 'sla-earliest' | 'sla-latest' | 'parts-begin' | 'parts-end';

export interface BookingDay {
  date: string;
  state: BookingDayState;
  reason: BookingDayReason | null;
  markers: BookingMarker[];
}

/** A booked visit: the window's instants plus the site's zone and calendar day. */
export interface Appointment {
  id: string;
  slotId: string;
  date: string;
  start: string;
  end: string;
  timezone: string;
}

/** `GET /v1/portal/tickets/:id/availability` answer. */
export interface BookingAvailability {
  timezone: string;
  from: string;
  to: string;
  earliest: string;
  latest: string;
  partsFrom: string | null;
  partsTo: string | null;
  current: Appointment | null;
  /** No change within this many hours of the visit. */
  cutoffHours: number;
  policy: string | null;
  salutation: string | null;
  bookingText: string | null;
  disclaimer: string | null;
  waitlisted: boolean;
  /** Why the booked day can no longer take the visit (e.g. the parts window moved); null while it can. */
  currentProblem: BookingDayReason | null;
  /** Why the booked visit can no longer take place as booked, as the ticket's `appointment.problem` says. */
  visitProblem: VisitProblem | null;
  /** What the customer's calendar entry names: the company, its phone, the ticket and the site's address. */
  visit: { company: string; phone: string | null; reference: string | null; title: string; address: string };
  days: BookingDay[];
}

export type BookingSlotReason = 'past' | 'full' | 'no_engineer' | BookingDayReason;

export interface BookingSlot {
  id: string;
  start: string;
  end: string;
  available: boolean;
  reason: BookingSlotReason | null;
}

/** `GET /v1/portal/tickets/:id/slots` answer. */
export interface BookingSlots {
  date: string;
  timezone: string;
  state: BookingDayState;
  reason: BookingDayReason | null;
  slots: BookingSlot[];
}

/** `PUT /v1/portal/tickets/:id/appointment` answer. */
export interface BookingResult {
  appointment: Appointment;
  rescheduled: boolean;
}
