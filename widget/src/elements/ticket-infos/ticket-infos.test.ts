import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import type { PorchErrorEvent } from '../../events/error.js';
import { PorchStatusChangedEvent } from '../../events/status-changed.js';
import {
  addInfo,
  blockApi,
  createSession,
  documented,
  onPhone,
  overflowing,
  part,
  porchProperties,
  privateTokenProblems,
  recordFetches,
  renderedParts,
  setPageVisible,
  shadow,
  labelledTime,
  text,
  unblockApi,
  zoneName,
} from '../../testing/fixtures.js';
import { en } from '../../i18n/en.js';
import { DAY_TIME } from '../../internal/clock.js';
import { PorchTicketInfos } from './ticket-infos.js';

PorchTicketInfos.define('porch-ticket-infos');

/** A standalone element on a fresh ticket's session (with `infos` written first, oldest first), recording errors. */
async function ticketInfos({
  infos = [] as string[],
  lang = 'en',
  company = 'Acme Printer Repair' as string | null,
  timezone = 'Europe/Berlin',
} = {}) {
  const { api, session, ticketId } = await createSession({ timezone });
  for (const [i, body] of infos.entries()) await addInfo(ticketId, body, (infos.length - i) * 3600);
  const errors: string[] = [];
  const wrapper = await fixture(
    html`<div lang=${lang}>
      <porch-ticket-infos
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        company=${company ?? nothing}
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-ticket-infos>
    </div>`,
  );
  const el = wrapper.querySelector<PorchTicketInfos>('porch-ticket-infos')!;
  return { el, api, session, ticketId, errors };
}

/** Waits until the infos are shown. */
const loaded = (el: PorchTicketInfos) => waitUntil(() => part(el, 'base'), 'the infos never showed', { timeout: 5000 });
const items = (el: PorchTicketInfos) => [...shadow(el).querySelectorAll<HTMLElement>('[part~=info]')];
const bodies = (el: PorchTicketInfos) => items(el).map((li) => text(li.querySelector('[part~=text]')));

