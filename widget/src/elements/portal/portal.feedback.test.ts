import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createSession, shadow, text } from '../../testing/fixtures.js';
import { en } from '../../i18n/en.js';
import { opened } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

async function portalFor(feedbackEnabled: boolean) {
  const { api, session } = await createSession({ status: 'completed', profile: { feedbackEnabled } });
  const el = await fixture<PorchPortal>(html`<porch-portal api=${api} token=${session}></porch-portal>`);
  await opened(el);
  return el;
}
const tabs = (el: PorchPortal) => [...shadow(el).querySelectorAll<HTMLButtonElement>('[role=tab]')];

describe('<porch-portal> feedback', () => {
  it('shows a Feedback tab when the ticket’s profile collects feedback, hosting the form', async () => {
    const el = await portalFor(true);
    expect(tabs(el).map((tab) => text(tab))).to.deep.equal([en.portal.tabs.track, en.portal.tabs.feedback]);
    tabs(el)[1]!.click();
    const hosted = () => shadow(el).querySelector('[part~=panel] porch-feedback-form');
    await waitUntil(() => hosted()?.shadowRoot?.querySelector('[part~=rating]'), 'no feedback form in the panel');
    await expect(el).to.be.accessible();
  });

  it('shows no Feedback tab when the profile collects none', async () => {
    const el = await portalFor(false);
    expect(shadow(el).querySelector('[part~=tabs]')).to.equal(null);
    expect(shadow(el).querySelector('porch-feedback-form')).to.equal(null);
  });
});
