import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { en } from '../../i18n/en.js';
import { createLoginLink, createTicketLink, part, setSettings, shadow, text } from '../../testing/fixtures.js';
import { clearHash, hostedTimeline, opened, portalFromLink } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

const t = en.portal;
const tabs = (el: PorchPortal) => [...shadow(el).querySelectorAll<HTMLElement>('[role=tab]')];

async function customerPortal() {
  const { api, token, tenant } = await createLoginLink();
  location.hash = `porch=${token}`;
  const el = await fixture<PorchPortal>(html`<porch-portal api=${api} tenant=${tenant}></porch-portal>`);
  await opened(el);
  await waitUntil(() => tabs(el).length > 0, 'no tabs', { timeout: 5000 });
  return el;
}

async function openRequests(el: PorchPortal) {
  tabs(el)
    .find((tab) => text(tab) === t.tabs.requests)!
    .click();
  await el.updateComplete;
  const requests = () => part(el, 'panel')!.querySelector('porch-service-requests');
  await waitUntil(
    () => requests()?.shadowRoot?.querySelector('[part~=list], [part~=empty]'),
    'the requests never loaded',
    { timeout: 5000 },
  );
  return requests()!;
}

const admin = (method: string, path: string, body?: unknown) =>
  fetch('/__fixtures/admin', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method, path, body }),
  }).then((response) => response.json());

/** Sets the default profile's modules. */
async function setModules(modules: string[]) {
  const { items } = await admin('GET', '/profiles');
  const profile = items.find((p: { isDefault: boolean }) => p.isDefault);
  await admin('PATCH', `/profiles/${profile.id}`, { modules });
}

describe('<porch-portal> requests', () => {
  afterEach(async () => {
    clearHash();
    await setSettings({ serviceRequestsEnabled: true });
  });

  it('a customer-wide session has a Requests tab beside its jobs, with the form', async () => {
    const el = await customerPortal();
    expect(tabs(el).map((tab) => text(tab))).to.include(t.tabs.requests);
    const requests = await openRequests(el);
    expect(requests.shadowRoot!.querySelector('[part~=form]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('switched off, the tab still lists the requests but shows no form', async () => {
    await setSettings({ serviceRequestsEnabled: false });
    const el = await customerPortal();
    const requests = await openRequests(el);
    expect(requests.shadowRoot!.querySelector('[part~=form]')).to.equal(null);
    expect(requests.shadowRoot!.querySelector('[part~=disabled]')).to.exist;
  });

  it('a ticket link gets no Requests tab, even when its profile grants the requests scope', async () => {
    await setModules(['status', 'updates', 'share', 'requests', 'invoices']);
    try {
      const { api, token } = await createTicketLink();
      const { el, sessions } = await portalFromLink(api, token);
      await opened(el);
      await hostedTimeline(el);
      await waitUntil(() => sessions.length > 0, 'no session event');
      expect(sessions[0]!.scopes).to.include('requests');
      expect(shadow(el).querySelector('porch-service-requests')).to.equal(null);
      // Positive control: the Invoices tab the same profile grants is there.
      expect(tabs(el).map((tab) => text(tab))).to.deep.equal([t.tabs.track, t.tabs.invoices]);
    } finally {
      await setModules(['status', 'appointment', 'updates', 'share']);
    }
  });
});
