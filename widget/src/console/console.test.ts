import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './porch-console.js';
import type { PorchConsoleProfiles } from './console-profiles.js';
import type { PorchConsole } from './porch-console.js';
import { PorchPortal } from '../elements/portal/portal.js';
import { admin as adminApi, createSession, part } from '../testing/fixtures.js';
import { clearHash, opened } from '../testing/portal.js';
import { inside, ONE_PIXEL_PNG, shadowText as text, signedIn } from '../testing/console.js';

PorchPortal.define('porch-portal');

async function openSettings(el: PorchConsole) {
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('nav button')]
    .find((b) => b.textContent?.includes('Settings'))!
    .click();
  await waitUntil(() => inside(inside(el, 'porch-console-settings'), 'form'), 'settings load', { timeout: 5000 });
  return inside(el, 'porch-console-settings')!;
}

async function openProfile(el: PorchConsole, name: string) {
  const profiles = inside(el, 'porch-console-profiles')!;
  await waitUntil(() => inside(profiles, 'ul'), 'profiles load', { timeout: 5000 });
  const button = [...profiles.shadowRoot!.querySelectorAll('ul button')].find((b) => b.textContent?.trim() === name);
  (button as HTMLElement).click();
  await waitUntil(() => inside(profiles, 'form'), 'the editor opens');
  return profiles;
}

