import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { PorchClient } from '../../api/client.js';
import { toPorchApiError } from '../../api/errors.js';
import { en } from '../../i18n/en.js';
import { createLoginLink, createTicketLink, part, setApiClock, shadow, text } from '../../testing/fixtures.js';
import { clearHash, hostedTimeline, opened, portalFromLink } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

const keys = (storage: Storage) => Object.keys(storage).filter((key) => key.startsWith('porchlight:'));
const stored = (api: string, tenant = '') =>
  JSON.parse(sessionStorage.getItem(`porchlight:${tenant}:${api}`) ?? 'null') as { session: string } | null;
const redeems = (api: string) =>
  performance.getEntriesByType('resource').filter((entry) => entry.name.split('?')[0] === `${api}/v1/portal/session`)
    .length;
/** What the API answers a session now: 200, or the error code. */
async function answer(api: string, session: string): Promise<string | number> {
  try {
    await new PorchClient({ baseUrl: api, session }).me();
    return 200;
  } catch (error) {
    return toPorchApiError(error).code;
  }
}

async function portalWith(api: string, tenant: string, token?: string) {
  if (token) location.hash = `porch=${token}`;
  const el = await fixture<PorchPortal>(html`<porch-portal api=${api} tenant=${tenant}></porch-portal>`);
  await opened(el);
  return el;
}

describe('<porch-portal> sessions that survive the browser', () => {
  beforeEach(() => performance.clearResourceTimings());
  afterEach(async () => {
    clearHash();
    await setApiClock(0);
  });

  it('stores nothing before a link is opened; after it, the tab’s session opens the portal again without the link', async () => {
    const { api, token, ticketId } = await createTicketLink({ status: 'dispatched' });
    const before = await fixture<PorchPortal>(html`<porch-portal api=${api}></porch-portal>`);
    await opened(before);
    expect(part(before, 'error'), 'no link, no session').to.exist;
    expect([keys(sessionStorage), keys(localStorage)]).to.deep.equal([[], []]);
    before.remove();

    const { el } = await portalFromLink(api, token);
    await opened(el);
    expect(stored(api)?.session, 'kept in sessionStorage').to.be.a('string');
    expect(keys(localStorage), 'no device remembered without opting in').to.deep.equal([]);
    expect(location.hash).to.equal(`#porch-job=${ticketId}`);
    el.remove();

    // As after a reload: the address names the job, the link is gone, the stored session opens it.
    const again = await fixture<PorchPortal>(html`<porch-portal api=${api}></porch-portal>`);
    await opened(again);
    await hostedTimeline(again);
    expect(text(part(again, 'salutation'))).to.equal(en.portal.greeting('Dana Miller'));
    expect(redeems(api), 'the link was redeemed once, not again').to.equal(1);
  });

  it('renews the session while open: the new one outlives the first, and the stored one is replaced', async () => {
    const { api, token } = await createTicketLink({ status: 'dispatched' });
    const { el } = await portalFromLink(api, token);
    await opened(el);
    const first = stored(api)!.session;
    await setApiClock(25 * 60);
    await el.renew();
    const renewed = stored(api)!.session;
    expect(renewed).not.to.equal(first);
    await setApiClock(35 * 60);
    expect(await answer(api, first), 'the first session has expired').to.equal('SESSION_EXPIRED');
    expect(await answer(api, renewed), 'the renewed one lives').to.equal(200);
    expect(redeems(api), 'renewed without redeeming the link again').to.equal(1);
  });

  it('sign-out ends the session on the server and forgets it here', async () => {
    const { api, token } = await createTicketLink({ status: 'dispatched' });
    const { el } = await portalFromLink(api, token);
    await opened(el);
    const session = stored(api)!.session;
    expect(await answer(api, session)).to.equal(200);
    (part(el, 'sign-out') as HTMLButtonElement).click();
    await waitUntil(() => part(el, 'error'), 'the portal never said it signed out');
    expect(text(part(el, 'error'))).to.contain(en.portal.signedOut);
    expect(await answer(api, session), 'the old session answers 401').to.equal('SESSION_REVOKED');
    expect(keys(sessionStorage)).to.deep.equal([]);
    expect(location.hash).to.equal('');
  });

  it('keeps a login-link customer signed in on this device; a refresh token reused after rotation signs the device out', async () => {
    const { api, token, tenant } = await createLoginLink();
    const el = await portalWith(api, tenant, token);
    const keep = shadow(el).querySelector<HTMLInputElement>('.keep input')!;
    keep.click();
    await waitUntil(() => localStorage.getItem(`porchlight:${tenant}:${api}`), 'no refresh token was stored');
    const first = JSON.parse(localStorage.getItem(`porchlight:${tenant}:${api}`)!) as string;
    await waitUntil(() => part(el, 'sign-out-everywhere'), 'no sign-out-everywhere on a remembered device');
    el.remove();

    // A new tab (nothing in sessionStorage): the remembered device signs in with its refresh token, which rotates.
    sessionStorage.clear();
    const next = await portalWith(api, tenant);
    await hostedTimeline(next);
    const second = JSON.parse(localStorage.getItem(`porchlight:${tenant}:${api}`)!) as string;
    expect(second).not.to.equal(first);
    const session = stored(api, tenant)!.session;
    next.remove();

    // A copy of the first token turns up again: the whole device is signed out.
    const reused = await new PorchClient({ baseUrl: api }).refresh(first).catch((error) => toPorchApiError(error).code);
    expect(reused).to.equal('REFRESH_INVALID');
    expect(await answer(api, session)).to.equal('SESSION_REVOKED');
    sessionStorage.clear();
    const after = await portalWith(api, tenant);
    expect(part(after, 'error'), 'the device no longer signs in').to.exist;
    expect(keys(localStorage), 'and forgets its dead refresh token').to.deep.equal([]);
  });

  it('back and forward move between the jobs the address names', async () => {
    const { api, token, tenant, ticketId } = await createLoginLink();
    const el = await portalWith(api, tenant, token);
    expect(el.job).to.equal(null);
    el.showJob(ticketId);
    expect(location.hash).to.equal(`#porch-job=${ticketId}`);
    history.back();
    await waitUntil(() => el.job === null, 'back did not return to the default view');
    expect(location.hash).to.equal('');
    history.forward();
    await waitUntil(() => el.job === ticketId, 'forward did not show the job again');
  });
});
