import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PorchErrorEvent } from '../../events/error.js';
import {
  addAbsence,
  addDays,
  clearDay,
  markDay,
  nextMonthWeekdays,
  setParts,
  type Calendar,
} from '../../testing/booking.js';
import { calendar, cell, monthHeading, next, settled, textedCalendar } from '../../testing/booking-calendar.js';
import { part, shadow, text } from '../../testing/fixtures.js';
import { de } from '../../i18n/de.js';
import { en } from '../../i18n/en.js';
import { streamsOpen } from '../../testing/timeline.js';
import { PorchBookingCalendar } from './booking-calendar.js';

PorchBookingCalendar.define('porch-booking-calendar');
const t = en.booking;

describe('<porch-booking-calendar> problems', () => {
  let cal: Calendar;
  let days: string[];
  before(async () => {
    cal = await textedCalendar();
    days = nextMonthWeekdays();
  });

  it('flags a booked visit whose day can no longer take it (the parts window moved) and says what to do', async () => {
    const ticket = await cal.ticket();
    expect((await cal.book(ticket, days[15]!)).status).to.equal(200);
    const before = await calendar(ticket);
    await settled(before);
    expect(text(part(before, 'intro')), 'still possible').to.contain(t.current(''));
    expect(part(before, 'problem')).to.equal(null);
    await setParts(ticket.ticketId, days[16]!, days[19]!);
    const el = await calendar(ticket);
    await settled(el);
    expect(part(el, 'problem')).to.have.attribute('role', 'alert');
    expect(text(part(el, 'problem')), 'the Status tab’s words').to.equal(en.timeline.visitProblem.parts);
    await expect(el).to.be.accessible();
  });

  it('flags a booked visit whose day the company closed, and leads into the month to pick a new day', async () => {
    const ticket = await cal.ticket();
    const day = days[17]!;
    expect((await cal.book(ticket, day)).status).to.equal(200);
    await markDay(day, 'closed');
    try {
      const el = await calendar(ticket);
      await settled(el);
      expect(part(el, 'problem')).to.have.attribute('role', 'alert');
      expect(text(part(el, 'problem'))).to.equal(en.timeline.visitProblem.closed);
      expect(text(part(el, 'intro')), 'the visit still shows, flagged').to.contain(t.current(''));
      expect(text(part(el, 'pick-day'))).to.equal(t.pickNewDay);
      (part(el, 'pick-day') as HTMLElement).click();
      await waitUntil(
        () => (shadow(el).activeElement as HTMLElement | null)?.dataset.state === 'available',
        'focus never reached a day with a free window',
      );
      await expect(el).to.be.accessible();
    } finally {
      await clearDay(day, 'closed');
    }
    const reopened = await calendar(ticket);
    await settled(reopened);
    expect(text(part(reopened, 'intro')), 'the visit shows').to.contain(t.current(''));
    expect(part(reopened, 'problem'), 'the day is open again: no flag').to.equal(null);
    expect(part(reopened, 'pick-day')).to.equal(null);
  });

  it('flags and unflags the booked visit live while the calendar is open, as staff close and reopen its day', async () => {
    const ticket = await cal.ticket();
    const day = days[13]!;
    expect((await cal.book(ticket, day)).status).to.equal(200);
    const el = await calendar(ticket);
    await settled(el);
    await streamsOpen(ticket.ticketId);
    expect(part(el, 'problem'), 'booked on an open day').to.equal(null);
    await markDay(day, 'closed');
    try {
      await waitUntil(() => part(el, 'problem'), 'the closed day never reached the open calendar', { timeout: 5000 });
      expect(text(part(el, 'problem'))).to.equal(en.timeline.visitProblem.closed);
      if (cell(el, day)) expect(cell(el, day)!.dataset.state, 'its day reads closed too').to.equal('closed');
    } finally {
      await clearDay(day, 'closed');
    }
    await waitUntil(() => !part(el, 'problem'), 'the reopened day never reached the open calendar', { timeout: 5000 });
    expect(text(part(el, 'intro'))).to.contain(t.current(''));
  });

  it('flags a booked visit whose technician is away then, in the page’s language', async () => {
    const ticket = await cal.ticket();
    const day = days[18]!;
    expect((await cal.book(ticket, day)).status).to.equal(200);
    // Window 0 is 08–12 in Berlin: an absence over its first hour.
    await addAbsence(cal.engineerId, `${day}T07:00:00Z`, `${day}T08:00:00Z`);
    const el = await calendar(ticket, { lang: 'de' });
    await settled(el);
    expect(text(part(el, 'problem'))).to.equal(de.timeline.visitProblem.engineer);
    expect(text(part(el, 'pick-day'))).to.equal(de.booking.pickNewDay);
  });

  it('says so when the month has no free window, with the company’s phone', async () => {
    const open = await calendar(await cal.ticket());
    await settled(open);
    await next(open);
    expect(part(open, 'empty-month'), 'a month with free windows says nothing').to.equal(null);

    const ticket = await cal.ticket();
    const later = addDays(days.at(-1)!, 40);
    await setParts(ticket.ticketId, later, addDays(later, 5));
    await cal.setPhone('+49 30 555 0100');
    try {
      const el = await calendar(ticket);
      await settled(el);
      await next(el);
      await waitUntil(() => part(el, 'empty-month'), 'no empty-month message');
      expect(text(part(el, 'empty-month'))).to.equal(t.noFreeDay(monthHeading(el), '+49 30 555 0100'));
      await expect(el).to.be.accessible();
    } finally {
      await cal.setPhone(null);
    }
  });

  it('shows the error state with Retry and emits porch-error for another ticket', async () => {
    const ticket = await cal.ticket();
    const errors: string[] = [];
    const el = await fixture<PorchBookingCalendar>(
      html`<porch-booking-calendar
        api=${ticket.api}
        token=${ticket.session}
        ticket-id="00000000-0000-4000-8000-000000000000"
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-booking-calendar>`,
    );
    await waitUntil(() => part(el, 'error'), 'no error state');
    expect(errors).to.deep.equal(['NOT_FOUND']);
    expect(text(part(el, 'error')))
      .to.contain(t.error)
      .and.contain(t.retry);
    await expect(el).to.be.accessible();
  });
});
