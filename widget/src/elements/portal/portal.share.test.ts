import { expect, waitUntil } from '@open-wc/testing';
import type { PortalSession, PortalShareLinkCreated } from '../../api/types.js';
import type { PorchShareCreatedEvent } from '../../events/share-created.js';
import {
  blockApi,
  createLoginLink,
  createSession,
  createTicketLink,
  part,
  portalCall,
  shadow,
  text,
  tokenOf,
  unblockApi,
} from '../../testing/fixtures.js';
import { en } from '../../i18n/en.js';
import { clearHash, hostedTimeline, opened, portalFromLink } from '../../testing/portal.js';
import type { PorchShareLinks } from '../share-links/share-links.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

const hostedShareLinks = (el: PorchPortal) => shadow(el).querySelector<PorchShareLinks>('porch-share-links');

describe('<porch-portal> share links', () => {
  afterEach(clearHash);

  it('a ticket link: shows <porch-share-links> for the ticket under the timeline, working with the portal’s session', async () => {
    const { api, token, ticketId } = await createTicketLink();
    const { el, errors } = await portalFromLink(api, token);
    await opened(el);
    const timeline = await hostedTimeline(el);
    const share = hostedShareLinks(el)!;
    expect(share, 'the share panel is there').to.exist;
    expect(share.getAttribute('part')).to.equal('share-links');
    expect(share.getAttribute('ticket-id')).to.equal(ticketId);
    expect(
      timeline.compareDocumentPosition(share) & Node.DOCUMENT_POSITION_FOLLOWING,
      'under the timeline',
    ).to.be.greaterThan(0);
    // Loaded once the status shows, so it is not part of the first view's scripts.
    await waitUntil(() => customElements.get('porch-share-links'), 'its module was never loaded by the portal');

    const created: PorchShareCreatedEvent['detail'][] = [];
    el.addEventListener('porch-share-created', (e) => created.push(e.detail));
    await share.updateComplete;
    part(share, 'toggle')!.click();
    await waitUntil(() => part(share, 'empty'), 'the list never loaded through the portal');
    expect(text(part(share, 'empty'))).to.equal(en.shareLinks.empty);
    shadow(share).querySelector<HTMLInputElement>('#label')!.value = 'Front desk';
    part(share, 'create')!.click();
    await waitUntil(() => part(share, 'url'), 'no link created through the portal');
    expect(
      created.map((detail) => detail.label),
      'the event crosses the portal’s shadow root',
    ).to.deep.equal(['Front desk']);
    const redeemed = await portalCall<PortalSession>(api, 'POST', '/v1/portal/session', undefined, {
      token: tokenOf((part(share, 'url') as HTMLTextAreaElement).value),
    });
    expect(redeemed.body.scopes).to.deep.equal(['track']);
    expect(errors).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('a shared view (opened from a share link): the timeline shows, the share panel does not', async () => {
    const { api, session, ticketId } = await createSession();
    const link = (
      await portalCall<PortalShareLinkCreated>(api, 'POST', `/v1/portal/tickets/${ticketId}/share-links`, session, {})
    ).body;
    const { el, errors, sessions } = await portalFromLink(api, tokenOf(new URL(link.url, location.href).href)!);
    await opened(el);
    await hostedTimeline(el);
    expect(sessions).to.deep.equal([{ scopes: ['track'], ticketId }]);
    expect(hostedShareLinks(el)).to.equal(null);
    expect(part(el, 'share-links')).to.equal(null);
    expect(errors).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('a login link (customer-wide): shows the share panel for the ticket on show', async () => {
    const { api, token, ticketId } = await createLoginLink();
    const { el } = await portalFromLink(api, token);
    await opened(el);
    await hostedTimeline(el);
    expect(hostedShareLinks(el)?.getAttribute('ticket-id')).to.equal(ticketId);
  });

  it('a revoked share link tells its holder the shared view ended, not to use a newer link (they have none)', async () => {
    const { api, session, ticketId } = await createSession();
    const link = (
      await portalCall<PortalShareLinkCreated>(api, 'POST', `/v1/portal/tickets/${ticketId}/share-links`, session, {})
    ).body;
    const revoked = await portalCall(api, 'DELETE', `/v1/portal/tickets/${ticketId}/share-links/${link.id}`, session);
    expect(revoked.status).to.equal(200);
    const { el, errors } = await portalFromLink(api, tokenOf(new URL(link.url, location.href).href)!);
    await waitUntil(() => part(el, 'error'), 'no error state');
    expect(errors).to.deep.equal(['SHARE_LINK_ENDED']);
    expect(text(part(el, 'error'))).to.equal(en.portal.shareEnded);
    expect(text(part(el, 'error'))).to.not.contain(en.portal.linkExpired);
    expect(part(el, 'error')!.querySelector('button'), 'no Retry: retrying cannot help').to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('says the service cannot be reached (not "Something went wrong") when the API is unreachable, with Retry', async () => {
    const { api, token } = await createTicketLink();
    await blockApi(api);
    try {
      const { el, errors } = await portalFromLink(api, token);
      await waitUntil(() => part(el, 'error'), 'no error state', { timeout: 20000 });
      expect(errors).to.deep.equal(['NETWORK_ERROR']);
      expect(text(part(el, 'error')))
        .to.contain(en.portal.unreachable)
        .and.contain(en.portal.retry);
      expect(text(part(el, 'error'))).to.not.contain(en.portal.error);
      await expect(el).to.be.accessible();
      await unblockApi();
      part(el, 'error')!.querySelector('button')!.click();
      await waitUntil(() => part(el, 'salutation'), 'Retry did not open the portal once the API answered');
    } finally {
      await unblockApi();
    }
  });
});
