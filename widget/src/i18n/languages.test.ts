import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { PorchBookingCalendar } from '../elements/booking-calendar/booking-calendar.js';
import { PorchPortal } from '../elements/portal/portal.js';
import { PorchShareLinks } from '../elements/share-links/share-links.js';
import { PorchStatusTimeline } from '../elements/status-timeline/status-timeline.js';
import { PorchTicketInfos } from '../elements/ticket-infos/ticket-infos.js';
import { bookingCalendar, type Calendar } from '../testing/booking.js';
import { clearHash } from '../testing/portal.js';
import {
  addInfo,
  createSession,
  createTicketLink,
  onPhone,
  overflowing,
  part,
  shadow,
  text,
} from '../testing/fixtures.js';
import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it as italian } from './it.js';
import { plural } from './plural.js';
import type { Translation } from './translation.js';

PorchPortal.define('porch-portal');
PorchStatusTimeline.define('porch-status-timeline');
PorchShareLinks.define('porch-share-links');
PorchBookingCalendar.define('porch-booking-calendar');
PorchTicketInfos.define('porch-ticket-infos');

const LANGUAGES: Translation[] = [en, de, fr, es, italian, ar];
const COMPANY = 'Acme Printer Repair';

/** Every element of the widget in one `<div lang>`, each loaded with data (a technician on the way, an update). */
async function everyElement(lang: string, cal: Calendar, dir = 'auto') {
  const from = new Date(Date.now() + 3_600_000);
  const eta = { from: from.toISOString(), to: new Date(from.getTime() + 3_600_000).toISOString() };
  const { api, session, ticketId } = await createSession({ status: 'on_route', technician: 'Sam', eta });
  await addInfo(ticketId, 'Parts ordered.');
  const booking = await cal.ticket();
  const link = await createTicketLink({ status: 'dispatched' });
  location.hash = `porch=${link.token}`;
  const wrapper = await fixture(
    html`<div lang=${lang} dir=${dir}>
      <porch-portal api=${link.api}></porch-portal>
      <porch-status-timeline api=${api} token=${session} ticket-id=${ticketId}></porch-status-timeline>
      <porch-ticket-infos api=${api} token=${session} ticket-id=${ticketId} company=${COMPANY}></porch-ticket-infos>
      <porch-share-links api=${api} token=${session} ticket-id=${ticketId} open></porch-share-links>
      <porch-booking-calendar
        api=${booking.api}
        token=${booking.session}
        ticket-id=${booking.ticketId}
        viewer-time-zone="Europe/Berlin"
      ></porch-booking-calendar>
    </div>`,
  );
  const els = {
    portal: wrapper.querySelector<PorchPortal>('porch-portal')!,
    timeline: wrapper.querySelector<PorchStatusTimeline>('porch-status-timeline')!,
    infos: wrapper.querySelector<PorchTicketInfos>('porch-ticket-infos')!,
    share: wrapper.querySelector<PorchShareLinks>('porch-share-links')!,
    calendar: wrapper.querySelector<PorchBookingCalendar>('porch-booking-calendar')!,
  };
  await waitUntil(() => part(els.portal, 'salutation'), 'the portal never opened', { timeout: 5000 });
  await waitUntil(() => part(els.timeline, 'eta'), 'the timeline never loaded');
  await waitUntil(() => shadow(els.infos).querySelector('li'), 'the updates never loaded');
  await waitUntil(() => part(els.share, 'panel') && !part(els.share, 'loading'), 'the share list never loaded');
  await waitUntil(
    () =>
      shadow(els.calendar).querySelector('[role=grid]') && !shadow(els.calendar).querySelector('[data-state=checking]'),
    'the calendar never settled',
    { timeout: 10_000 },
  );
  return els;
}

