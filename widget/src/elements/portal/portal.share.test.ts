import { expect, waitUntil } from '@open-wc/testing';
import type { PortalSession, PortalShareLinkCreated } from '../../api/types.js';
import type { PorchShareCreatedEvent } from '../../events/share-created.js';
import {
  createLoginLink,
  createSession,
  createTicketLink,
  part,
  portalCall,
  shadow,
  text,
  tokenOf,
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
    expect(customElements.get('porch-share-links'), 'its module was loaded by the portal').to.exist;

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
});
