import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { en } from '../../i18n/en.js';
import {
  createTicketLink,
  DESKTOP,
  documented,
  overflowing,
  part,
  PHONE,
  porchProperties,
  renderedParts,
  shadow,
  text,
  wraps,
  type TicketSetup,
} from '../../testing/fixtures.js';
import { clearHash, hostedTimeline, opened, portalFromLink } from '../../testing/portal.js';
import { PorchPortal } from './portal.js';
import { askStyles } from './portal.ask.js';

PorchPortal.define('porch-portal');

const brand = {
  // Served by the test runner; the API accepts http only for localhost.
  logoUrl: new URL('../../testing/logo.svg', import.meta.url).href,
  redirectUrl: 'https://acme.example/service',
  salutation: 'Welcome back to Acme',
  theme: {
    colorPrimary: 'rgb(190, 18, 60)',
    colorText: 'rgb(17, 24, 39)',
    colorSurface: 'rgb(255, 251, 235)',
    fontFamily: 'Georgia, serif',
    radius: '4px',
  },
} satisfies TicketSetup['profile'];

async function branded(setup: TicketSetup = {}) {
  const { api, token } = await createTicketLink({ status: 'on_route', profile: brand, ...setup });
  const { el } = await portalFromLink(api, token);
  await opened(el);
  return { el, timeline: await hostedTimeline(el) };
}

const style = (el: Element | null) => getComputedStyle(el!);
const currentDot = (timeline: Element) => shadow(timeline).querySelector('[aria-current=step] .dot');

