import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PorchErrorEvent } from '../../events/error.js';
import type { PorchServiceRequestedEvent } from '../../events/service-requested.js';
import {
  blockApi,
  createCustomerSession,
  documented,
  onPhone,
  overflowing,
  part,
  portalCall,
  renderedParts,
  setSettings,
  shadow,
  text,
  unblockApi,
} from '../../testing/fixtures.js';
import { PorchServiceRequests } from './service-requests.js';

PorchServiceRequests.define('porch-service-requests');

async function requests({ lang = 'en', api: apiOverride }: { lang?: string; api?: string } = {}) {
  const { api, session } = await createCustomerSession();
  const errors: string[] = [];
  const sent: string[] = [];
  const wrapper = await fixture(
    html`<div lang=${lang}>
      <porch-service-requests
        api=${apiOverride ?? api}
        token=${session}
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
        @porch-service-requested=${(e: PorchServiceRequestedEvent) => sent.push(e.detail.reference)}
      ></porch-service-requests>
    </div>`,
  );
  const el = wrapper.querySelector<PorchServiceRequests>('porch-service-requests')!;
  return { el, api, session, errors, sent };
}

const loaded = (el: Element) =>
  waitUntil(() => part(el, 'list') ?? part(el, 'empty'), 'the requests never showed', { timeout: 5000 });
const $ = <T extends Element>(el: Element, selector: string) => shadow(el).querySelector<T>(selector)!;
const rows = (el: Element) => [...shadow(el).querySelectorAll<HTMLElement>('[part~=request]')];

async function fill(el: Element, values: Record<string, string>) {
  for (const [id, value] of Object.entries(values)) {
    const control = $<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(el, `#${id}`);
    control.value = value;
    control.dispatchEvent(new Event(control.localName === 'select' ? 'change' : 'input', { bubbles: true }));
    await (el as PorchServiceRequests).updateComplete;
  }
}

describe('<porch-service-requests>', () => {
  afterEach(async () => {
    await unblockApi();
    await setSettings({ serviceRequestsEnabled: true });
  });

  it('sends a request at the customer’s location; it shows with its reference and heads My requests as pending', async () => {
    const { el, sent } = await requests();
    await loaded(el);
    expect(text(part(el, 'empty'))).to.equal('You have not sent any requests yet.');
    const location = $<HTMLSelectElement>(el, '#location');
    expect(location.value).to.not.equal('new');
    expect(location.options[0]!.textContent).to.contain('Berlin');
    await fill(el, { serviceType: 'Repair', description: 'Paper jams on every page', urgency: 'high' });
    $<HTMLButtonElement>(el, '[part~=submit]').click();
    await waitUntil(() => part(el, 'success'), 'no confirmation', { timeout: 5000 });
    const reference = text(part(el, 'success')).match(/SR-[0-9A-Z]{8}/)?.[0];
    expect(reference, text(part(el, 'success'))).to.be.a('string');
    expect(sent).to.deep.equal([reference]);
    const [row] = rows(el);
    expect(text(row!)).to.contain(`Reference ${reference}`);
    expect(text(row!.querySelector('[part~=badge]'))).to.equal('Pending');
    expect(row!.querySelector('[part~=badge-pending]')).to.exist;
    expect(shadow(el).activeElement).to.equal(part(el, 'success'));
    await expect(el).to.be.accessible();
  });

  it('marks the missing fields and sends nothing; a new address asks for its fields', async () => {
    const { el, api, session } = await requests();
    await loaded(el);
    $<HTMLButtonElement>(el, '[part~=submit]').click();
    await el.updateComplete;
    expect(text(part(el, 'form-error'))).to.equal('Please check the marked fields.');
    expect($(el, '#serviceType').getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#description').getAttribute('aria-describedby')).to.contain('description-error');
    expect(shadow(el).activeElement).to.equal($(el, '#serviceType'));
    await fill(el, { location: 'new', serviceType: 'Maintenance', description: 'Yearly check' });
    $<HTMLButtonElement>(el, '[part~=submit]').click();
    await el.updateComplete;
    expect($(el, '#line1').getAttribute('aria-invalid')).to.equal('true');
    await fill(el, { line1: 'Am Hafen 3', city: 'Hamburg', country: 'Germany' });
    $<HTMLButtonElement>(el, '[part~=submit]').click();
    await el.updateComplete;
    expect(text($(el, '#country-error'))).to.equal('Enter a two-letter country code, e.g. DE.');
    await expect(el).to.be.accessible();
    const listed = await portalCall<{ items: unknown[] }>(api, 'GET', '/v1/portal/service-requests', session);
    expect(listed.body.items).to.deep.equal([]);
    // Positive control: with a valid country the same form sends, and the API lists it.
    await fill(el, { country: 'de' });
    $<HTMLButtonElement>(el, '[part~=submit]').click();
    await waitUntil(() => part(el, 'success'), 'no confirmation', { timeout: 5000 });
    expect(text(rows(el)[0]!)).to.contain('Am Hafen 3, Hamburg');
    const after = await portalCall<{ items: unknown[] }>(api, 'GET', '/v1/portal/service-requests', session);
    expect(after.body.items.length).to.equal(1);
  });

  it('while the company takes no requests: no form, the list still shows; a decline shows its reason', async () => {
    const { el, api, session } = await requests();
    await loaded(el);
    const made = await portalCall<{ id: string }>(api, 'POST', '/v1/portal/service-requests', session, {
      locationId: $<HTMLSelectElement>(el, '#location').value,
      serviceType: 'Repair',
      description: 'Leaks',
      urgency: 'normal',
    });
    expect(made.status).to.equal(201);
    await fetch('/__fixtures/admin', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'POST',
        path: `/service-requests/${made.body.id}/decline`,
        body: { reason: 'We do not service this model' },
      }),
    });
    await setSettings({ serviceRequestsEnabled: false });
    await el.refresh();
    await loaded(el);
    expect(part(el, 'form')).to.equal(null);
    expect(text(part(el, 'disabled'))).to.contain('not being taken');
    expect(text(rows(el)[0]!.querySelector('[part~=badge]'))).to.equal('Declined');
    expect(text(part(el, 'reason'))).to.equal('Reason: We do not service this model');
    await expect(el).to.be.accessible();
    // Positive control: switched on again, the form is back.
    await setSettings({ serviceRequestsEnabled: true });
    await el.refresh();
    await waitUntil(() => part(el, 'form'), 'the form did not come back', { timeout: 5000 });
  });

  it('speaks German, fits 320 px, documents its parts, and says so when loading fails', async () => {
    const { el } = await requests({ lang: 'de' });
    await loaded(el);
    expect(text(shadow(el).querySelector('#form-title'))).to.equal('Service anfragen');
    await fill(el, { location: 'new' });
    await onPhone(async () => {
      await el.updateComplete;
      expect(overflowing(el)).to.deep.equal([]);
    });
    const { parts } = await documented('elements/service-requests/service-requests.ts');
    for (const name of renderedParts(el)) expect(parts, name).to.include(name);

    const { api } = await createCustomerSession();
    await blockApi(api);
    const failing = await requests({ api });
    await waitUntil(() => part(failing.el, 'error'), 'no error state', { timeout: 5000 });
    expect(failing.errors).to.deep.equal(['NETWORK_ERROR']);
    await expect(failing.el).to.be.accessible();
  });
});
