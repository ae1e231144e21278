import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { de } from '../../i18n/de.js';
import { en } from '../../i18n/en.js';
import {
  createIdentity,
  createInvoiceMailLink,
  createLoginLink,
  createTicketLink,
  linkRequests,
  mintIdentity,
  onPhone,
  overflowing,
  part,
  restartApi,
  setApiClock,
  setSettings,
  shadow,
  text,
} from '../../testing/fixtures.js';
import { clearHash, hostedTimeline, opened, portalFromLink } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';

PorchPortal.define('porch-portal');

const t = en.portal;
const SESSION_LIFETIME = 30 * 60;
const calls = (api: string, path: string) =>
  performance.getEntriesByType('resource').filter((entry) => entry.name.startsWith(api + path)).length;

async function portalWith(api: string, tenant: string | undefined, token?: string) {
  if (token) location.hash = `porch=${token}`;
  const errors: string[] = [];
  const el = await fixture<PorchPortal>(
    html`<porch-portal
      api=${api}
      tenant=${tenant ?? ''}
      @porch-error=${(e: CustomEvent<{ code: string }>) => errors.push(e.detail.code)}
    ></porch-portal>`,
  );
  if (!tenant) el.removeAttribute('tenant');
  return { el, errors };
}

async function submitEmail(el: PorchPortal, email: string) {
  const input = shadow(el).querySelector<HTMLInputElement>('[part~=ask] input[type=email]')!;
  input.focus();
  input.value = email;
  shadow(el).querySelector<HTMLButtonElement>('[part~=ask] button[type=submit]')!.click();
}

/** Sets the default profile's modules (undone after each test). */
let modulesChanged = false;
async function setModules(modules: string[]) {
  const admin = (method: string, path: string, body?: unknown) =>
    fetch('/__fixtures/admin', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method, path, body }),
    }).then((response) => response.json());
  const { items } = await admin('GET', '/profiles');
  const profile = items.find((p: { isDefault: boolean }) => p.isDefault);
  await admin('PATCH', `/profiles/${profile.id}`, { modules });
}
async function withModules(modules: string[]) {
  modulesChanged = true;
  await setModules(modules);
}
afterEach(async () => {
  if (modulesChanged) await setModules(['status', 'appointment', 'updates', 'share']);
  modulesChanged = false;
});

