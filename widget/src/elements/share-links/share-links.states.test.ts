import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import {
  blockApi,
  createSession,
  documented,
  onPhone,
  overflowing,
  part,
  porchProperties,
  portalCall,
  privateTokenProblems,
  renderedParts,
  shadow,
  text,
  unblockApi,
} from '../../testing/fixtures.js';
import type { PorchErrorEvent } from '../../events/error.js';
import { de } from '../../i18n/de.js';
import { en } from '../../i18n/en.js';
import { PorchShareLinks } from './share-links.js';

import {
  createThrough,
  createThroughApi,
  links,
  listed,
  redeem,
  reload,
  sharePath,
  shareLinks,
  urlField,
} from '../../testing/share-links.js';

PorchShareLinks.define('porch-share-links');

const t = en.shareLinks;

describe('<porch-share-links> states, languages and documentation', () => {
  afterEach(unblockApi);

  it('shows the error state with Retry when the list cannot load, and says why a change failed', async () => {
    const { api, session, ticketId } = await createSession();
    const errors: string[] = [];
    await blockApi(api);
    const el = await fixture<PorchShareLinks>(
      html`<porch-share-links
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        open
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-share-links>`,
    );
    await waitUntil(() => part(el, 'error'), 'no error state');
    expect(errors).to.deep.equal(['NETWORK_ERROR']);
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(text(part(el, 'error')!.querySelector('p'))).to.equal(t.loadFailed);
    await expect(el).to.be.accessible();

    await blockApi(api, false);
    part(el, 'error')!.querySelector('button')!.click();
    await waitUntil(() => part(el, 'empty'), 'Retry did not recover');
    expect(part(el, 'error')).to.equal(null);

    await blockApi(api);
    await createThrough(el, 'Lee');
    expect(text(part(el, 'problem'))).to.equal(t.createFailed);
    expect(part(el, 'problem')!.getAttribute('role')).to.equal('alert');
    expect(shadow(el).querySelector('#label')!.getAttribute('aria-describedby')).to.equal('label-hint create-problem');
    expect(errors).to.deep.equal(['NETWORK_ERROR', 'NETWORK_ERROR']);
    await expect(el).to.be.accessible();

    await blockApi(api, false);
    await createThrough(el, 'Lee');
    await waitUntil(() => urlField(el), 'trying again did not create');
    expect(part(el, 'problem')).to.equal(null);
  });

  it('says plainly when there were too many changes (429 RATE_LIMITED), and nothing was created', async () => {
    const { el, api, session, ticketId, errors } = await shareLinks();
    await listed(el);
    // Use up the session's writes through the API, then the customer tries once more.
    let accepted = 0;
    while ((await portalCall(api, 'POST', sharePath(ticketId), session, {})).status === 201) accepted++;
    await createThrough(el, 'One too many');
    expect(text(part(el, 'problem'))).to.equal(t.tooMany);
    expect(errors).to.deep.equal(['RATE_LIMITED']);
    expect(urlField(el)).to.equal(null);
    await expect(el).to.be.accessible();
    await reload(el);
    expect(links(el)).to.have.length(accepted);
    expect(links(el).map((li) => text(li.querySelector('.name')))).not.to.include('One too many');
  });

  it('a shared view cannot manage access: SHARE_NOT_ALLOWED, said plainly and without Retry', async () => {
    const { api, session, ticketId } = await createSession();
    const link = await createThroughApi(api, session, ticketId);
    const shared = (await redeem(api, link.token)).body.session;
    const errors: string[] = [];
    const el = await fixture<PorchShareLinks>(
      html`<porch-share-links
        api=${api}
        token=${shared}
        ticket-id=${ticketId}
        open
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-share-links>`,
    );
    await waitUntil(() => part(el, 'error'), 'no error state');
    expect(errors).to.deep.equal(['SHARE_NOT_ALLOWED']);
    expect(text(part(el, 'error'))).to.equal(t.notAllowed);
    expect(part(el, 'error')!.querySelector('button')).to.equal(null);
  });

  it('renders nothing without a ticket', async () => {
    const { api, session } = await createSession();
    const el = await fixture<PorchShareLinks>(
      html`<porch-share-links api=${api} token=${session} open></porch-share-links>`,
    );
    expect(shadow(el).children).to.have.length(0);
  });

  it('speaks German inside lang="de"', async () => {
    const { el, api, session, ticketId } = await shareLinks({ lang: 'de' });
    await listed(el);
    await createThroughApi(api, session, ticketId, 'Oma');
    await reload(el);
    expect(text(part(el, 'toggle'))).to.equal(de.shareLinks.toggle);
    expect(text(part(el, 'revoke'))).to.equal(de.shareLinks.revoke);
    expect(text(part(el, 'link'))).to.contain(de.shareLinks.neverUsed);
    await expect(el).to.be.accessible();
  });

  it('fits 320 px: form, new link, list and confirmation overflow nothing', async () => {
    await onPhone(async () => {
      const { el, api, session, ticketId } = await shareLinks();
      el.parentElement!.style.width = '320px';
      await listed(el);
      await createThroughApi(api, session, ticketId, 'Farblaserdruckerwartungsvertragsverantwortliche');
      await reload(el);
      await createThrough(el, 'Kim');
      part(el, 'revoke')!.click();
      await waitUntil(() => part(el, 'confirm'));
      expect(el.getBoundingClientRect().width).to.equal(320);
      expect(overflowing(el)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });
  });

  it('renders every documented part, and documents every part it renders', async () => {
    const { parts } = await documented('elements/share-links/share-links.ts');
    const { el, api, session, ticketId } = await shareLinks();
    await listed(el);
    const gone = await createThroughApi(api, session, ticketId, 'Gone');
    await portalCall(api, 'DELETE', `${sharePath(ticketId)}/${gone.id}`, session);
    await createThroughApi(api, session, ticketId, 'Still there');
    await reload(el);
    await createThrough(el, 'New');
    part(el, 'revoke')!.click();
    await waitUntil(() => part(el, 'confirm'));
    // Each of these shows in a state of its own, asserted above.
    const otherStates = ['empty', 'error', 'loading', 'problem'];
    expect(renderedParts(el)).to.deep.equal(parts.filter((name) => !otherStates.includes(name)));
  });

  it('documents exactly the --porch-* properties its styles read, and keeps its private tokens tidy', async () => {
    const { properties } = await documented('elements/share-links/share-links.ts');
    expect(porchProperties(PorchShareLinks.styles)).to.deep.equal(properties);
    expect(privateTokenProblems(PorchShareLinks.styles)).to.deep.equal([]);
  });
});
