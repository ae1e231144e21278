/** Helpers for the `<porch-booking-calendar>` tests: the calendar they share, mounting it, waiting for its states. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { PorchBookingCalendar } from '../elements/booking-calendar/booking-calendar.js';
import { bookingCalendar, type Calendar } from './booking.js';
import { part, shadow, text } from './fixtures.js';

export type Ticket = Awaited<ReturnType<Calendar['ticket']>>;

/** A calendar with a policy, a disclaimer, a booking text and a greeting of its own (see `bookingCalendar`). */
export const textedCalendar = () =>
  bookingCalendar({
    policy: 'Free changes up to a day before.',
    disclaimer: 'Visits may run late.',
    bookingText: 'Pick a morning or an afternoon.',
    salutation: 'Hello!',
  });

/** The element on `ticket`, for a viewer in Berlin (the site's zone) reading English unless told otherwise. */
export async function calendar(ticket: Ticket, attrs: { viewerTimeZone?: string; lang?: string } = {}) {
  const el = await fixture<PorchBookingCalendar>(
    html`<porch-booking-calendar
      api=${ticket.api}
      token=${ticket.session}
      ticket-id=${ticket.ticketId}
      viewer-time-zone=${attrs.viewerTimeZone ?? 'Europe/Berlin'}
      lang=${attrs.lang ?? 'en'}
    ></porch-booking-calendar>`,
  );
  return el;
}

export const cell = (el: PorchBookingCalendar, date: string) =>
  shadow(el).querySelector<HTMLElement>(`[data-date="${date}"]`);
export const settled = (el: PorchBookingCalendar) =>
  waitUntil(
    () =>
      shadow(el).querySelectorAll('[data-state=checking],[data-state=unchecked]').length === 0 &&
      shadow(el).querySelector('[role=grid]'),
    'days never finished checking',
    { timeout: 10000 },
  );
export const monthHeading = (el: PorchBookingCalendar) => text(shadow(el).querySelector('#month'));
export const next = async (el: PorchBookingCalendar) => {
  shadow(el).querySelectorAll<HTMLButtonElement>('[part~=nav]')[1]!.click();
  await el.updateComplete;
  await settled(el);
};
export const icsOf = (el: PorchBookingCalendar) =>
  decodeURIComponent(part(el, 'ics')!.getAttribute('href')!.split(',')[1]!);
export const spoken = (el: PorchBookingCalendar, date: string) =>
  text(cell(el, date)!.querySelector('.visually-hidden'));
// After the click's update first: until then the previously selected day's windows are still on show.
export const slotsLoaded = async (el: PorchBookingCalendar) => {
  await el.updateComplete;
  await waitUntil(() => part(el, 'slots') && !part(el, 'slots')!.hasAttribute('aria-busy'), 'the windows never loaded');
};