describe('<porch-portal> appearance', () => {
  afterEach(clearHash);

  describe('branding from the profile', () => {
    it('shows the logo inside a link to the company site that has an accessible name', async () => {
      const { el } = await branded();
      const logo = part(el, 'logo') as HTMLImageElement;
      expect(logo.src).to.equal(brand.logoUrl);
      await waitUntil(() => logo.complete && logo.naturalWidth > 0, 'the logo never loaded');
      expect(logo.getBoundingClientRect().height).to.be.greaterThan(0);
      const link = logo.closest('a')!;
      expect(link.href).to.equal(brand.redirectUrl);
      expect(link.getAttribute('aria-label')).to.equal(en.portal.companySite('Acme Printer Repair'));
      expect(logo.alt, 'the link names it; the logo beside the name is decoration').to.equal('');
      await expect(el).to.be.accessible();
    });

    it('shows the salutation instead of the greeting', async () => {
      const { el } = await branded();
      expect(text(part(el, 'salutation'))).to.equal(brand.salutation);
    });

    it('applies the theme tokens to the card and the hosted timeline', async () => {
      const { el, timeline } = await branded();
      const base = style(part(el, 'base'));
      expect(base.borderTopColor).to.equal(brand.theme.colorPrimary);
      expect(base.backgroundColor).to.equal(brand.theme.colorSurface);
      expect(base.color).to.equal(brand.theme.colorText);
      expect(base.borderTopLeftRadius).to.equal(brand.theme.radius);
      expect(base.fontFamily).to.equal(brand.theme.fontFamily);
      expect(style(currentDot(timeline)).borderTopColor).to.equal(brand.theme.colorPrimary);
      expect(style(part(timeline, 'step-current')).borderTopLeftRadius).to.equal(brand.theme.radius);
    });

    it('spaces the card by the theme’s density: compact tighter than comfortable, spacious roomier', async () => {
      const spacing = async (density?: 'compact' | 'spacious') => {
        const { el } = await branded({ profile: { ...brand, theme: { ...brand.theme, density } } });
        const header = style(part(el, 'header'));
        return { block: parseFloat(header.paddingTop), inline: parseFloat(header.paddingLeft) };
      };
      const compact = await spacing('compact');
      const comfortable = await spacing();
      const spacious = await spacing('spacious');
      expect(comfortable).to.deep.equal({ block: 16, inline: 24 }, 'the defaults, 1rem and 1.5rem');
      expect(compact.block).to.be.lessThan(comfortable.block);
      expect(compact.inline).to.be.lessThan(comfortable.inline);
      expect(spacious.block).to.be.greaterThan(comfortable.block);
      expect(spacious.inline).to.be.greaterThan(comfortable.inline);
    });

    it("lets the company's own CSS on the host win over the profile's theme", async () => {
      const { api, token } = await createTicketLink({ status: 'on_route', profile: brand });
      location.hash = `porch=${token}`;
      const page = await fixture(
        html`<div>
          <style>
            porch-portal {
              --porch-color-primary: rgb(21, 128, 61);
            }
          </style>
          <porch-portal api=${api}></porch-portal>
        </div>`,
      );
      const el = page.querySelector('porch-portal')!;
      await opened(el);
      const timeline = await hostedTimeline(el);
      expect(style(part(el, 'base')).borderTopColor).to.equal('rgb(21, 128, 61)');
      expect(style(currentDot(timeline)).borderTopColor).to.equal('rgb(21, 128, 61)');
      expect(style(part(el, 'base')).borderTopLeftRadius, 'tokens the page leaves alone still apply').to.equal(
        brand.theme.radius,
      );
    });
  });

  describe('public API', () => {
    it('renders every documented part when open, and documents every part it renders', async () => {
      const { parts } = await documented('elements/portal/portal.ts');
      const { el } = await branded();
      // Link problems, the switched-off portal and the tab bar (more than one section) are other states.
      const otherStates = [
        'error',
        'loading',
        'ask',
        'ask-result',
        'disabled',
        'tabs',
        'tab',
        'tab-selected',
        'sign-out-everywhere',
      ];
      // A customer-wide session's job list and job view are another state too (job-list.test.ts).
      otherStates.push('job-list', 'back', 'job-title');
      // The documents are in the Messages tab (ticket-thread.test.ts).
      otherStates.push('ticket-documents');
      expect(renderedParts(el)).to.deep.equal(parts.filter((name) => !otherStates.includes(name)));
    });

    it('documents exactly the --porch-* properties its styles read', async () => {
      const { properties } = await documented('elements/portal/portal.ts');
      // The new-link form's styles are the portal's too, adopted when the form's module loads.
      expect(porchProperties([PorchPortal.styles, askStyles])).to.deep.equal(properties);
    });

    it('follows --porch-color-primary and --porch-radius set on the host', async () => {
      const { api, token } = await createTicketLink({ status: 'on_route' });
      const { el } = await portalFromLink(api, token);
      await opened(el);
      const timeline = await hostedTimeline(el);
      el.style.setProperty('--porch-color-primary', 'rgb(124, 58, 237)');
      el.style.setProperty('--porch-radius', '2px');
      const base = style(part(el, 'base'));
      expect(base.borderTopColor).to.equal('rgb(124, 58, 237)');
      expect(base.borderTopLeftRadius).to.equal('2px');
      expect(style(currentDot(timeline)).borderTopColor).to.equal('rgb(124, 58, 237)');
    });
  });

  describe('at 320 px', () => {
    before(() => setViewport(PHONE));
    after(() => setViewport(DESKTOP));

    it('fits an open ticket with technician and arrival window, wrapping its texts', async () => {
      const from = new Date(Date.now() + 3_600_000);
      const { api, token } = await createTicketLink({
        status: 'on_route',
        technician: 'Maximilian',
        eta: { from: from.toISOString(), to: new Date(from.getTime() + 7_200_000).toISOString() },
        title: 'Farblaserdruckerwartungsvertrag: paper jams in tray 2 after every few pages',
        profile: { logoUrl: brand.logoUrl, redirectUrl: brand.redirectUrl },
      });
      location.hash = `porch=${token}`;
      const column = await fixture(html`<div style="width: 320px"><porch-portal api=${api}></porch-portal></div>`);
      const el = column.querySelector('porch-portal')!;
      await opened(el);
      const timeline = await hostedTimeline(el);
      await waitUntil(() => (part(el, 'logo') as HTMLImageElement).complete, 'the logo never loaded');

      expect(el.getBoundingClientRect().width).to.equal(320);
      expect(overflowing(el)).to.deep.equal([]);
      expect(wraps(part(timeline, 'title')!), 'the title wraps').to.equal(true);
      expect(wraps(part(timeline, 'eta')!), 'the arrival window wraps').to.equal(true);
    });
  });
});
