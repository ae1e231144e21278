import { expect, waitUntil } from '@open-wc/testing';
import { PorchClient } from '../../api/client.js';
import type { PortalApproach } from '../../api/types.js';
import { de } from '../../i18n/de.js';
import { en } from '../../i18n/en.js';
import { moveTicket, part, setSettings, shadow, text } from '../../testing/fixtures.js';
import { announced, currentLabel, loaded, steps, streamsOpen, timeline } from '../../testing/timeline.js';
import { PorchStatusTimeline } from './status-timeline.js';

PorchStatusTimeline.define('porch-status-timeline');

const SITE = { lat: 52.52, lng: 13.405 };
/** About 1.1 km from the site: within the tenant's default precise-position radius (5 km). */
const NEAR = { lat: 52.53, lng: 13.405 };
/** About 22 km from the site. */
const FAR = { lat: 52.72, lng: 13.405 };
const TILES = 'https://tiles.invalid/{z}/{x}/{y}.png';

/** The approach as the API computes it for the ticket, to compare the shown text with. */
async function approachOf({ api, session, ticketId }: { api: string; session: string; ticketId: string }) {
  const { approach } = await new PorchClient({ baseUrl: api, session }).ticket(ticketId);
  if (approach?.precision !== 'precise')
    throw new Error(`expected a precise approach, got ${JSON.stringify(approach)}`);
  return approach;
}

const away = (
  t: typeof en,
  lang: string,
  { distanceKm, minutesAway }: Extract<PortalApproach, { precision: 'precise' }>,
) => {
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  return t.timeline.away(number.format(distanceKm), number.format(minutesAway));
};

/** Whether the page has requested anything whose URL contains `text`. */
const requested = (text: string) => performance.getEntriesByType('resource').some((entry) => entry.name.includes(text));

