import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createSession, portalCall, shadow } from '../../testing/fixtures.js';
import { hostedTimeline, opened } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

const hosted = (el: PorchPortal) => shadow(el).querySelector('[part~=panel] porch-resolution');

describe('<porch-portal> resolution', () => {
  it('hosts "My issue is resolved" under the timeline for the customer, not for a shared view', async () => {
    const { api, session, ticketId } = await createSession();
    const own = await fixture<PorchPortal>(html`<porch-portal api=${api} token=${session}></porch-portal>`);
    await opened(own);
    // It loads after the status shows, then asks the API: more than the default second on a busy machine.
    await waitUntil(() => hosted(own)?.shadowRoot?.querySelector('[part~=resolve]'), 'no resolve button', {
      timeout: 5000,
    });
    expect(hosted(own)!.getAttribute('ticket-id')).to.equal(ticketId);

    const share = await portalCall<{ token: string }>(
      api,
      'POST',
      `/v1/portal/tickets/${ticketId}/share-links`,
      session,
      {},
    );
    const redeemed = await portalCall<{ session: string }>(api, 'POST', '/v1/portal/session', undefined, {
      token: share.body.token,
    });
    const shared = await fixture<PorchPortal>(
      html`<porch-portal api=${api} token=${redeemed.body.session}></porch-portal>`,
    );
    await opened(shared);
    await hostedTimeline(shared);
    expect(hosted(shared)).to.equal(null);
  });
});
