import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { createTicketLink, DESKTOP, part, shadow } from '../../testing/fixtures.js';
import { clearHash, hostedTimeline } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

describe('<porch-portal> on a phone', () => {
  afterEach(async () => {
    clearHash();
    await setViewport(DESKTOP);
  });

  it('shows the arrival window and the distance without scrolling at 390 × 844, below a company site’s own header', async () => {
    await setViewport({ width: 390, height: 844 });
    const from = new Date(Date.now() + 20 * 60_000);
    const { api, token } = await createTicketLink({
      status: 'on_route',
      technician: 'Sam',
      eta: { from: from.toISOString(), to: new Date(from.getTime() + 30 * 60_000).toISOString() },
      location: { lat: 52.52, lng: 13.405 },
      position: { lat: 52.53, lng: 13.405 },
      title: 'HP LaserJet M404 jams on every page',
    });
    location.hash = `porch=${token}`;
    // About what the demo site shows above the portal on a phone: its header, a heading and a sentence.
    const page = await fixture(
      html`<div>
        <div style="height: 350px">Acme Printer Repair</div>
        <porch-portal api=${api}></porch-portal>
      </div>`,
    );
    const portal = page.querySelector<PorchPortal>('porch-portal')!;
    await waitUntil(() => part(portal, 'salutation') ?? part(portal, 'error'), 'the portal never opened', {
      timeout: 10000,
    });
    expect(part(portal, 'error')?.textContent ?? null).to.equal(null);
    const timeline = await hostedTimeline(portal);
    await waitUntil(() => part(timeline, 'eta') && part(timeline, 'approach'), 'no arrival window or distance');
    for (const name of ['eta', 'approach']) {
      const { top, bottom } = part(timeline, name)!.getBoundingClientRect();
      expect(bottom, `${name} is above the fold`).to.be.at.most(innerHeight);
      expect(top, `${name} is on the page`).to.be.at.least(350);
    }
    const current = shadow(timeline).querySelector('[aria-current=step]')!.getBoundingClientRect();
    expect(current.bottom, 'the positive control: the current step itself is below the fold').to.be.greaterThan(
      innerHeight,
    );
  });
});
