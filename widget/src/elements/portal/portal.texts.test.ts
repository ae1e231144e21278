import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PorchBookingCalendar } from '../booking-calendar/booking-calendar.js';
import { de } from '../../i18n/de.js';
import { bookingCalendar } from '../../testing/booking.js';
import { part, shadow, text } from '../../testing/fixtures.js';
import { opened } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

const TEXTS = {
  salutation: { en: 'Hello! Here is your repair.', de: 'Hallo! So steht es um Ihre Reparatur.' },
  bookingText: { en: 'Pick a morning or an afternoon.', de: 'Wählen Sie einen Vormittag oder Nachmittag.' },
  disclaimer: { en: 'Visits may run late.', de: 'Besuche können sich verspäten.' },
};

/** A portal for a fresh booking ticket of `cal`, inside an element with the page's `lang` (none: no attribute). */
async function portalIn(cal: Awaited<ReturnType<typeof bookingCalendar>>, lang?: string) {
  const { api, session } = await cal.ticket();
  const wrapper = await fixture<HTMLElement>(
    lang
      ? html`<div lang=${lang}><porch-portal api=${api} token=${session}></porch-portal></div>`
      : html`<div><porch-portal api=${api} token=${session}></porch-portal></div>`,
  );
  const el = wrapper.querySelector<PorchPortal>('porch-portal')!;
  await opened(el);
  return el;
}

/** Opens the Appointment tab and its calendar's first available day's first window: intro and confirm show. */
async function openBooking(el: PorchPortal): Promise<PorchBookingCalendar> {
  shadow(el).querySelectorAll<HTMLButtonElement>('[role=tab]')[1]!.click();
  const hosted = () => shadow(el).querySelector<PorchBookingCalendar>('[part~=panel] porch-booking-calendar');
  await waitUntil(() => hosted()?.shadowRoot?.querySelector('[part~=intro]'), 'no loaded calendar in the panel', {
    timeout: 10000,
  });
  const calendar = hosted()!;
  const root = calendar.shadowRoot!;
  const nextMonth = () => root.querySelectorAll<HTMLButtonElement>('[part~=nav]')[1]!.click();
  const available = () => root.querySelector<HTMLElement>('[data-state=available]');
  const checking = () => root.querySelector('[data-state=checking],[data-state=unchecked]');
  await waitUntil(() => !checking() && root.querySelector('[role=grid]'), 'days never checked', { timeout: 10000 });
  if (!available()) nextMonth();
  await waitUntil(() => available(), 'no available day', { timeout: 10000 });
  available()!.click();
  await waitUntil(() => root.querySelector('[part~=slot] input:not([disabled])'), 'no bookable window', {
    timeout: 10000,
  });
  root.querySelector<HTMLInputElement>('[part~=slot] input:not([disabled])')!.click();
  await waitUntil(() => part(calendar, 'confirm'), 'no confirm section', { timeout: 5000 });
  return calendar;
}

describe('<porch-portal> profile texts in the page’s language', () => {
  it('a German page shows the German greeting, booking text and disclaimer', async () => {
    const cal = await bookingCalendar({ ...TEXTS, settings: false });
    const el = await portalIn(cal, 'de');
    expect(text(part(el, 'salutation'))).to.equal(TEXTS.salutation.de);
    const calendar = await openBooking(el);
    const intro = text(part(calendar, 'intro'));
    expect(intro).to.contain(TEXTS.bookingText.de).and.not.contain(TEXTS.bookingText.en);
    const confirm = text(part(calendar, 'confirm'));
    expect(confirm).to.contain(TEXTS.disclaimer.de).and.not.contain(TEXTS.disclaimer.en);
    expect(confirm, 'the widget’s own words are German too').to.contain(de.booking.confirm);
    await expect(el).to.be.accessible();
  });

  it('a French page falls back to the profile’s language; a page without lang speaks the profile’s', async () => {
    // One portal at a time: each holds a live stream, and a page has six connections to the API over HTTP/1.1.
    const salutation = async (cal: Awaited<ReturnType<typeof bookingCalendar>>, lang?: string) => {
      const el = await portalIn(cal, lang);
      const said = text(part(el, 'salutation'));
      el.remove();
      return said;
    };
    const english = await bookingCalendar({ ...TEXTS, settings: false });
    expect(await salutation(english, 'fr')).to.equal(TEXTS.salutation.en);
    const german = await bookingCalendar({ ...TEXTS, language: 'de', settings: false });
    expect(await salutation(german)).to.equal(TEXTS.salutation.de);
    expect(await salutation(german, 'fr')).to.equal(TEXTS.salutation.de);
  });

  it('renders markup in the texts as text, never as HTML', async () => {
    const flag = (name: string) => (window as unknown as Record<string, unknown>)[name];
    const markup = (name: string) => `<img src="x-${name}" onerror="window.${name}=1"><b>${name}</b>`;
    const cal = await bookingCalendar({
      salutation: { de: markup('porchSalutation') },
      bookingText: { de: markup('porchBookingText') },
      disclaimer: { de: markup('porchDisclaimer') },
      settings: false,
    });
    const el = await portalIn(cal, 'de');
    expect(text(part(el, 'salutation'))).to.equal(markup('porchSalutation'));
    const calendar = await openBooking(el);
    expect(text(part(calendar, 'intro'))).to.contain(markup('porchBookingText'));
    expect(text(part(calendar, 'confirm'))).to.contain(markup('porchDisclaimer'));
    for (const root of [shadow(el), calendar.shadowRoot!]) expect(root.querySelector('img, b')).to.equal(null);

    // Positive control: the same markup parsed as HTML does run its handler here, so its absence above means something.
    const control = document.createElement('div');
    control.innerHTML = markup('porchControl');
    document.body.append(control);
    await waitUntil(() => flag('porchControl'), 'the control image never failed');
    control.remove();
    expect([flag('porchSalutation'), flag('porchBookingText'), flag('porchDisclaimer')]).to.deep.equal([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
