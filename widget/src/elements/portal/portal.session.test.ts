import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { PorchClient } from '../../api/client.js';
import { PorchErrorEvent } from '../../events/error.js';
import { en } from '../../i18n/en.js';
import { createSession, createTicketLink, part, setApiClock, shadow, text } from '../../testing/fixtures.js';
import { clearHash, hostedTimeline, opened, portalFromLink } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

const SESSION_LIFETIME = 30 * 60;

/** How often the page has called `path` on the API since the test began. */
const calls = (api: string, path: string) =>
  performance.getEntriesByType('resource').filter((entry) => entry.name.startsWith(api + path)).length;
/** Loads of the ticket itself (the timeline's), not of its comments or events. */
const ticketLoads = (api: string, ticketId: string) =>
  performance.getEntriesByType('resource').filter((entry) => entry.name === `${api}/v1/portal/tickets/${ticketId}`)
    .length;

/** Codes of the porch-error events the element itself dispatches, whoever handles them. */
function errorsFrom(el: HTMLElement): string[] {
  const codes: string[] = [];
  el.addEventListener('porch-error', (event) => codes.push(event.detail.code));
  return codes;
}

/** Whether an error state ever appears in the element's shadow root from now on. */
function watchForErrorState(el: Element): () => boolean {
  let seen = false;
  new MutationObserver(() => (seen ||= !!part(el, 'error'))).observe(shadow(el), { childList: true, subtree: true });
  return () => seen;
}

describe('<porch-portal> session renewal', () => {
  beforeEach(() => performance.clearResourceTimings());
  afterEach(async () => {
    clearHash();
    await setApiClock(0);
  });

  it('takes over SESSION_EXPIRED reported by a hosted element: redeems the link again and hands over the new session', async () => {
    const { api, token, ticketId } = await createTicketLink({ status: 'dispatched' });
    const { el, errors, sessions } = await portalFromLink(api, token);
    await opened(el);
    const timeline = await hostedTimeline(el);
    const loads = ticketLoads(api, ticketId);

    const report = new PorchErrorEvent({ code: 'SESSION_EXPIRED' });
    timeline.dispatchEvent(report);
    expect(report.defaultPrevented, 'the portal takes the failure over').to.equal(true);

    await waitUntil(() => ticketLoads(api, ticketId) > loads, 'the timeline never loaded with the new session');
    await waitUntil(() => part(timeline, 'base'), 'the timeline never showed the ticket again');
    expect(calls(api, '/v1/portal/session'), 'the link was redeemed again').to.equal(2);
    expect(errors, 'the page hears of no error').to.deep.equal([]);
    expect(sessions, 'renewal is silent').to.have.length(1);
    expect(location.hash).to.equal(`#porch-job=${ticketId}`);
  });

  it('renews the session when the hosted timeline finds it expired, with no error state and no stuck spinner', async () => {
    const { api, token } = await createTicketLink({ status: 'on_route', technician: 'Sam' });
    const { el, errors, sessions } = await portalFromLink(api, token);
    await opened(el);
    const timeline = await hostedTimeline(el);
    const reported = errorsFrom(timeline);
    const showedError = watchForErrorState(timeline);
    await setApiClock(SESSION_LIFETIME + 60);

    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => reported.length > 0, 'the timeline never reloaded');
    expect(reported, 'the API said the session expired').to.deep.equal(['SESSION_EXPIRED']);
    await waitUntil(() => part(timeline, 'base'), 'the timeline never showed the ticket again');
    expect(text(shadow(timeline).querySelector('[aria-current=step] [part~=label]'))).to.equal(
      en.timeline.status.on_route,
    );
    expect(showedError(), 'no error state while renewing').to.equal(false);
    expect(errors).to.deep.equal([]);
    expect(sessions).to.have.length(1);
  });

  it('renews an expired session of its own load with the link in the address', async () => {
    const { api, token, ticketId } = await createTicketLink({ status: 'scheduling' });
    const { session } = await new PorchClient({ baseUrl: api }).redeem(token);
    await setApiClock(SESSION_LIFETIME + 60);
    performance.clearResourceTimings();

    const { el, errors, sessions } = await portalFromLink(api, token, session);
    await opened(el);
    await hostedTimeline(el);
    expect(errors).to.deep.equal([]);
    expect(sessions).to.have.length(1);
    expect(calls(api, '/v1/portal/me'), 'tried the expired session; the redeem then carried the first view').to.equal(
      1,
    );
    expect(calls(api, '/v1/portal/session')).to.equal(1);
    expect(location.hash).to.equal(`#porch-job=${ticketId}`);
  });

  it('says the session has ended when there is no link to renew it with', async () => {
    const { api, session } = await createSession();
    await setApiClock(SESSION_LIFETIME + 60);
    const errors: string[] = [];
    const el = await fixture<PorchPortal>(
      html`<porch-portal
        api=${api}
        token=${session}
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-portal>`,
    );
    await opened(el);
    expect(errors).to.deep.equal(['SESSION_EXPIRED']);
    expect(text(part(el, 'error'))).to.equal(en.portal.sessionEnded);
  });

  it('shows why when the link cannot renew the session either, leaving no spinner behind', async () => {
    const { api, token } = await createTicketLink({ status: 'dispatched' });
    const { el, errors } = await portalFromLink(api, token);
    await opened(el);
    const timeline = await hostedTimeline(el);
    const reported = errorsFrom(timeline);
    await setApiClock(40 * 24 * 3600);

    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => part(el, 'error'), 'the portal never gave up');
    expect(reported).to.deep.equal(['SESSION_EXPIRED']);
    expect(errors).to.deep.equal(['LINK_EXPIRED']);
    expect(text(part(el, 'error'))).to.equal(en.portal.linkExpired);
    expect(shadow(el).querySelector('porch-status-timeline, [part~=loading]')).to.equal(null);
  });
});