describe('<porch-ticket-infos>', () => {
  let fetches: ReturnType<typeof recordFetches> | undefined;
  afterEach(async () => {
    fetches?.stop();
    fetches = undefined;
    await unblockApi();
  });

  it('shows the company’s infos newest first under a heading, each with its time in a <time datetime>', async () => {
    // A site far from any browser running the tests: its times must be shown in its zone, as the timeline's are.
    const { el } = await ticketInfos({
      infos: ['First: we received your request.', 'Second: parts ordered.\nThey arrive Monday.'],
      timezone: 'Pacific/Auckland',
    });
    await loaded(el);
    expect(text(part(el, 'heading'))).to.equal('Updates from Acme Printer Repair');
    expect(part(el, 'heading')!.localName).to.equal('h3');
    expect(part(el, 'list')!.localName).to.equal('ul');
    expect(bodies(el)).to.deep.equal([
      'Second: parts ordered. They arrive Monday.',
      'First: we received your request.',
    ]);
    // The line break is kept, as text, and shown as one.
    const second = items(el)[0]!.querySelector('[part~=text]')!;
    expect(second.textContent).to.equal('Second: parts ordered.\nThey arrive Monday.');
    expect(getComputedStyle(second).whiteSpace).to.equal('pre-line');
    const times = items(el).map((li) => li.querySelector('time')!);
    const at = times.map((time) => Date.parse(time.getAttribute('datetime')!));
    expect(at[0]).to.be.greaterThan(at[1]!);
    expect(Math.abs(Date.now() - 3600_000 - at[0]!), 'written an hour ago').to.be.lessThan(60_000);
    // The site's time, its zone named for this browser (elsewhere): see internal/clock.test.ts.
    expect(times.map((time) => text(time))).to.deep.equal(
      at.map((ms) => labelledTime(new Date(ms), 'Pacific/Auckland', 'en', DAY_TIME)),
    );
    expect(shadow(el).querySelector('section')!.getAttribute('aria-labelledby')).to.equal(part(el, 'heading')!.id);
    await expect(el).to.be.accessible();
  });

  it('renders nothing at all when the company wrote nothing', async () => {
    const { el, errors } = await ticketInfos();
    await el.updateComplete;
    await el.refresh(); // resolves once a load has completed
    await el.updateComplete;
    expect(shadow(el).children.length, 'no box, no heading').to.equal(0);
    expect(el.getBoundingClientRect().height).to.equal(0);
    expect(errors).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('a heading without the company name when none is given', async () => {
    const { el } = await ticketInfos({ infos: ['Hello'], company: null });
    await loaded(el);
    expect(text(part(el, 'heading'))).to.equal(en.ticketInfos.heading(null));
  });

  it('makes http(s) addresses links (new tab, rel=noopener) and leaves javascript: and markup as text', async () => {
    const { el } = await ticketInfos({
      infos: [
        'Track it at https://acme.example/track?id=7. Or javascript:alert(1) <b>bold</b> <img src=x onerror=alert(2)> (see http://acme.example/faq).',
      ],
    });
    await loaded(el);
    const textEl = items(el)[0]!.querySelector('[part~=text]')!;
    const links = [...textEl.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://acme.example/track?id=7',
      'http://acme.example/faq',
    ]);
    for (const a of links) {
      expect(a.rel.split(' ')).to.include('noopener');
      expect(a.target).to.equal('_blank');
      expect(a.getAttribute('part')).to.equal('link');
    }
    expect(textEl.querySelector('b, img'), 'markup stays text').to.equal(null);
    expect(textEl.textContent).to.include('javascript:alert(1) <b>bold</b> <img src=x onerror=alert(2)>');
    expect([...shadow(el).querySelectorAll('a')].some((a) => a.href.startsWith('javascript:'))).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('shows the error state with Retry and reports porch-error; Retry recovers', async () => {
    const { api, session, ticketId } = await createSession();
    await addInfo(ticketId, 'Parts ordered.');
    const errors: string[] = [];
    await blockApi(api);
    const el = await fixture<PorchTicketInfos>(
      html`<porch-ticket-infos
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-ticket-infos>`,
    );
    await waitUntil(() => part(el, 'error'), 'no error state');
    expect(errors).to.deep.equal(['NETWORK_ERROR']);
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(text(part(el, 'error')!.querySelector('p'))).to.equal(en.ticketInfos.loadFailed);
    await expect(el).to.be.accessible();
    await blockApi(api, false);
    part(el, 'error')!.querySelector('button')!.click();
    await waitUntil(() => items(el).length === 1, 'Retry did not recover');
    expect(part(el, 'error')).to.equal(null);
  });

  it('a canceled porch-error leaves it loading, and another ticket’s 404 reports NOT_FOUND', async () => {
    const { api, session } = await createSession();
    const other = await createSession();
    const errors: string[] = [];
    const el = await fixture<PorchTicketInfos>(
      html`<porch-ticket-infos
        api=${api}
        token=${session}
        ticket-id=${other.ticketId}
        @porch-error=${(e: PorchErrorEvent) => (errors.push(e.detail.code), e.preventDefault())}
      ></porch-ticket-infos>`,
    );
    await waitUntil(() => errors.length, 'no porch-error');
    expect(errors).to.deep.equal(['NOT_FOUND']);
    expect(part(el, 'error')).to.equal(null);
    expect(part(el, 'loading')).to.exist;
  });

  it('loads again when the tab becomes visible again: a new info appears, the list staying meanwhile', async () => {
    const { el, ticketId } = await ticketInfos({ infos: ['Received.'] });
    await loaded(el);
    await setPageVisible(false);
    await waitUntil(() => document.visibilityState === 'hidden', 'the page never hid');
    await addInfo(ticketId, 'Your technician is Sam.');
    expect(bodies(el), 'not while hidden').to.deep.equal(['Received.']);
    await setPageVisible(true);
    await waitUntil(() => items(el).length === 2, 'the new info never appeared');
    expect(part(el, 'loading'), 'the list stayed while it reloaded').to.equal(null);
    expect(bodies(el)).to.deep.equal(['Your technician is Sam.', 'Received.']);
  });

  it('loads again when its ticket’s status changes (porch-status-changed), not for another ticket', async () => {
    const { el, api, ticketId } = await ticketInfos({ infos: ['Received.'] });
    await loaded(el);
    await addInfo(ticketId, 'On the way.');
    fetches = recordFetches();
    const loads = () => fetches!.urls.filter((url) => url === `${api}/v1/portal/tickets/${ticketId}/comments`).length;
    document.body.dispatchEvent(
      new PorchStatusChangedEvent({ ticketId: 'another', status: 'on_route', previous: 'dispatched' }),
    );
    document.body.dispatchEvent(new PorchStatusChangedEvent({ ticketId, status: 'on_route', previous: 'dispatched' }));
    await waitUntil(() => items(el).length === 2, 'the new info never appeared');
    expect(bodies(el)[0]).to.equal('On the way.');
    // Every load the two events started has begun by now: only its own ticket's change made one (the control).
    expect(loads(), 'one load, for its own ticket; none for another ticket').to.equal(1);
  });

  it('speaks German inside lang="de", with German times', async () => {
    const { el } = await ticketInfos({ infos: ['Ersatzteile bestellt.'], lang: 'de' });
    await loaded(el);
    expect(text(part(el, 'heading'))).to.equal('Neuigkeiten von Acme Printer Repair');
    const time = part(el, 'time')!;
    // The site's time, its zone named for this browser (elsewhere): see internal/clock.test.ts.
    const at = new Date(time.getAttribute('datetime')!);
    expect(text(time)).to.equal(labelledTime(at, 'Europe/Berlin', 'de', DAY_TIME));
    expect(text(time), 'named for a viewer elsewhere').to.contain(zoneName('Europe/Berlin', 'de'));
    await expect(el).to.be.accessible();
  });

  it('fits 320 px: long words and long links wrap, nothing overflows', async () => {
    await onPhone(async () => {
      const { el } = await ticketInfos({
        infos: [
          'Farblaserdruckerwartungsvertragsverantwortliche: https://acme.example/a/very/long/path/that/keeps/going/and/going?with=query&and=more',
        ],
      });
      el.parentElement!.style.width = '320px';
      await loaded(el);
      expect(el.getBoundingClientRect().width).to.equal(320);
      expect(overflowing(el)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });
  });

  it('renders every documented part and property, and documents every one it renders', async () => {
    const { parts, properties } = await documented('elements/ticket-infos/ticket-infos.ts');
    const { el } = await ticketInfos({ infos: ['See https://acme.example'] });
    await loaded(el);
    const shown = new Set(renderedParts(el));
    await blockApi(el.api!);
    await el.refresh();
    await waitUntil(() => part(el, 'error'));
    for (const name of renderedParts(el)) shown.add(name);
    shown.add('loading'); // asserted in the cancel test
    expect([...shown].sort()).to.deep.equal(parts);
    expect(porchProperties(PorchTicketInfos.styles)).to.deep.equal(properties);
    expect(privateTokenProblems(PorchTicketInfos.styles)).to.deep.equal([]);
  });
});
