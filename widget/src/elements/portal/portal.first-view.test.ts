import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { blockApi, createExpiredLink, createTicketLink, part, shadow, unblockApi } from '../../testing/fixtures.js';
import { clearHash, portalFromLink } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

const PRIMARY = 'rgb(190, 18, 60)';
const profile = { theme: { colorPrimary: PRIMARY } };

/** The current step of the hosted timeline, once it shows. */
const step = (el: PorchPortal) => {
  const timeline = shadow(el).querySelector('porch-status-timeline');
  return timeline?.shadowRoot?.querySelector('[aria-current=step]') ?? null;
};

/**
 * The API requests in the browser's network log (resource timing) that started before `at`, as paths. CORS
 * preflights are not in it: the bench counts those from Chromium's own log.
 */
const apiCalls = (api: string, at = Infinity, from = 0) =>
  performance
    .getEntriesByType('resource')
    .filter((entry) => entry.name.startsWith(`${api}/v1/`) && entry.startTime >= from && entry.startTime < at)
    .map((entry) => new URL(entry.name).pathname);

/** Opens the status and answers the moment it showed (polled every millisecond). */
async function statusShown(el: PorchPortal): Promise<number> {
  await waitUntil(() => step(el), 'the status never showed', { interval: 1, timeout: 5000 });
  return performance.now();
}

describe('<porch-portal> first view', () => {
  afterEach(async () => {
    clearHash();
    await unblockApi();
  });

  it('a ticket link shows its status after one API call, the redeem: no /me, no ticket read', async () => {
    const { api, token, ticketId } = await createTicketLink({ status: 'dispatched', technician: 'Sam' });
    performance.clearResourceTimings();
    const { el, errors } = await portalFromLink(api, token);
    const at = await statusShown(el);
    expect(apiCalls(api, at), 'before the status').to.deep.equal(['/v1/portal/session']);
    // What sits below the status (infos, share links, the live stream) follows; the first view is never read again.
    await waitUntil(() => customElements.get('porch-share-links'), 'the share links never loaded');
    const all = apiCalls(api);
    expect(all.filter((path) => path === '/v1/portal/me')).to.deep.equal([]);
    expect(all.filter((path) => path === `/v1/portal/tickets/${ticketId}`)).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('a reload restores the session with one call, /me, which carries the ticket', async () => {
    const { api, token, ticketId } = await createTicketLink({ status: 'dispatched' });
    const first = await portalFromLink(api, token);
    await statusShown(first.el);
    first.el.remove();

    // The first portal's own calls below the status may still be under way: count from the reload on.
    const from = performance.now();
    const again = await fixture<PorchPortal>(html`<porch-portal api=${api}></porch-portal>`);
    const at = await statusShown(again);
    expect(apiCalls(api, at, from), 'before the status').to.deep.equal(['/v1/portal/me']);
    expect(apiCalls(api, Infinity, from).filter((path) => path === `/v1/portal/tickets/${ticketId}`)).to.deep.equal([]);
  });

  it('wears the profile’s primary colour from the first answer; a reload’s loading and error screens keep it', async () => {
    const { api, token } = await createTicketLink({ status: 'dispatched', profile });
    const first = await portalFromLink(api, token);
    await statusShown(first.el);
    expect(getComputedStyle(part(first.el, 'base')!).borderTopColor).to.equal(PRIMARY);
    first.el.remove();

    // Positive control: a portal of another API has no stored session, so it wears the default blue.
    await blockApi(api);
    const other = await fixture<PorchPortal>(html`<porch-portal api="${api}/elsewhere"></porch-portal>`);
    expect(getComputedStyle(part(other, 'base')!).borderTopColor).to.equal('rgb(37, 99, 235)');
    other.remove();

    const again = await fixture<PorchPortal>(html`<porch-portal api=${api}></porch-portal>`);
    const spinner = shadow(again).querySelector('.spinner');
    expect(spinner, 'the loading screen').to.exist;
    expect(getComputedStyle(spinner!).borderTopColor, 'the loading screen').to.equal(PRIMARY);
    expect(getComputedStyle(part(again, 'base')!).borderTopColor).to.equal(PRIMARY);
    await waitUntil(() => part(again, 'error'), 'the portal never showed its error', { timeout: 5000 });
    const retry = part(again, 'error')!.querySelector('button')!;
    expect(getComputedStyle(retry).backgroundColor, 'the error screen').to.equal(PRIMARY);
  });

  it('wears the profile’s primary colour on the error screen of an expired link of the company’s', async () => {
    const { token } = await createExpiredLink({ profile });
    const { api } = await createTicketLink();
    const { el } = await portalFromLink(api, token);
    await waitUntil(() => part(el, 'error'), 'the portal never showed its error', { timeout: 5000 });
    expect(part(el, 'error')!.textContent).to.contain('This link has expired');
    expect(getComputedStyle(part(el, 'base')!).borderTopColor).to.equal(PRIMARY);
    el.remove();
    clearHash();

    // Positive control: a token that was never a link carries no look, so the default blue shows.
    const unknown = await portalFromLink(api, 'A'.repeat(43));
    await waitUntil(() => part(unknown.el, 'error'), 'the portal never showed its error', { timeout: 5000 });
    expect(part(unknown.el, 'error')!.textContent).to.contain('This link is not valid');
    expect(getComputedStyle(part(unknown.el, 'base')!).borderTopColor).to.equal('rgb(37, 99, 235)');
  });
});