describe('<porch-status-timeline> approach', () => {
  afterEach(() => setSettings({ mapTileUrl: null }));

  it('says nothing of the approach before the technician is on the way, then "On the way" while far off', async () => {
    const { el, ticketId } = await timeline({ status: 'dispatched', technician: 'Sam', location: SITE });
    await loaded(el);
    expect(part(el, 'approach')).to.equal(null);
    await streamsOpen(ticketId);

    await moveTicket(ticketId, { status: 'on_route' });
    await moveTicket(ticketId, { position: FAR });
    await waitUntil(() => part(el, 'approach'), 'the approach never showed');
    expect(text(part(el, 'approach'))).to.equal(en.timeline.onTheWay);
    expect(text(part(el, 'technician'))).to.equal(`${en.timeline.technician} Sam`);
    await expect(el).to.be.accessible();
  });

  it('shows distance and minutes near the site, updates them silently, and loads no map without a tile URL', async () => {
    const shown = await timeline({ status: 'on_route', technician: 'Sam', location: SITE, position: NEAR });
    const { el, ticketId } = shown;
    await loaded(el);
    expect(text(part(el, 'approach'))).to.equal(away(en, 'en', await approachOf(shown)));
    await streamsOpen(ticketId);

    await moveTicket(ticketId, { position: { lat: 52.524, lng: 13.405 } });
    const closer = away(en, 'en', await approachOf(shown));
    await waitUntil(() => text(part(el, 'approach')) === closer, 'the position update never showed');
    expect(announced(el), 'position updates are not announced').to.equal('');

    expect(part(el, 'map')).to.equal(null);
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect(requested('approach-map'), 'the map module was not loaded').to.equal(false);
    expect(requested('tiles.invalid')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('formats the distance for the page language', async () => {
    const shown = await timeline({ status: 'on_route', location: SITE, position: NEAR }, 'de');
    await loaded(shown.el);
    const approach = await approachOf(shown);
    expect(text(part(shown.el, 'approach'))).to.equal(away(de, 'de', approach));
    expect(text(part(shown.el, 'approach'))).to.contain(`${String(approach.distanceKm).replace('.', ',')} km entfernt`);
  });

  it('shows the map tiles around the technician, marked, when the tenant configured a tile URL', async () => {
    await setSettings({ mapTileUrl: TILES });
    const { el } = await timeline({ status: 'on_route', location: SITE, position: NEAR });
    await waitUntil(() => part(el, 'map'), 'the map never showed');
    const map = part(el, 'map')!;
    expect(map).to.have.attribute('role', 'img');
    expect(map).to.have.attribute('aria-label', en.timeline.map);
    const tiles = [...map.querySelectorAll('img')];
    expect(tiles).to.have.length(4);
    expect(tiles.every((img) => img.alt === '')).to.equal(true);

    // Web Mercator tile coordinates at zoom 14, as OSM-style tile servers number them.
    const n = 2 ** 14;
    const x = ((NEAR.lng + 180) / 360) * n;
    const rad = (NEAR.lat * Math.PI) / 180;
    const y = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
    const own = tiles.find((img) => img.src === `https://tiles.invalid/14/${Math.floor(x)}/${Math.floor(y)}.png`);
    expect(own, "the tile under the technician's position is shown").to.exist;

    const tile = own!.getBoundingClientRect();
    const marker = part(el, 'marker')!.getBoundingClientRect();
    const view = map.getBoundingClientRect();
    const centre = (box: DOMRect): [number, number] => [box.left + box.width / 2, box.top + box.height / 2];
    const [markerX, markerY] = centre(marker);
    expect(markerX).to.be.closeTo(tile.left + (x % 1) * 256, 1);
    expect(markerY).to.be.closeTo(tile.top + (y % 1) * 256, 1);
    expect(centre(view)[0]).to.be.closeTo(markerX, 1);
    expect(centre(view)[1]).to.be.closeTo(markerY, 1);
    await expect(el).to.be.accessible();
  });
});

describe('<porch-status-timeline> labels', () => {
  const statusLabels = {
    en: { received: 'We have it', on_route: 'Driving to you', onsite: 'At your door' },
    de: { on_route: 'Fährt zu Ihnen' },
  };

  it("shows the profile's labels for the page language, falling back to the default names", async () => {
    const { el, ticketId } = await timeline({ status: 'on_route', profile: { statusLabels } });
    await loaded(el);
    const labels = steps(el).map((li) => text(li.querySelector('[part~=label]')));
    expect(labels).to.deep.equal(Object.values({ ...en.timeline.status, ...statusLabels.en }));
    await streamsOpen(ticketId);

    await moveTicket(ticketId, { status: 'onsite' });
    await waitUntil(() => currentLabel(el) === 'At your door', 'the live change never arrived');
    expect(announced(el)).to.equal(en.timeline.statusChanged('At your door'));
  });

  it('never shows the labels of another language', async () => {
    const { el } = await timeline({ status: 'on_route', profile: { statusLabels } }, 'de');
    await loaded(el);
    const labels = steps(el).map((li) => text(li.querySelector('[part~=label]')));
    expect(labels).to.deep.equal(Object.values({ ...de.timeline.status, ...statusLabels.de }));
  });
});

describe('<porch-status-timeline> hold', () => {
  it('says when the ticket is on hold and when it goes on, announced politely and without a status change', async () => {
    const { el, ticketId, changes } = await timeline({ status: 'scheduling' });
    await loaded(el);
    expect(part(el, 'hold')).to.equal(null);
    await streamsOpen(ticketId);

    await moveTicket(ticketId, { hold: 'on_hold' });
    await waitUntil(() => part(el, 'hold'), 'the hold never showed');
    expect(text(part(el, 'hold'))).to.equal(en.timeline.hold.on_hold);
    expect(announced(el)).to.equal(en.timeline.statusChanged(en.timeline.hold.on_hold));
    await expect(el).to.be.accessible();

    await moveTicket(ticketId, { hold: null });
    await waitUntil(() => !part(el, 'hold'), 'the hold never ended');
    expect(announced(el)).to.equal(en.timeline.statusChanged(en.timeline.status.scheduling));
    expect(changes, 'the status itself never changed').to.deep.equal([]);
  });

  it('shows a cancelled ticket with its steps, none of them going on', async () => {
    const { el, ticketId } = await timeline({ status: 'dispatched' }, 'de');
    await loaded(el);
    await streamsOpen(ticketId);

    await moveTicket(ticketId, { hold: 'cancelled' });
    await waitUntil(() => part(el, 'hold'), 'the cancellation never showed');
    expect(text(part(el, 'hold'))).to.equal(de.timeline.hold.cancelled);
    expect(announced(el)).to.equal(de.timeline.statusChanged(de.timeline.hold.cancelled));
    expect(steps(el)).to.have.length(7);
    expect(getComputedStyle(part(el, 'step-current')!).filter, 'the current step is greyed out').to.equal(
      'grayscale(1)',
    );
    const upcoming = steps(el).filter((li) => li.classList.contains('upcoming'));
    expect(upcoming.map((li) => getComputedStyle(li.querySelector('.label')!).textDecorationLine)).to.deep.equal(
      upcoming.map(() => 'line-through'),
    );
    await expect(el).to.be.accessible();
  });
});
