import { expect, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './porch-console.js';
import { PorchPortal } from '../elements/portal/portal.js';
import { admin, createTicketLink, part, recordFetches, shadow, text } from '../testing/fixtures.js';
import { inside, ONE_PIXEL_PNG, signedIn } from '../testing/console.js';
import { clearHash, hostedTimeline, opened, portalFromLink } from '../testing/portal.js';
import type { PorchConsolePreview } from './console-preview.js';
import type { PorchConsoleTheme } from './console-theme.js';

PorchPortal.define('porch-portal');

/** Signs in, opens the profile called `name` and its theme editor, and waits for the preview portals' timelines. */
async function openTheme(name: string, role: 'owner' | 'dispatcher' = 'owner') {
  const { el } = await signedIn(role);
  const profiles = inside(el, 'porch-console-profiles')!;
  await waitUntil(() => inside(profiles, 'ul'), 'profiles load', { timeout: 5000 });
  [...profiles.shadowRoot!.querySelectorAll<HTMLElement>('ul button')].find((b) => text(b) === name)!.click();
  await waitUntil(() => inside(profiles, 'form'), 'the editor opens');
  [...profiles.shadowRoot!.querySelectorAll<HTMLElement>('button')]
    .find((b) => text(b) === 'Theme and preview')!
    .click();
  await waitUntil(() => inside(inside(profiles, 'porch-console-theme'), 'form'), 'the theme loads', { timeout: 5000 });
  const theme = inside(profiles, 'porch-console-theme') as PorchConsoleTheme;
  const preview = inside(theme, 'porch-console-preview') as PorchConsolePreview;
  const portals = [...shadow(preview).querySelectorAll<PorchPortal>('porch-console-preview-portal')];
  expect(portals, 'a phone and a desktop frame').to.have.length(2);
  const timelines: Element[] = [];
  for (const portal of portals) {
    const timeline = await hostedTimeline(portal);
    await waitUntil(() => part(timeline, 'base'), 'the sample timeline shows');
    timelines.push(timeline);
  }
  return { el, profiles, theme, preview, portals, timelines };
}

/** The editor, then the preview, then its portals have rendered an edit. */
async function settled(theme: PorchConsoleTheme, preview: PorchConsolePreview, portals: PorchPortal[]) {
  await theme.updateComplete;
  await preview.updateComplete;
  await Promise.all(portals.map((portal) => portal.updateComplete));
}

const currentDot = (timeline: Element) => shadow(timeline).querySelector('[aria-current=step] .dot')!;
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
const warnings = (theme: Element) => [...shadow(theme).querySelectorAll('li.warning')].map(text);

function type(theme: Element, id: string, value: string) {
  const input = inside(theme, `#${id}`) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  return (theme as PorchConsoleTheme).updateComplete;
}

const SAVED = { colorPrimary: '#15803d', radius: '4px', mode: 'dark' };

/** Edits the profile's theme to SAVED in the console and saves it; answers the console. */
async function saveTheme(name: string) {
  const { el, theme } = await openTheme(name);
  await type(theme, 'colorPrimary', SAVED.colorPrimary);
  await type(theme, 'radius', `${SAVED.radius} `);
  (inside(theme, 'input[name=mode][value=dark]') as HTMLInputElement).click();
  inside(theme, 'button[type=submit]')!.click();
  await waitUntil(() => text(theme.shadowRoot!.querySelector('.note')).includes('Theme saved.'), 'saved', {
    timeout: 5000,
  });
  return el;
}

describe('porch-console-theme', () => {
  afterEach(() => {
    clearHash();
    document.cookie = 'porch_csrf=; Max-Age=0; Path=/';
  });

  it('previews an edit in the real elements before saving, without reaching a server', async () => {
    const name = `Theme ${Date.now()}`;
    const profile = await admin('POST', '/profiles', { name });
    const fetches = recordFetches();
    try {
      const { theme, preview, portals, timelines } = await openTheme(name);
      await type(theme, 'colorPrimary', '#c2410c');
      await settled(theme, preview, portals);
      for (const timeline of timelines)
        expect(getComputedStyle(currentDot(timeline)).borderTopColor).to.equal(rgb('#c2410c'));
      for (const portal of portals)
        expect(getComputedStyle(part(portal, 'base')!).borderTopColor, 'the card').to.equal(rgb('#c2410c'));
      const shareLinks = () => shadow(portals[0]!).querySelector('porch-share-links')?.shadowRoot;
      await waitUntil(() => shareLinks()?.querySelector('[part~=toggle]'), 'the share links show');
      const toggle = shareLinks()!.querySelector('[part~=toggle]')!;
      expect(getComputedStyle(toggle).color, 'the share links wear it too').to.equal(rgb('#c2410c'));
      await type(theme, 'radius', '3px');
      (inside(theme, 'input[name=mode][value=dark]') as HTMLInputElement).click();
      await settled(theme, preview, portals);
      expect(getComputedStyle(part(timelines[0]!, 'step-current')!).borderTopLeftRadius).to.equal('3px');
      const screen = shadow(preview).querySelector('.screen')!;
      expect(getComputedStyle(screen).backgroundColor, 'the dark palette').to.equal(rgb('#0f172a'));
      const notConsole = fetches.urls.filter((url) => !/^\/(v1\/(admin|staff)|__fixtures)\//.test(url));
      expect(notConsole, 'the preview reaches no server; only the console’s own calls').to.deep.equal([]);
      expect(fetches.urls.length, 'the console’s calls were recorded (the control)').to.be.greaterThan(0);
    } finally {
      fetches.stop();
    }
    const stored = await admin('GET', `/profiles/${profile.id}`);
    expect(stored.theme, 'nothing is saved before Save').to.deep.equal({});
  });

  it('shows the profile’s logo and greeting in the portal’s header, in both frames; follows the density', async () => {
    const name = `Branded ${Date.now()}`;
    const profile = await admin('POST', '/profiles', { name, salutation: { en: 'Welcome to your repair' } });
    const uploader = await signedIn('owner');
    const png = Uint8Array.from(atob(ONE_PIXEL_PNG), (c) => c.charCodeAt(0));
    await uploader.el.api.uploadLogo(profile.id, new Blob([png], { type: 'image/png' }));
    uploader.el.remove();
    const { theme, preview, portals } = await openTheme(name);
    const company = (await admin('GET', '/settings')).name;
    for (const portal of portals) {
      const logo = part(portal, 'logo') as HTMLImageElement;
      expect(logo.src).to.match(/\/v1\/logos\/.+\.png$/);
      await waitUntil(() => logo.complete && logo.naturalWidth === 1, 'the logo loads', { timeout: 5000 });
      expect(text(part(portal, 'header'))).to.equal(company);
      expect(text(part(portal, 'salutation'))).to.equal('Welcome to your repair');
    }
    const headerPadding = () => parseFloat(getComputedStyle(part(portals[1]!, 'header')!).paddingTop);
    const comfortable = headerPadding();
    (inside(theme, 'input[name=density][value=compact]') as HTMLInputElement).click();
    await settled(theme, preview, portals);
    expect(headerPadding()).to.be.lessThan(comfortable);
    (inside(theme, 'input[name=density][value=spacious]') as HTMLInputElement).click();
    await settled(theme, preview, portals);
    expect(headerPadding()).to.be.greaterThan(comfortable);
    await expect(theme).to.be.accessible();
  });

  it('warns of a low-contrast colour, not of a good one; is accessible', async () => {
    const name = `Contrast ${Date.now()}`;
    await admin('POST', '/profiles', { name });
    const { theme } = await openTheme(name);
    await expect(theme).to.be.accessible();
    await type(theme, 'colorPrimary', '#c2410c');
    expect(warnings(theme), 'a dark orange reads well').to.deep.equal([]);
    expect(text(inside(theme, '#contrast-summary'))).to.include('meets WCAG AA');
    await type(theme, 'colorPrimary', '#fde047');
    expect(warnings(theme).join(' | ')).to.include('Text on the primary colour').and.include('too low');
    expect(text(inside(theme, '#contrast-summary'))).to.include('Warning: 2 colour pairs');
    await type(theme, 'colorOnPrimary', '#1e293b');
    expect(warnings(theme)).to.have.length(1);
  });

  it('saves the theme: a reload reads it back', async () => {
    const name = `Saved theme ${Date.now()}`;
    const profile = await admin('POST', '/profiles', { name });
    (await saveTheme(name)).remove();
    expect((await admin('GET', `/profiles/${profile.id}`)).theme).to.deep.equal(SAVED);
    const again = await openTheme(name);
    expect((inside(again.theme, '#colorPrimary') as HTMLInputElement).value).to.equal('#15803d');
    expect((inside(again.theme, '#radius') as HTMLInputElement).value).to.equal('4px');
    expect((inside(again.theme, 'input[name=mode][value=dark]') as HTMLInputElement).checked).to.equal(true);
    expect(getComputedStyle(currentDot(again.timelines[0]!)).borderTopColor).to.equal(rgb('#15803d'));
  });

  it('saves the theme, which a customer portal of the profile then wears', async () => {
    const name = `Worn theme ${Date.now()}`;
    const profile = await admin('POST', '/profiles', { name });
    (await saveTheme(name)).remove();
    document.cookie = 'porch_csrf=; Max-Age=0; Path=/';
    const { api, token } = await createTicketLink({ profileId: profile.id, status: 'on_route' });
    const { el: portal } = await portalFromLink(api, token);
    await opened(portal);
    const timeline = await hostedTimeline(portal);
    const base = getComputedStyle(part(portal, 'base')!);
    expect(base.borderTopColor).to.equal(rgb('#15803d'));
    expect(getComputedStyle(currentDot(timeline)).borderTopColor).to.equal(rgb('#15803d'));
    expect(base.borderTopLeftRadius).to.equal('4px');
    expect(base.backgroundColor, 'the dark palette').to.equal(rgb('#0f172a'));
  });

  it('shows a dispatcher the theme and its preview read-only', async () => {
    const name = `Read-only theme ${Date.now()}`;
    await admin('POST', '/profiles', { name, theme: { colorPrimary: '#7c3aed', fontFamily: 'Georgia, serif' } });
    const { theme, timelines } = await openTheme(name, 'dispatcher');
    expect((inside(theme, '#colorPrimary') as HTMLInputElement).readOnly).to.equal(true);
    expect((inside(theme, '#font') as HTMLInputElement).value).to.equal('Georgia, serif');
    expect(inside(theme, 'button[type=submit]'), 'an owner’s editor has it (the other tests save with it)').to.equal(
      null,
    );
    expect(getComputedStyle(currentDot(timelines[0]!)).borderTopColor).to.equal(rgb('#7c3aed'));
  });

  it('fits a 390 px screen: the phone frame whole, the desktop frame scrolls inside its own region', async () => {
    await setViewport({ width: 390, height: 900 });
    try {
      const name = `Narrow ${Date.now()}`;
      await admin('POST', '/profiles', { name });
      const { theme, preview } = await openTheme(name);
      expect(document.documentElement.scrollWidth).to.be.at.most(390);
      const scroller = shadow(preview).querySelector('.scroll')!;
      expect(scroller.scrollWidth).to.be.greaterThan(scroller.clientWidth);
      await expect(theme).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
