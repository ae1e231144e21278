import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PorchErrorEvent } from '../../events/error.js';
import { de } from '../../i18n/de.js';
import { en } from '../../i18n/en.js';
import {
  blockApi,
  createExpiredLink,
  createSession,
  createTicketLink,
  part,
  privateTokenProblems,
  shadow,
  text,
  unblockApi,
} from '../../testing/fixtures.js';
import { clearHash, hostedTimeline, opened, portalFromLink } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

describe('<porch-portal>', () => {
  let api: string;
  before(async () => ({ api } = await createSession()));
  afterEach(async () => {
    clearHash();
    await unblockApi();
  });

  it('redeems the link, removes it from the address and hosts the timeline', async () => {
    const { token, ticketId } = await createTicketLink({ status: 'scheduling' });
    const search = location.search;
    const { el, sessions } = await portalFromLink(api, token);
    expect(part(el, 'loading')).to.exist;
    await opened(el);

    expect(location.hash, 'the token leaves; the address names the open job').to.equal(`#porch-job=${ticketId}`);
    expect(location.search).to.equal(search);
    expect(text(part(el, 'header'))).to.equal('Acme Printer Repair');
    expect(text(part(el, 'salutation'))).to.equal(en.portal.greeting('Dana Miller'));
    expect(sessions).to.have.length(1);
    expect(sessions[0]).to.include({ ticketId });
    expect(sessions[0]!.scopes).to.include('track');

    const timeline = await hostedTimeline(el);
    expect(timeline.ticketId).to.equal(ticketId);
    expect(text(shadow(timeline).querySelector('[aria-current=step] [part~=label]'))).to.equal(
      en.timeline.status.scheduling,
    );
  });

  it('keeps the session in this tab’s sessionStorage only, and the link token nowhere', async () => {
    const { token } = await createTicketLink();
    const { el } = await portalFromLink(api, token);
    await opened(el);
    await hostedTimeline(el);
    expect(localStorage.length).to.equal(0);
    expect(Object.keys(sessionStorage)).to.deep.equal([`porchlight::${api}`]);
    expect(JSON.stringify(sessionStorage)).not.to.contain(token);
    expect(document.cookie).to.equal('');
    expect(location.href).not.to.contain(token);
    expect(el.outerHTML + shadow(el).innerHTML).not.to.contain(token);
    const holders = Reflect.ownKeys(el)
      .filter((key) => Reflect.get(el, key) === token)
      .map(String);
    expect(holders, 'properties of the element that hold the link').to.deep.equal([]);
  });

  it('keeps other fragment parameters when it removes the link', async () => {
    const { token, ticketId } = await createTicketLink();
    location.hash = `tab=x&porch=${token}`;
    const el = await fixture<PorchPortal>(html`<porch-portal api=${api}></porch-portal>`);
    await opened(el);
    expect(location.hash).to.equal(`#tab=x&porch-job=${ticketId}`);
  });

  it('opens with a session token attribute, for embedding', async () => {
    const { session, ticketId } = await createSession({ status: 'dispatched' });
    const el = await fixture<PorchPortal>(html`<porch-portal api=${api} token=${session}></porch-portal>`);
    await opened(el);
    expect((await hostedTimeline(el)).ticketId).to.equal(ticketId);
  });

  it("speaks the profile's language when the page declares none", async () => {
    const { token } = await createTicketLink({ status: 'on_route', language: 'de' });
    const { el } = await portalFromLink(api, token);
    await opened(el);
    expect(text(part(el, 'salutation'))).to.equal(de.portal.greeting('Dana Miller'));
    const timeline = await hostedTimeline(el);
    expect(text(shadow(timeline).querySelector('[aria-current=step] [part~=label]'))).to.equal(
      de.timeline.status.on_route,
    );
  });

  it('explains an expired link, without Retry', async () => {
    const { token } = await createExpiredLink();
    const { el, errors } = await portalFromLink(api, token);
    await opened(el);
    expect(errors).to.deep.equal(['LINK_EXPIRED']);
    expect(text(part(el, 'error'))).to.equal(en.portal.linkExpired);
    expect(part(el, 'error')!.querySelector('button')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('answers LINK_INVALID for an unknown link', async () => {
    const { el, errors } = await portalFromLink(api, 'not-a-real-token');
    await opened(el);
    expect(errors).to.deep.equal(['LINK_INVALID']);
    expect(text(part(el, 'error'))).to.equal(en.portal.linkInvalid);
  });

  it('asks for the link when there is none', async () => {
    const errors: string[] = [];
    const el = await fixture<PorchPortal>(
      html`<porch-portal api=${api} @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}></porch-portal>`,
    );
    await opened(el);
    expect(errors).to.deep.equal(['NO_TOKEN']);
    expect(text(part(el, 'error'))).to.equal(en.portal.noToken);
    await expect(el).to.be.accessible();
  });

  it('offers Retry after a network failure and recovers with it', async () => {
    const { token, ticketId } = await createTicketLink();
    await blockApi(api);
    const { el, errors } = await portalFromLink(api, token);
    await opened(el);
    expect(errors).to.deep.equal(['NETWORK_ERROR']);
    expect(location.hash, 'the link stays until it is redeemed').to.equal(`#porch=${token}`);
    await blockApi(api, false);
    part(el, 'error')!.querySelector('button')!.click();
    await waitUntil(() => part(el, 'salutation'), 'Retry did not recover');
    expect(location.hash).to.equal(`#porch-job=${ticketId}`);
  });

  it('is accessible when open', async () => {
    const { token } = await createTicketLink({ status: 'on_route', technician: 'Sam' });
    const { el } = await portalFromLink(api, token);
    await opened(el);
    await hostedTimeline(el);
    await expect(el).to.be.accessible();
  });

  it('defines every private token it uses, and uses every one it defines', () => {
    expect(privateTokenProblems(PorchPortal.styles)).to.deep.equal([]);
  });
});
