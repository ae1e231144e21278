import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PorchBookedEvent } from '../../events/booked.js';
import type { PorchErrorEvent } from '../../events/error.js';
import type { PorchRescheduledEvent } from '../../events/rescheduled.js';
import {
  addDays,
  availabilityOf,
  bookingCalendar,
  clearDay,
  markDay,
  nextMonthWeekdays,
  setParts,
  type Calendar,
} from '../../testing/booking.js';
import {
  documented,
  onPhone,
  overflowing,
  part,
  privateTokenProblems,
  renderedParts,
  shadow,
  text,
} from '../../testing/fixtures.js';
import { en } from '../../i18n/en.js';
import { PorchBookingCalendar } from './booking-calendar.js';

PorchBookingCalendar.define('porch-booking-calendar');
const t = en.booking;

type Ticket = Awaited<ReturnType<Calendar['ticket']>>;

async function calendar(ticket: Ticket, attrs: { viewerTimeZone?: string; lang?: string } = {}) {
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

const cell = (el: PorchBookingCalendar, date: string) => shadow(el).querySelector<HTMLElement>(`[data-date="${date}"]`);
const settled = (el: PorchBookingCalendar) =>
  waitUntil(
    () =>
      shadow(el).querySelectorAll('[data-state=checking],[data-state=unchecked]').length === 0 &&
      shadow(el).querySelector('[role=grid]'),
    'days never finished checking',
    { timeout: 10000 },
  );
const monthHeading = (el: PorchBookingCalendar) => text(shadow(el).querySelector('#month'));
const next = async (el: PorchBookingCalendar) => {
  shadow(el).querySelectorAll<HTMLButtonElement>('[part~=nav]')[1]!.click();
  await el.updateComplete;
  await settled(el);
};
const spoken = (el: PorchBookingCalendar, date: string) => text(cell(el, date)!.querySelector('.visually-hidden'));
// After the click's update first: until then the previously selected day's windows are still on show.
const slotsLoaded = async (el: PorchBookingCalendar) => {
  await el.updateComplete;
  await waitUntil(() => part(el, 'slots') && !part(el, 'slots')!.hasAttribute('aria-busy'), 'the windows never loaded');
};

describe('<porch-booking-calendar>', () => {
  let cal: Calendar;
  let days: string[];
  before(async () => {
    cal = await bookingCalendar({
      policy: 'Free changes up to a day before.',
      disclaimer: 'Visits may run late.',
      bookingText: 'Pick a morning or an afternoon.',
      salutation: 'Hello!',
    });
    days = nextMonthWeekdays();
  });

  it('shows the month at once, checks it a week at a time (not checked → checking → state) and is accessible', async () => {
    const ticket = await cal.ticket();
    const el = await calendar(ticket);
    const last = [...shadow(el).querySelectorAll<HTMLElement>('[data-date]')].at(-1)!;
    const seen = new Set([last.dataset.state]);
    const observer = new MutationObserver(() => seen.add(last.dataset.state));
    observer.observe(last, { attributes: true, attributeFilter: ['data-state'] });
    await settled(el);
    observer.disconnect();
    expect(
      [...seen].filter((s) => s === 'unchecked' || s === 'checking'),
      'progressive states',
    ).to.not.be.empty;
    expect(seen.has(last.dataset.state)).to.equal(true);
    expect(shadow(el).querySelector('[role=grid]')).to.have.attribute('aria-busy', 'false');
    expect(text(part(el, 'intro')))
      .to.contain('Hello!')
      .and.contain('Pick a morning or an afternoon.');
    await expect(el).to.be.accessible();
  });

  it('shows every legend state and marker, in text and not by colour alone', async () => {
    const [closedDay, limitedDay, fullDay, currentDay, availableDay, , , , partsEnd, noParts] = days as string[];
    const ticket = await cal.ticket();
    await markDay(closedDay!, 'closed');
    await markDay(limitedDay!, 'limited');
    try {
      for (const no of [0, 1]) expect((await cal.book(await cal.ticket(), fullDay!, no)).status).to.equal(200);
      expect((await cal.book(ticket, currentDay!)).status).to.equal(200);
      await setParts(ticket.ticketId, closedDay!, partsEnd!);
      const el = await calendar(ticket);
      await settled(el);
      await next(el);
      const state = (date: string) => cell(el, date)!.dataset.state;
      expect(state(closedDay!)).to.equal('closed');
      expect(spoken(el, closedDay!)).to.contain(`${t.state.closed}, ${t.reason.closed}, ${t.marker['parts-begin']}`);
      expect(state(limitedDay!)).to.equal('limited');
      expect(spoken(el, limitedDay!)).to.contain(t.state.limited);
      expect(cell(el, limitedDay!)!.querySelector('.glyph')!.textContent).to.contain('▲');
      expect(state(fullDay!)).to.equal('full');
      expect(spoken(el, fullDay!)).to.contain(t.state.full);
      expect(state(currentDay!)).to.equal('available');
      expect(spoken(el, currentDay!)).to.contain(`${t.state.available}, ${t.marker.current}`);
      expect(state(availableDay!)).to.equal('available');
      expect(spoken(el, partsEnd!)).to.contain(t.marker['parts-end']);
      expect(state(noParts!)).to.equal('unmatched');
      expect(spoken(el, noParts!)).to.contain(`${t.state.unmatched}, ${t.reason.parts}`);
      const weekend = [...shadow(el).querySelectorAll<HTMLElement>('[data-date]')].find((c) =>
        [0, 6].includes(new Date(`${c.dataset.date}T00:00Z`).getUTCDay()),
      )!;
      expect(weekend.dataset.state).to.equal('closed');
      expect(text(weekend.querySelector('.visually-hidden'))).to.contain(t.reason.weekend);
      expect(cell(el, fullDay!)!.getAttribute('part')).to.equal('day day-full');

      cell(el, fullDay!)!.click();
      await el.updateComplete;
      expect(cell(el, fullDay!)!.getAttribute('part')).to.equal('day day-full day-selected');
      expect(cell(el, fullDay!)).to.have.attribute('aria-selected', 'true');
      expect(spoken(el, fullDay!)).to.contain(`${t.state.full}, ${t.state.selected}`);

      const { earliest, latest } = await availabilityOf(ticket, days[0]!, days[0]!);
      for (const [date, marker] of [
        [earliest, 'sla-earliest'],
        [latest, 'sla-latest'],
      ] as const) {
        const other = await calendar(ticket);
        while (!cell(other, date)) await next(other);
        await settled(other);
        expect(spoken(other, date)).to.contain(t.marker[marker]);
      }

      const unskilled = await calendar(await cal.ticket(['welding']));
      await settled(unskilled);
      await next(unskilled);
      expect(spoken(unskilled, availableDay!)).to.contain(`${t.state.unmatched}, ${t.reason.skills}`);

      const toggle = part(el, 'legend-toggle')!;
      expect(toggle).to.have.attribute('aria-expanded', 'false');
      expect(part(el, 'legend')!.hidden).to.equal(true);
      toggle.click();
      await el.updateComplete;
      expect(toggle).to.have.attribute('aria-expanded', 'true');
      const legend = [...part(el, 'legend')!.querySelectorAll('li')].map(text);
      expect(legend).to.have.length(16);
      for (const label of [
        ...Object.values(t.marker),
        ...Object.values(t.state).filter((s) => s !== t.state.selected),
      ]) {
        expect(
          legend.some((entry) => entry.includes(label)),
          label,
        ).to.equal(true);
      }
      for (const selected of [t.state.available, t.state.full, t.state.checking, t.state.unmatched]) {
        expect(
          legend.some((entry) => entry.includes(`${t.state.selected}: ${selected}`)),
          selected,
        ).to.equal(true);
      }
      await expect(el).to.be.accessible();
    } finally {
      await clearDay(closedDay!, 'closed');
      await clearDay(limitedDay!, 'limited');
    }
  });

  it('moves with the WAI-ARIA grid keys: arrows, Home/End, PageUp/PageDown, Enter selects', async () => {
    const el = await calendar(await cal.ticket(), { lang: 'de' });
    await settled(el);
    await next(el);
    const first = days[0]!;
    cell(el, first)!.focus();
    const focused = () => (shadow(el).activeElement as HTMLElement | null)?.dataset.date;
    const press = async (key: string) => {
      await sendKeys({ press: key });
      await el.updateComplete;
      await el.updateComplete;
    };
    await press('ArrowRight');
    expect(focused()).to.equal(addDays(first, 1));
    await press('ArrowDown');
    expect(focused()).to.equal(addDays(first, 8));
    await press('ArrowLeft');
    await press('ArrowUp');
    expect(focused()).to.equal(first);
    await press('Home');
    const monday = focused()!;
    expect(new Date(`${monday}T00:00Z`).getUTCDay(), 'German weeks start on Monday').to.equal(1);
    await press('End');
    expect(focused()).to.equal(addDays(monday, 6));
    const heading = monthHeading(el);
    await press('PageDown');
    expect(monthHeading(el)).to.not.equal(heading);
    expect(focused()!.slice(0, 7), 'a month later').to.not.equal(addDays(monday, 6).slice(0, 7));
    await press('PageUp');
    expect(monthHeading(el)).to.equal(heading);
    await settled(el);
    cell(el, first)!.focus();
    await press('Enter');
    expect(cell(el, first)).to.have.attribute('aria-selected', 'true');
    await slotsLoaded(el);
    expect(shadow(el).querySelectorAll('[part~=slot]')).to.have.length(2);
  });

  it('starts weeks on Sunday for en-US and on Monday for de', async () => {
    const ticket = await cal.ticket();
    const us = await fixture(
      html`<div lang="en-US">
        <porch-booking-calendar
          api=${ticket.api}
          token=${ticket.session}
          ticket-id=${ticket.ticketId}
        ></porch-booking-calendar>
      </div>`,
    );
    const el = us.querySelector('porch-booking-calendar')!;
    await (el as PorchBookingCalendar).updateComplete;
    expect(shadow(el).querySelector('th')!.getAttribute('abbr')).to.equal('Sunday');
    const de = await calendar(ticket, { lang: 'de' });
    expect(shadow(de).querySelector('th')!.getAttribute('abbr')).to.equal('Montag');
  });

  it('books only after the confirm box is ticked, shows the policy first, emits porch-booked and offers an .ics; moving emits porch-rescheduled', async () => {
    const ticket = await cal.ticket();
    const el = await calendar(ticket, { viewerTimeZone: 'America/New_York' });
    await settled(el);
    await next(el);
    const day = days[6]!;
    cell(el, day)!.click();
    await slotsLoaded(el);
    const slots = [...shadow(el).querySelectorAll<HTMLElement>('[part~=slot]')];
    expect(text(slots[0]!)).to.match(new RegExp(`${t.atSite}, .+ ${t.yourTime}`));
    expect(part(el, 'confirm')).to.equal(null);
    slots[0]!.querySelector('input')!.click();
    await el.updateComplete;
    expect(text(part(el, 'confirm')))
      .to.contain('Free changes up to a day before.')
      .and.contain(t.cutoff(24))
      .and.contain('Visits may run late.');
    const book = part(el, 'book') as HTMLButtonElement;
    expect(book.disabled, 'not before the box is ticked').to.equal(true);
    part(el, 'confirm')!.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    await el.updateComplete;
    expect(book.disabled).to.equal(false);
    const booked = oneEvent(el, 'porch-booked') as Promise<PorchBookedEvent>;
    book.click();
    const { detail } = await booked;
    expect(detail.ticketId).to.equal(ticket.ticketId);
    expect(detail.appointment.date).to.equal(day);
    await waitUntil(() => part(el, 'success'), 'no success state');
    expect(text(part(el, 'success'))).to.contain('Booked:');
    const ics = decodeURIComponent(part(el, 'ics')!.getAttribute('href')!.split(',')[1]!);
    expect(ics)
      .to.contain('BEGIN:VEVENT')
      .and.contain(`DTSTART:${detail.appointment.start.replace(/[-:]/g, '').replace('.000', '')}`);
    expect(part(el, 'ics')).to.have.attribute('download', 'visit.ics');
    await settled(el);
    expect(spoken(el, day)).to.contain(t.marker.current);

    cell(el, days[7]!)!.click();
    await slotsLoaded(el);
    shadow(el).querySelector<HTMLInputElement>('[part~=slot] input:not([disabled])')!.click();
    await el.updateComplete;
    part(el, 'confirm')!.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    await el.updateComplete;
    expect(text(part(el, 'book'))).to.equal(t.move);
    const moved = oneEvent(el, 'porch-rescheduled') as Promise<PorchRescheduledEvent>;
    part(el, 'book')!.click();
    const rescheduled = await moved;
    expect(rescheduled.detail.previous.id).to.equal(detail.appointment.id);
    expect(rescheduled.detail.appointment.date).to.equal(days[7]);
    await expect(el).to.be.accessible();
  });

  it('says so when the window was taken meanwhile (SLOT_TAKEN) and refreshes that day', async () => {
    const ticket = await cal.ticket();
    const el = await calendar(ticket);
    await settled(el);
    await next(el);
    const day = days[9]!;
    cell(el, day)!.click();
    await slotsLoaded(el);
    shadow(el).querySelector<HTMLInputElement>('[part~=slot] input')!.click();
    await el.updateComplete;
    part(el, 'confirm')!.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    await el.updateComplete;
    expect((await cal.book(await cal.ticket(), day, 0)).status).to.equal(200);
    part(el, 'book')!.click();
    await waitUntil(() => part(el, 'conflict'), 'no conflict state');
    expect(text(part(el, 'conflict'))).to.equal(t.taken);
    await slotsLoaded(el);
    const first = shadow(el).querySelector('[part~=slot]')!;
    expect(first.getAttribute('part')).to.equal('slot slot-unavailable');
    expect(text(first)).to.contain(`${t.unavailable}: ${t.slotReason.full}`);
    expect(part(el, 'confirm')).to.equal(null);
  });

  it('shows one time when the viewer is in the site’s zone', async () => {
    const el = await calendar(await cal.ticket());
    await settled(el);
    await next(el);
    cell(el, days[8]!)!.click();
    await slotsLoaded(el);
    expect(text(shadow(el).querySelector('[part~=slot]'))).to.not.contain(t.yourTime);
  });

  it('fits 320 px without overflowing', async () => {
    await onPhone(async () => {
      const el = await calendar(await cal.ticket());
      await settled(el);
      await next(el);
      cell(el, days[8]!)!.click();
      await slotsLoaded(el);
      part(el, 'legend-toggle')!.click();
      await el.updateComplete;
      expect(overflowing(el)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    }, 800);
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

  it('documents every part it renders and its private tokens are all used', async () => {
    const { parts } = await documented('elements/booking-calendar/booking-calendar.ts');
    const el = await calendar(await cal.ticket());
    await settled(el);
    for (const name of renderedParts(el)) expect(parts, name).to.include(name);
    expect(privateTokenProblems(PorchBookingCalendar.styles)).to.deep.equal([]);
  });
});
