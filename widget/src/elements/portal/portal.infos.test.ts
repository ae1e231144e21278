import { expect, waitUntil } from '@open-wc/testing';
import {
  addInfo,
  admin,
  createLoginLink,
  createTicketLink,
  moveTicket,
  part,
  shadow,
  text,
} from '../../testing/fixtures.js';
import { clearHash, hostedTimeline, opened, portalFromLink } from '../../testing/portal.js';
import type { PorchTicketInfos } from '../ticket-infos/ticket-infos.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

const hostedInfos = (el: PorchPortal) => shadow(el).querySelector<PorchTicketInfos>('porch-ticket-infos');
const infoTexts = (infos: PorchTicketInfos) =>
  [...shadow(infos).querySelectorAll('[part~=text]')].map((node) => text(node));

describe('<porch-portal> ticket infos', () => {
  afterEach(clearHash);

  it('shows the company’s infos between the timeline and the share panel, named after the company', async () => {
    const { api, token, ticketId } = await createTicketLink({ status: 'dispatched' });
    await addInfo(ticketId, 'Parts ordered: https://acme.example/parts');
    const { el, errors } = await portalFromLink(api, token);
    await opened(el);
    const timeline = await hostedTimeline(el);
    const infos = hostedInfos(el)!;
    expect(infos, 'the infos are there').to.exist;
    // Loaded once the status shows, so it is not part of the first view's scripts.
    await waitUntil(() => customElements.get('porch-ticket-infos'), 'its module was never loaded by the portal');
    expect(infos.getAttribute('part')).to.equal('ticket-infos');
    expect(infos.getAttribute('ticket-id')).to.equal(ticketId);
    const share = shadow(el).querySelector('porch-share-links')!;
    expect(
      timeline.compareDocumentPosition(infos) & Node.DOCUMENT_POSITION_FOLLOWING,
      'under the timeline',
    ).to.be.greaterThan(0);
    expect(
      infos.compareDocumentPosition(share) & Node.DOCUMENT_POSITION_FOLLOWING,
      'above the share panel',
    ).to.be.greaterThan(0);
    await waitUntil(() => part(infos, 'base'), 'the infos never loaded through the portal');
    expect(text(part(infos, 'heading'))).to.equal('Updates from Acme Printer Repair');
    expect(infoTexts(infos)).to.deep.equal(['Parts ordered: https://acme.example/parts']);
    expect(getComputedStyle(shadow(infos).querySelector('.spaced')!).marginTop, 'set apart from the timeline').to.equal(
      '24px',
    );

    // An info written before the ticket moves on shows with the timeline's live status change.
    await addInfo(ticketId, 'Sam is on the way.');
    await moveTicket(ticketId, { status: 'on_route', technician: { firstName: 'Sam' } });
    await waitUntil(() => infoTexts(infos).length === 2, 'the status change did not bring the new info');
    expect(infoTexts(infos)[0]).to.equal('Sam is on the way.');
    expect(errors).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('a login link (customer-wide session): shows the infos of the ticket on show', async () => {
    const { api, token, ticketId } = await createLoginLink();
    await addInfo(ticketId, 'We will call you tomorrow.');
    const { el, errors } = await portalFromLink(api, token);
    await opened(el);
    await hostedTimeline(el);
    const infos = hostedInfos(el)!;
    await waitUntil(() => part(infos, 'base'), 'the infos never loaded for a customer-wide session');
    expect(infoTexts(infos)).to.deep.equal(['We will call you tomorrow.']);
    expect(errors).to.deep.equal([]);
  });

  it('takes no room when the company wrote nothing', async () => {
    const { api, token } = await createTicketLink();
    const { el } = await portalFromLink(api, token);
    await opened(el);
    await hostedTimeline(el);
    await customElements.whenDefined('porch-ticket-infos');
    const infos = hostedInfos(el)!;
    await infos.updateComplete;
    await infos.refresh();
    await infos.updateComplete;
    expect(infos.getBoundingClientRect().height).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('a ticket link whose profile leaves out updates shows no infos; its /me says so', async () => {
    const profile = await admin<{ id: string }>('POST', '/profiles', {
      name: `no-updates-${crypto.randomUUID()}`,
      modules: ['status', 'share'],
    });
    const { api, token, ticketId } = await createTicketLink({ profileId: profile.id });
    await addInfo(ticketId, 'Parts ordered.');
    const { el, errors } = await portalFromLink(api, token);
    await opened(el);
    await hostedTimeline(el);
    await waitUntil(() => shadow(el).querySelector('porch-share-links'), 'positive control: the share panel shows');
    expect(hostedInfos(el), 'no infos without the updates module').to.equal(null);
    expect(errors).to.deep.equal([]);
  });
});