describe('<porch-portal> access', () => {
  let switchedOff = false;
  let lifetimeChanged = false;
  const switchOn = async () => {
    await setSettings({ portalEnabled: true, portalDisabledMessage: null });
    await restartApi();
    switchedOff = false;
  };
  beforeEach(() => performance.clearResourceTimings());
  afterEach(async () => {
    clearHash();
    await setApiClock(0);
    if (switchedOff) await switchOn();
    if (lifetimeChanged) await setSettings({ loginLinkTtlMinutes: 10 });
    lifetimeChanged = false;
  });

  it('opens with a login link: a customer-wide session whose job list opens the customer’s ticket', async () => {
    const { api, token, tenant, ticketId } = await createLoginLink();
    const { el, errors } = await portalWith(api, tenant, token);
    await opened(el);
    const timeline = await hostedTimeline(el);
    expect(errors).to.deep.equal([]);
    expect(text(shadow(timeline).querySelector('[aria-current=step] [part~=label]'))).to.equal(
      en.timeline.status.received,
    );
    expect(location.hash, 'the token left the address; the open job is there').to.equal(`#porch-job=${ticketId}`);
  });

  it('a used login link: says so and offers "email me a new link", which answers the same for any address', async () => {
    const { api, token, tenant } = await createLoginLink(true);
    const { el, errors } = await portalWith(api, tenant, token);
    await opened(el);
    expect(errors).to.deep.equal(['LINK_USED']);
    expect(text(part(el, 'error'))).to.equal(en.portal.linkUsed);
    expect(part(el, 'ask'), 'the form is offered').to.exist;
    await expect(el).to.be.accessible();

    await submitEmail(el, 'not an address');
    await waitUntil(() => shadow(el).querySelector('.ask-problem'), 'no complaint about the address');
    expect(text(shadow(el).querySelector('.ask-problem'))).to.equal(t.invalidEmail);
    expect(shadow(el).querySelector('input')!.getAttribute('aria-invalid')).to.equal('true');

    const before = await linkRequests();
    await submitEmail(el, 'dana@example.com');
    await waitUntil(() => part(el, 'ask-result'), 'never confirmed');
    expect(text(part(el, 'ask-result'))).to.equal(`${t.sent} It works once, for 10 minutes.`);
    expect(part(el, 'ask-result')!.getAttribute('role')).to.equal('status');
    expect(await linkRequests(), 'the request was queued for the outbox').to.equal(before + 1);
  });

  it('says how long the new link works, as the tenant configured it, with the language’s plural rules', async () => {
    const { api, token, tenant } = await createLoginLink(true);
    lifetimeChanged = true;
    await setSettings({ loginLinkTtlMinutes: 1 });
    const { el } = await portalWith(api, tenant, token);
    await opened(el);
    await submitEmail(el, 'dana@example.com');
    await waitUntil(() => part(el, 'ask-result'), 'never confirmed');
    expect(text(part(el, 'ask-result'))).to.equal(`${t.sent} It works once, for 1 minute.`);

    await setSettings({ loginLinkTtlMinutes: 3 });
    const german = await fixture<PorchPortal>(
      html`<porch-portal lang="de" api=${api} tenant=${tenant}></porch-portal>`,
    );
    await opened(german);
    await submitEmail(german, 'dana@example.com');
    await waitUntil(() => part(german, 'ask-result'), 'never confirmed in German');
    expect(text(part(german, 'ask-result'))).to.equal(`${de.portal.sent} Er gilt einmal, 3 Minuten lang.`);
  });

  it('an expired link offers the same form', async () => {
    const { api, token, tenant } = await createLoginLink();
    await setApiClock(11 * 60);
    const { el, errors } = await portalWith(api, tenant, token);
    await opened(el);
    expect(errors).to.deep.equal(['LINK_EXPIRED']);
    expect(part(el, 'ask')).to.exist;
  });

  it('signed out (no link, no provider): explains how to get in, with the form when the tenant is known', async () => {
    const { api, tenant } = await createLoginLink();
    const withTenant = await portalWith(api, tenant);
    await opened(withTenant.el);
    expect(withTenant.errors).to.deep.equal(['NO_TOKEN']);
    expect(text(part(withTenant.el, 'error'))).to.equal(en.portal.noToken);
    expect(part(withTenant.el, 'ask')).to.exist;
    expect(part(withTenant.el, 'loading')).to.equal(null);

    const anonymous = await portalWith(api, undefined);
    await opened(anonymous.el);
    expect(part(anonymous.el, 'ask'), 'no tenant, no form').to.equal(null);
  });

  it('a login-link session that expires: the link is not redeemed again; the portal says so and offers the form', async () => {
    const { api, token, tenant } = await createLoginLink();
    const { el } = await portalWith(api, tenant, token);
    await opened(el);
    await hostedTimeline(el);
    await setApiClock(SESSION_LIFETIME + 60);
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => part(el, 'error'), 'the portal never noticed');
    expect(text(part(el, 'error'))).to.equal(en.portal.sessionEnded);
    expect(part(el, 'ask')).to.exist;
    expect(calls(api, '/v1/portal/session'), 'the used link was not tried again').to.equal(1);
    expect(shadow(el).querySelector('[part~=loading], porch-status-timeline')).to.equal(null);
  });

  it('sessionProvider: exchanges the company’s JWT, and asks again when the session expires', async () => {
    const { api, tenant, sub } = await createIdentity();
    let asked = 0;
    const { el, errors } = await portalWith(api, tenant);
    el.sessionProvider = async () => {
      asked++;
      return mintIdentity(sub);
    };
    await waitUntil(() => part(el, 'salutation'), 'the portal never opened with the provider');
    const timeline = await hostedTimeline(el);
    expect(asked).to.equal(1);
    expect(errors).to.deep.equal(['NO_TOKEN'], 'before the provider was set, the portal was signed out');

    await setApiClock(SESSION_LIFETIME + 60);
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => asked === 2, 'the provider was never asked again');
    await waitUntil(() => part(timeline, 'base'), 'the timeline never came back');
    expect(part(el, 'error')).to.equal(null);
    expect(errors).to.deep.equal(['NO_TOKEN']);
  });

  it('a provider that fails leaves a Retry, not a spinner; an assertion the API refuses is explained', async () => {
    const { api, tenant, sub } = await createIdentity();
    const { el, errors } = await portalWith(api, tenant);
    let fail = true;
    el.sessionProvider = async () => {
      if (fail) throw new Error('company login service is down');
      return mintIdentity(sub);
    };
    await waitUntil(() => shadow(el).querySelector('[part~=error] button'), 'no Retry');
    expect(part(el, 'loading')).to.equal(null);
    fail = false;
    shadow(el).querySelector<HTMLButtonElement>('[part~=error] button')!.click();
    await waitUntil(() => part(el, 'salutation'), 'Retry did not recover');

    el.sessionProvider = async () => 'not-a-jwt';
    await waitUntil(() => errors.includes('IDENTITY_INVALID'), 'the refusal was not reported');
    expect(part(el, 'loading')).to.equal(null);
  });

  it('portal switched off: shows the company’s message; switched on again, the same link works', async () => {
    const { api, token } = await createTicketLink();
    switchedOff = true;
    await setSettings({ portalEnabled: false, portalDisabledMessage: 'Our portal is back at 8 am.' });
    await restartApi(); // a fresh API process sees the switch at once
    const { el, errors } = await portalFromLink(api, token);
    await opened(el);
    expect(errors).to.deep.equal(['PORTAL_DISABLED']);
    expect(part(el, 'disabled')).to.exist;
    expect(text(part(el, 'disabled'))).to.equal(`${t.disabledTitle} Our portal is back at 8 am.`);
    expect(part(el, 'loading')).to.equal(null);
    await expect(el).to.be.accessible();

    await switchOn();
    clearHash();
    const again = await portalFromLink(api, token);
    await opened(again.el);
    await hostedTimeline(again.el);
    expect(again.errors).to.deep.equal([]);
  });
});

