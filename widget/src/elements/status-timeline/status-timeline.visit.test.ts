import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { de } from '../../i18n/de.js';
import { en } from '../../i18n/en.js';
import { addAbsence, bookingCalendar, clearDay, markDay, nextMonthWeekdays } from '../../testing/booking.js';
import { part, text } from '../../testing/fixtures.js';
import { streamsOpen } from '../../testing/timeline.js';
import { PorchStatusTimeline } from './status-timeline.js';

PorchStatusTimeline.define('porch-status-timeline');

type Ticket = { api: string; session: string; ticketId: string };

/** The timeline of `ticket` in `lang`, once it shows. */
async function timeline(ticket: Ticket, lang = 'en') {
  const el = await fixture<PorchStatusTimeline>(
    html`<porch-status-timeline
      lang=${lang}
      api=${ticket.api}
      token=${ticket.session}
      ticket-id=${ticket.ticketId}
    ></porch-status-timeline>`,
  );
  await waitUntil(() => part(el, 'visit'), 'the booked visit never showed', { timeout: 5000 });
  return el;
}

describe('<porch-status-timeline> a booked visit that became impossible', () => {
  it('is flagged with what to do once the company closes its day, and no longer once the day opens again', async () => {
    const cal = await bookingCalendar();
    const ticket = await cal.ticket();
    const day = nextMonthWeekdays()[6]!;
    expect((await cal.book(ticket, day)).status).to.equal(200);
    expect(part(await timeline(ticket), 'visit-problem'), 'booked on an open day').to.equal(null);
    await markDay(day, 'closed');
    try {
      const el = await timeline(ticket);
      expect(text(part(el, 'visit-problem'))).to.equal(en.timeline.visitProblem.closed);
      expect(text(part(el, 'visit')), 'the visit still shows, flagged').to.contain(en.timeline.visit(''));
      await expect(el).to.be.accessible();
    } finally {
      await clearDay(day, 'closed');
    }
    expect(part(await timeline(ticket), 'visit-problem')).to.equal(null);
  });

  it('is flagged when its technician is away then, in the page’s language', async () => {
    const cal = await bookingCalendar();
    const ticket = await cal.ticket();
    const day = nextMonthWeekdays()[8]!;
    expect((await cal.book(ticket, day)).status).to.equal(200);
    // Window 0 is 08–12 in Berlin: an absence over its first hour.
    await addAbsence(cal.engineerId, `${day}T06:00:00Z`, `${day}T08:00:00Z`);
    expect(text(part(await timeline(ticket), 'visit-problem'))).to.equal(en.timeline.visitProblem.engineer);
    expect(text(part(await timeline(ticket, 'de'), 'visit-problem'))).to.equal(de.timeline.visitProblem.engineer);
  });

  it('is flagged live on an open page when the company closes its day, and unflagged when it opens again', async () => {
    const cal = await bookingCalendar();
    const ticket = await cal.ticket();
    const day = nextMonthWeekdays()[19]!;
    expect((await cal.book(ticket, day)).status).to.equal(200);
    const el = await timeline(ticket);
    await streamsOpen(ticket.ticketId);
    expect(part(el, 'visit-problem'), 'booked on an open day').to.equal(null);
    await markDay(day, 'closed');
    try {
      await waitUntil(() => part(el, 'visit-problem'), 'the closed day never reached the open page', { timeout: 5000 });
      expect(text(part(el, 'visit-problem'))).to.equal(en.timeline.visitProblem.closed);
    } finally {
      await clearDay(day, 'closed');
    }
    await waitUntil(() => !part(el, 'visit-problem'), 'the reopened day never reached the open page', {
      timeout: 5000,
    });
    expect(text(part(el, 'visit'))).to.contain(en.timeline.visit(''));
  });
});
