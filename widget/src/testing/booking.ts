/** Helpers for the `<porch-booking-calendar>` tests: booking set up through the real admin API (fixture server). */
import type { BookingAvailability } from '../api/types.js';
import { admin, createSession } from './fixtures.js';

const DAY_MS = 86_400_000;
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
export const todayAtSite = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());

/** The weekdays of next month at the site, in order. */
export function nextMonthWeekdays(): string[] {
  const today = todayAtSite();
  const [y, m] = today.split('-').map(Number) as [number, number];
  const month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const days: string[] = [];
  for (let day = `${month}-01`; day.startsWith(month); day = addDays(day, 1)) if (weekday(day) <= 5) days.push(day);
  return days;
}

/** A profile text: one string (the profile's language's) or one per language. */
type Text = string | Partial<Record<'en' | 'de' | 'fr' | 'es' | 'it' | 'ar', string>>;

export interface Calendar {
  profileId: string;
  skill: string;
  /** The calendar's one engineer. */
  engineerId: string;
  /** A new ticket of this calendar with a booking session. */
  ticket(skills?: string[]): Promise<{ api: string; session: string; ticketId: string }>;
  book(ticket: { api: string; session: string; ticketId: string }, date: string, no?: number): Promise<Response>;
  /** The company's phone (tenant-wide booking settings), or none. */
  setPhone(phone: string | null): Promise<unknown>;
}

/**
 * A profile of its own (tracking + booking) with windows 08–12 and 12–16 (capacity 1), an SLA of 1–45 business
 * days and one engineer with a skill no other test uses, so calendars of different tests never share engineers.
 */
export async function bookingCalendar(
  options: {
    policy?: string;
    disclaimer?: Text;
    bookingText?: Text;
    salutation?: Text;
    /** The profile's fallback language. */
    language?: string;
    /** false: leave the tenant's booking settings (holidays, cut-off, policy) as other tests set them. */
    settings?: false;
  } = {},
): Promise<Calendar> {
  const skill = `cal-${Math.random().toString(36).slice(2, 10)}`;
  const profile = await admin('POST', '/profiles', {
    name: skill,
    mode: 'tracking+booking',
    ...(options.salutation ? { salutation: options.salutation } : {}),
    ...(options.language ? { language: options.language } : {}),
  });
  const sla = await admin('POST', '/sla-profiles', { name: skill, earliestOffset: 1, latestOffset: 45 });
  await admin('PUT', `/profiles/${profile.id}/booking`, {
    slaProfileId: sla.id,
    windows: [
      { start: '08:00', end: '12:00' },
      { start: '12:00', end: '16:00' },
    ],
    capacity: 1,
    limitedThreshold: 0,
    bookingText: options.bookingText ?? null,
    disclaimer: options.disclaimer ?? null,
  });
  const settings = (phone: string | null) =>
    admin('PUT', '/booking-settings', {
      holidayCountry: null,
      holidayRegion: null,
      cutoffHours: 24,
      policy: options.policy ?? null,
      phone,
    });
  if (options.settings !== false) await settings(null);
  const workingHours = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, ['07:00', '18:00']]));
  const engineer = await admin('POST', '/engineers', {
    name: `Engineer ${skill}`,
    skills: [skill],
    workingHours,
    timezone: 'Europe/Berlin',
  });
  return {
    profileId: profile.id,
    skill,
    engineerId: engineer.id,
    setPhone: settings,
    ticket: (skills = [skill]) => createSession({ profileId: profile.id, skills }),
    book: (ticket, date, no = 0) =>
      fetch(`${ticket.api}/v1/portal/tickets/${ticket.ticketId}/appointment`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${ticket.session}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify({ slotId: `${date}.${no}.${profile.id}` }),
      }),
  };
}

export const markDay = (date: string, kind: 'closed' | 'limited') => admin('PUT', `/calendar-days/${date}`, { kind });
export const clearDay = (date: string, kind: 'closed' | 'limited') =>
  admin('DELETE', `/calendar-days/${date}?kind=${kind}`);
export const addAbsence = (engineerId: string, from: string, to: string) =>
  admin('POST', `/engineers/${engineerId}/absences`, { from, to });
export const setParts = (ticketId: string, partsFrom: string | null, partsTo: string | null) =>
  admin('PUT', `/tickets/${ticketId}/parts`, { partsFrom, partsTo });

/** What the API says about a ticket's days (to know its SLA dates), read with the ticket's own session. */
export async function availabilityOf(
  ticket: { api: string; session: string; ticketId: string },
  from: string,
  to: string,
): Promise<BookingAvailability> {
  const response = await fetch(
    `${ticket.api}/v1/portal/tickets/${ticket.ticketId}/availability?from=${from}&to=${to}`,
    {
      headers: { authorization: `Bearer ${ticket.session}` },
    },
  );
  return response.json();
}