describe('languages', () => {
  let cal: Calendar;
  before(async () => {
    cal = await bookingCalendar();
  });
  afterEach(clearHash);

  for (const t of LANGUAGES) {
    it(`renders every element in ${t.lang} at 320 px: its texts and dates, no overflow, accessible`, async () => {
      await onPhone(async () => {
        const els = await everyElement(t.lang, cal);
        const hosted = shadow(els.portal).querySelector('porch-status-timeline')!;
        await waitUntil(() => part(hosted, 'base'), 'the portal never showed its timeline');
        expect(text(shadow(hosted).querySelector('[aria-current=step] [part~=label]'))).to.equal(
          t.timeline.status.dispatched,
        );
        expect(text(els.timeline.shadowRoot!.querySelector('[aria-current=step] [part~=label]'))).to.equal(
          t.timeline.status.on_route,
        );
        expect(text(part(els.infos, 'heading'))).to.equal(t.ticketInfos.heading(COMPANY));
        expect(text(part(els.share, 'toggle'))).to.equal(t.shareLinks.toggle);
        const firstDay = shadow(els.calendar).querySelector<HTMLElement>('[data-date]')!.dataset.date!;
        const month = new Intl.DateTimeFormat(t.lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
        expect(text(shadow(els.calendar).querySelector('#month'))).to.equal(month.format(new Date(firstDay)));
        for (const el of Object.values(els)) {
          expect(overflowing(el), `<${el.localName}> in ${t.lang}`).to.deep.equal([]);
          await expect(el).to.be.accessible();
        }
      });
    });
  }

  it('lays Arabic out right to left and English left to right, whatever the page’s direction', async () => {
    for (const t of [en, ar]) {
      // Each in a page of the other direction: the language decides, not the page.
      const els = await everyElement(t.lang, cal, t.lang === 'ar' ? 'ltr' : 'rtl');
      const direction = t.lang === 'ar' ? 'rtl' : 'ltr';
      for (const el of Object.values(els)) expect(getComputedStyle(el).direction, el.localName).to.equal(direction);
      const step = shadow(els.timeline).querySelector('[aria-current=step]')!.getBoundingClientRect();
      const dot = shadow(els.timeline).querySelector('[aria-current=step] .dot')!.getBoundingClientRect();
      const railOnTheRight = dot.left > step.left + step.width / 2;
      expect(railOnTheRight, `the timeline's rail in ${t.lang}`).to.equal(t.lang === 'ar');
      // The previous-month arrow stands at the start of the line: the left in English, the right in Arabic.
      const [previous, next] = shadow(els.calendar).querySelectorAll('[part~=nav]');
      const previousIsLeft = previous!.getBoundingClientRect().left < next!.getBoundingClientRect().left;
      expect(previousIsLeft, `the previous-month button in ${t.lang}`).to.equal(t.lang === 'en');
      clearHash();
    }
  });

  it("shows the profile's own status labels in each language it has them for, the default texts in the others", async () => {
    const labels = { ar: { dispatched: 'الفني في طريقه قريبًا' }, it: { dispatched: 'Tecnico in arrivo' } };
    const { api, session, ticketId } = await createSession({ status: 'dispatched', profile: { statusLabels: labels } });
    for (const [lang, expected] of [
      ['ar', labels.ar.dispatched],
      ['it', labels.it.dispatched],
      ['es', es.timeline.status.dispatched],
    ]) {
      const wrapper = await fixture(
        html`<div lang=${lang!}>
          <porch-status-timeline api=${api} token=${session} ticket-id=${ticketId}></porch-status-timeline>
        </div>`,
      );
      const el = wrapper.querySelector('porch-status-timeline')!;
      await waitUntil(() => part(el, 'base'), 'the timeline never loaded');
      expect(text(shadow(el).querySelector('[aria-current=step] [part~=label]')), lang).to.equal(expected);
      wrapper.remove();
    }
  });

  it('picks each plural form through Intl.PluralRules of the language', () => {
    const forms = Object.entries({ 0: 'zero', 1: 'one', 2: 'two', 3: 'few', 11: 'many', 100: 'other' } as const);
    for (const [n, form] of forms)
      expect(plural('ar', Number(n), ar.portal.lifetime), n).to.equal(ar.portal.lifetime[form]!.replace('#', n));
    expect(plural('fr', 1, fr.portal.lifetime)).to.equal(fr.portal.lifetime.one!.replace('#', '1'));
    expect(plural('fr', 5, fr.portal.lifetime)).to.equal(fr.portal.lifetime.other.replace('#', '5'));
  });
});
