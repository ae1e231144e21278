import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  addDays,
  availabilityOf,
  clearDay,
  markDay,
  nextMonthWeekdays,
  setParts,
  type Calendar,
} from '../../testing/booking.js';
import {
  calendar,
  cell,
  monthHeading,
  next,
  settled,
  slotsLoaded,
  spoken,
  textedCalendar,
} from '../../testing/booking-calendar.js';
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
import { GLYPH } from './legend.js';

PorchBookingCalendar.define('porch-booking-calendar');
const t = en.booking;

describe('<porch-booking-calendar>', () => {
  let cal: Calendar;
  let days: string[];
  before(async () => {
    cal = await textedCalendar();
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
      expect(legend).to.have.length(13);
      for (const label of [
        ...Object.values(t.marker),
        ...Object.values(t.state).filter((s) => s !== t.state.selected),
      ]) {
        expect(
          legend.some((entry) => entry.includes(label)),
          label,
        ).to.equal(true);
      }
      expect(legend).to.include(`${GLYPH.available}${t.state.selected}`);
      for (const word of ['engineer', 'service terms', 'dispatcher'])
        expect(legend.join(' '), word).to.not.contain(word);
      // Each cell wears its swatch's colours; a white cell beside a tinted swatch was the bug.
      const swatch = (state: string) => part(el, 'legend')!.querySelector(`.swatch.${state}:not(.selected)`)!;
      for (const [date, state] of [
        [availableDay!, 'available'],
        [limitedDay!, 'limited'],
        [fullDay!, 'full'],
        [closedDay!, 'closed'],
        [noParts!, 'unmatched'],
      ] as const) {
        const cellColour = getComputedStyle(cell(el, date)!).backgroundColor;
        expect(cellColour, state).to.equal(getComputedStyle(swatch(state)).backgroundColor);
        expect(cellColour, `${state} is tinted`).to.not.equal('rgb(255, 255, 255)');
        expect(getComputedStyle(cell(el, date)!).color, state).to.equal(getComputedStyle(swatch(state)).color);
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

  it('documents every part it renders and its private tokens are all used', async () => {
    const { parts } = await documented('elements/booking-calendar/booking-calendar.ts');
    const el = await calendar(await cal.ticket());
    await settled(el);
    for (const name of renderedParts(el)) expect(parts, name).to.include(name);
    expect(privateTokenProblems(PorchBookingCalendar.styles)).to.deep.equal([]);
  });
});
