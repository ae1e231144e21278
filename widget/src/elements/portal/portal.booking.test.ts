import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { bookingCalendar } from '../../testing/booking.js';
import { part, shadow, text } from '../../testing/fixtures.js';
import { en } from '../../i18n/en.js';
import { opened } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

describe('<porch-portal> booking', () => {
  it('shows an Appointment tab for a booking session; the hosted calendar leaves the greeting to the portal', async () => {
    const cal = await bookingCalendar({ salutation: 'Hello Dana!', bookingText: 'Pick a morning or an afternoon.' });
    const { api, session } = await cal.ticket();
    const el = await fixture<PorchPortal>(html`<porch-portal api=${api} token=${session}></porch-portal>`);
    await opened(el);
    const tabs = [...shadow(el).querySelectorAll<HTMLButtonElement>('[role=tab]')];
    expect(tabs.map((tab) => text(tab))).to.deep.equal([en.portal.tabs.track, en.portal.tabs.book]);
    tabs[1]!.click();
    const hosted = () => shadow(el).querySelector('[part~=panel] porch-booking-calendar');
    await waitUntil(() => hosted()?.shadowRoot?.querySelector('[part~=intro]'), 'no loaded calendar in the panel', {
      timeout: 10000,
    });
    const calendar = hosted()!;
    expect(text(part(el, 'salutation'))).to.equal('Hello Dana!');
    const intro = text(calendar.shadowRoot!.querySelector('[part~=intro]'));
    expect(intro).to.contain('Pick a morning or an afternoon.');
    expect(intro).not.to.contain('Hello Dana!');
    await expect(el).to.be.accessible();
  });
});