describe('<porch-portal> tabs', () => {
  afterEach(() => clearHash());

  it('shows one tab per section the scopes allow, as WAI-ARIA tabs with arrow keys, Home and End', async () => {
    const { api, token, tenant } = await createLoginLink();
    // The job's profile offers invoices, so its job view shows the (fake) Invoices section beside the status.
    await withModules(['status', 'updates', 'share', 'invoices']);
    const { el } = await portalWith(api, tenant, token);
    await opened(el);
    await hostedTimeline(el);
    const tabs = () => [...shadow(el).querySelectorAll<HTMLElement>('[role=tab]')];
    expect(part(el, 'tabs')!.getAttribute('role')).to.equal('tablist');
    // The job's profile grants status and invoices (its modules), so its view has those two tabs.
    expect(tabs().map((tab) => text(tab))).to.deep.equal([t.tabs.track, t.tabs.invoices]);
    expect(tabs().map((tab) => tab.getAttribute('aria-selected'))).to.deep.equal(['true', 'false']);
    expect(tabs().map((tab) => tab.tabIndex)).to.deep.equal([0, -1]);
    const panel = part(el, 'panel')!;
    expect(panel.getAttribute('role')).to.equal('tabpanel');
    expect(panel.getAttribute('aria-labelledby')).to.equal(tabs()[0]!.id);
    await expect(el).to.be.accessible();

    tabs()[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(tabs()[1]!.getAttribute('aria-selected')).to.equal('true');
    expect(shadow(el).activeElement).to.equal(tabs()[1]);
    expect(part(el, 'panel')!.querySelector('porch-invoice-list')).to.not.equal(null);
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(shadow(el).activeElement, 'wraps around').to.equal(tabs()[0]);
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(tabs()[1]!.getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(tabs()[0]!.getAttribute('aria-selected')).to.equal('true');
    tabs()[1]!.click();
    await el.updateComplete;
    expect(part(el, 'tab-selected')).to.equal(tabs()[1]);
  });

  it('fits 320 px: the tab bar and the "email me a new link" form overflow nothing', async () => {
    await onPhone(async () => {
      const { api, token, tenant } = await createLoginLink();
      await withModules(['status', 'updates', 'share', 'invoices']);
      const { el } = await portalWith(api, tenant, token);
      await opened(el);
      await hostedTimeline(el);
      expect(part(el, 'tabs')).to.exist;
      expect(overflowing(el)).to.deep.equal([]);
      clearHash();
      const signedOut = await portalWith(api, tenant);
      await opened(signedOut.el);
      expect(part(signedOut.el, 'ask')).to.exist;
      expect(overflowing(signedOut.el)).to.deep.equal([]);
    });
  });

  it('an invoice mail’s link opens the portal on the Invoices tab with that invoice open', async () => {
    const { api, token, tenant, invoiceIds } = await createInvoiceMailLink([{}, {}]);
    location.hash = `porch=${token}&invoice=${invoiceIds[0]}`;
    const { el, errors } = await portalWith(api, tenant);
    await opened(el);
    await waitUntil(() => part(el, 'tab-selected'), 'no tabs', { timeout: 5000 });
    expect(text(part(el, 'tab-selected'))).to.equal(t.tabs.invoices);
    const list = () => part(el, 'panel')!.querySelector('porch-invoice-list')!;
    await waitUntil(() => list()?.shadowRoot?.querySelector('[part~=detail]'), 'the invoice did not open', {
      timeout: 5000,
    });
    const open = list().shadowRoot!.querySelector('[aria-expanded=true]')!.closest('[part~=invoice]')!;
    expect(open.querySelector('[part~=detail]')!.id).to.equal(`detail-${invoiceIds[0]}`);
    expect(location.hash, 'the token left the address bar, the invoice stayed').to.equal(`#invoice=${invoiceIds[0]}`);
    expect(errors).to.deep.equal([]);
  });

  it('a session without the scope gets no tab for it, and a single section needs no tab bar', async () => {
    const { api, token } = await createTicketLink();
    const { el } = await portalFromLink(api, token);
    await opened(el);
    await hostedTimeline(el);
    expect(part(el, 'tabs')).to.equal(null);
    expect(shadow(el).querySelector('porch-invoice-list')).to.equal(null);
  });
});
