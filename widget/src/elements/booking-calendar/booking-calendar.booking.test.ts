import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { PorchBookedEvent } from '../../events/booked.js';
import type { PorchRescheduledEvent } from '../../events/rescheduled.js';
import { nextMonthWeekdays, type Calendar } from '../../testing/booking.js';
import {
  calendar,
  cell,
  icsOf,
  next,
  settled,
  slotsLoaded,
  spoken,
  textedCalendar,
} from '../../testing/booking-calendar.js';
import { part, shadow, inZone, text, zoneName } from '../../testing/fixtures.js';
import { en } from '../../i18n/en.js';
import { SiteClock } from '../../internal/clock.js';
import { PorchBookingCalendar } from './booking-calendar.js';

PorchBookingCalendar.define('porch-booking-calendar');
const t = en.booking;

describe('<porch-booking-calendar> booking', () => {
  let cal: Calendar;
  let days: string[];
  before(async () => {
    cal = await textedCalendar();
    days = nextMonthWeekdays();
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
    expect(text(slots[0]!), 'site times, named for a viewer elsewhere').to.contain(zoneName('Europe/Berlin'));
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
    await waitUntil(() => shadow(el).activeElement === part(el, 'success'), 'focus is not on the confirmation');
    const ics = icsOf(el);
    expect(ics)
      .to.contain('BEGIN:VEVENT')
      .and.contain(`DTSTART:${detail.appointment.start.replace(/[-:]/g, '').replace('.000', '')}`)
      .and.contain(`SUMMARY:${t.visitSummary('Acme Printer Repair')}`)
      .and.contain('LOCATION:Hauptstr. 1\\, 10115 Berlin')
      .and.contain(`UID:visit-${ticket.ticketId}@porchlight`);
    expect(part(el, 'ics')).to.have.attribute('download', 'visit.ics');
    await settled(el);
    expect(spoken(el, day)).to.contain(t.marker.current);

    cell(el, days[7]!)!.click();
    await el.updateComplete;
    expect(part(el, 'success'), 'the last booking’s message goes while another day is picked').to.equal(null);
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
    await waitUntil(() => shadow(el).activeElement === part(el, 'success'), 'focus is not on the confirmation');
    expect(text(part(el, 'success'))).to.contain(new SiteClock('en', 'Europe/Berlin').day(days[7]!));
    expect(icsOf(el), 'the same calendar entry, moved').to.contain(`UID:visit-${ticket.ticketId}@porchlight`);
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
    const slot = text(shadow(el).querySelector('[part~=slot]'));
    expect(slot).to.not.contain(zoneName('Europe/Berlin'));
    expect(slot).to.match(/\d/);
  });

  it('names the site’s zone beside its times for a viewer elsewhere (browser in Tokyo), and only then', async () => {
    const ticket = await cal.ticket();
    expect((await cal.book(ticket, days[14]!)).status).to.equal(200);
    const mount = async () => {
      const el = await fixture<PorchBookingCalendar>(
        html`<porch-booking-calendar
          api=${ticket.api}
          token=${ticket.session}
          ticket-id=${ticket.ticketId}
          lang="en"
        ></porch-booking-calendar>`,
      );
      await settled(el);
      return el;
    };
    await inZone('Asia/Tokyo', async () => {
      const el = await mount();
      expect(text(part(el, 'intro'))).to.contain(zoneName('Europe/Berlin'));
    });
    await inZone('Europe/Berlin', async () => {
      const el = await mount();
      expect(text(part(el, 'intro')), 'the positive control: a viewer at the site').to.contain(t.current(''));
      expect(text(part(el, 'intro'))).to.not.contain(zoneName('Europe/Berlin'));
    });
  });
});