describe('porch-console', () => {
  afterEach(() => {
    clearHash();
    // The readable CSRF cookie must not outlive these tests: the portal's tests check the page stores nothing.
    document.cookie = 'porch_csrf=; Max-Age=0; Path=/';
  });

  it('signs in with a real sign-in link, removes the token from the address and shows who is signed in', async () => {
    const { el, email } = await signedIn();
    expect(location.hash).to.equal('');
    expect(inside(el, '.who')!.textContent).to.include(email).and.include('owner');
    expect(inside(el, 'nav')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('signs out; then offers the e-mail form, which says to check the mail', async () => {
    const { el, tenant } = await signedIn();
    [...el.shadowRoot!.querySelectorAll<HTMLElement>('nav button')]
      .find((b) => b.textContent?.includes('Sign out'))!
      .click();
    await waitUntil(() => inside(el, 'form'), 'the sign-in form');
    // A new page load: the cookie is gone, so the session check finds nobody.
    el.remove();
    const fresh = await fixture<PorchConsole>(html`<porch-console></porch-console>`);
    await waitUntil(() => inside(fresh, 'form'), 'the sign-in form', { timeout: 5000 });
    await expect(fresh).to.be.accessible();
    (inside(fresh, '#tenant') as HTMLInputElement).value = tenant;
    (inside(fresh, '#email') as HTMLInputElement).value = 'nobody@fixture.example';
    inside(fresh, 'button[type=submit]')!.click();
    await waitUntil(() => text(fresh).includes('Check your mail'), 'check your mail', { timeout: 5000 });
  });

  it('saves a German salutation, which the admin API then returns; texts stay text', async () => {
    const name = `Console ${Date.now()}`;
    const profile = await adminApi('POST', '/profiles', { name, salutation: { en: 'Hello' } });
    const { el } = await signedIn();
    const profiles = await openProfile(el, name);
    await expect(profiles).to.be.accessible();
    const language = inside(profiles, '#language') as HTMLSelectElement;
    language.value = 'de';
    language.dispatchEvent(new Event('change'));
    await (profiles as PorchConsoleProfiles).updateComplete;
    const salutation = inside(profiles, '#salutation') as HTMLTextAreaElement;
    expect(salutation.value).to.equal('');
    salutation.value = 'Guten Tag <img src=x onerror=alert(1)>';
    inside(profiles, 'button[type=submit]')!.click();
    await waitUntil(() => text(profiles).includes('Saved.'), 'saved', { timeout: 5000 });
    const stored = await adminApi('GET', `/profiles/${profile.id}`);
    expect(stored.salutation).to.deep.equal({ en: 'Hello', de: 'Guten Tag <img src=x onerror=alert(1)>' });
    expect((inside(profiles, '#salutation') as HTMLTextAreaElement).value).to.include('<img');
    expect(profiles.shadowRoot!.querySelector('img[src=x]')).to.equal(null);
  });

  it('uploads a PNG logo and shows it; fits a 390 px screen', async () => {
    await setViewport({ width: 390, height: 800 });
    const name = `Logo ok ${Date.now()}`;
    await adminApi('POST', '/profiles', { name });
    const { el } = await signedIn();
    const profiles = await openProfile(el, name);
    const png = Uint8Array.from(atob(ONE_PIXEL_PNG), (c) => c.charCodeAt(0));
    const files = new DataTransfer();
    files.items.add(new File([png], 'logo.png', { type: 'image/png' }));
    const input = inside(profiles, '#logo') as HTMLInputElement;
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await waitUntil(() => text(profiles).includes('Logo uploaded.'), 'uploaded', { timeout: 5000 });
    const img = inside(profiles, 'img') as HTMLImageElement;
    expect(img.getAttribute('src')).to.match(/\/v1\/logos\/.+\.png$/);
    await waitUntil(() => img.complete && img.naturalWidth === 1, 'the logo loads under the page', { timeout: 5000 });
    expect(document.documentElement.scrollWidth).to.be.at.most(390);
    await setViewport({ width: 800, height: 600 });
  });

  it('clones a profile; the copy is listed', async () => {
    const name = `Clonable ${Date.now()}`;
    await adminApi('POST', '/profiles', { name });
    const { el } = await signedIn('admin');
    const profiles = await openProfile(el, name);
    [...profiles.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Clone')!.click();
    await waitUntil(() => text(profiles).includes(`${name} (copy)`), 'the copy is listed', { timeout: 5000 });
    const listed = (await adminApi('GET', '/profiles')).items.map((p: { name: string }) => p.name);
    expect(listed).to.include(`${name} (copy)`);
  });

  it('clones a profile and words the copy in German; a German customer page of the copy shows it', async () => {
    const name = `Cloned for Berlin ${Date.now()}`;
    await adminApi('POST', '/profiles', { name, salutation: { en: 'Hello from the original' } });
    const { el } = await signedIn('admin');
    const profiles = await openProfile(el, name);
    [...profiles.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Clone')!.click();
    await waitUntil(() => text(profiles).includes(`${name} (copy)`), 'the copy is listed', { timeout: 5000 });
    await waitUntil(() => inside(profiles, '#editing')?.textContent === `${name} (copy)`, 'the copy opens', {
      timeout: 5000,
    });
    const language = inside(profiles, '#language') as HTMLSelectElement;
    language.value = 'de';
    language.dispatchEvent(new Event('change'));
    await (profiles as PorchConsoleProfiles).updateComplete;
    (inside(profiles, '#salutation') as HTMLTextAreaElement).value = 'Guten Tag aus der Kopie';
    inside(profiles, 'button[type=submit]')!.click();
    await waitUntil(() => text(profiles).includes('Saved.'), 'saved', { timeout: 5000 });

    const copy = (await adminApi('GET', '/profiles')).items.find((p: { name: string }) => p.name === `${name} (copy)`);
    const { api, session } = await createSession({ profileId: copy.id });
    const page = await fixture(html`<div lang="de"><porch-portal api=${api} token=${session}></porch-portal></div>`);
    const portal = page.querySelector<PorchPortal>('porch-portal')!;
    await opened(portal);
    expect(part(portal, 'salutation')!.textContent!.trim()).to.equal('Guten Tag aus der Kopie');
  });

  it('shows the server’s code when a logo upload is refused', async () => {
    const name = `Logo ${Date.now()}`;
    await adminApi('POST', '/profiles', { name });
    const { el } = await signedIn();
    const profiles = await openProfile(el, name);
    const input = inside(profiles, '#logo') as HTMLInputElement;
    const files = new DataTransfer();
    files.items.add(new File(['GIF89a not a logo'], 'logo.gif', { type: 'image/gif' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await waitUntil(() => inside(profiles, '[role=alert]'), 'the refusal', { timeout: 5000 });
    expect(inside(profiles, '[role=alert]')!.textContent).to.include('UNSUPPORTED_MEDIA_TYPE');
  });

  it('shows a bad origin’s 400 with its field, and saves good ones', async () => {
    const { el } = await signedIn();
    const settings = await openSettings(el);
    await expect(settings).to.be.accessible();
    const origins = inside(settings, '#origins') as HTMLTextAreaElement;
    const before = origins.value;
    origins.value = `${before}\nhttps://shop.example.com/path`;
    inside(settings, 'button[type=submit]')!.click();
    await waitUntil(() => inside(settings, '[role=alert]'), 'the 400', { timeout: 5000 });
    expect(inside(settings, '[role=alert]')!.textContent).to.include('VALIDATION_FAILED').and.include('allowedOrigins');
    // Positive control: the same form saves a good list.
    (inside(settings, '#origins') as HTMLTextAreaElement).value = before;
    inside(settings, 'button[type=submit]')!.click();
    await waitUntil(() => text(settings).includes('Saved.'), 'saved', { timeout: 5000 });
  });

  it('saves the company’s time zone from the Settings form; fits 390 px', async () => {
    await setViewport({ width: 390, height: 800 });
    try {
      const { el } = await signedIn('owner');
      const settings = await openSettings(el);
      const zone = inside(settings, '#timezone') as HTMLSelectElement;
      expect(zone.value, 'not set yet').to.equal('');
      zone.value = 'Pacific/Auckland';
      inside(settings, 'button[type=submit]')!.click();
      await waitUntil(() => text(settings).includes('Saved.'), 'saved', { timeout: 5000 });
      expect((await adminApi('GET', '/settings')).timezone).to.equal('Pacific/Auckland');
      expect(document.documentElement.scrollWidth).to.be.at.most(390);
      await expect(settings).to.be.accessible();
    } finally {
      await adminApi('PATCH', '/settings', { timezone: null });
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('shows a dispatcher the settings read-only, and the API’s ROLE_FORBIDDEN on a save', async () => {
    const { el } = await signedIn('dispatcher');
    expect(inside(el, '.who')!.textContent).to.include('dispatcher');
    const settings = await openSettings(el);
    expect(text(settings)).to.include('Read-only');
    expect((inside(settings, '#origins') as HTMLTextAreaElement).readOnly).to.equal(true);
    await expect(settings).to.be.accessible();
    inside(settings, 'button[type=submit]')!.click();
    await waitUntil(() => inside(settings, '[role=alert]'), 'the refusal', { timeout: 5000 });
    expect(inside(settings, '[role=alert]')!.textContent).to.include('ROLE_FORBIDDEN');
  });
});
