import { expect, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './porch-console.js';
import type { PorchConsole } from './porch-console.js';
import { admin as adminApi, control } from '../testing/fixtures.js';
import { inside, shadowText as text, signedIn } from '../testing/console.js';

const button = (root: Element, name: string) =>
  [...root.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent)?.trim() === name,
  )!;

async function open(el: PorchConsole, label: string, tag: string) {
  button(el, label).click();
  await waitUntil(() => inside(el, tag), `${label} opens`);
  return inside(el, tag)!;
}

/** Whether the admin API takes this key (the page's origin forwards /v1/admin to the API). */
const keyStatus = async (key: string) =>
  (await fetch('/v1/admin/settings', { headers: { authorization: `Bearer ${key}` } })).status;

describe('porch-console: API keys, staff, origins', () => {
  const realConfirm = window.confirm;
  afterEach(async () => {
    window.confirm = realConfirm;
    history.replaceState(null, '', location.pathname + location.search);
    document.cookie = 'porch_csrf=; Max-Age=0; Path=/';
    await setViewport({ width: 800, height: 600 });
  });

  async function createKey(keys: HTMLElement, label: string) {
    await waitUntil(() => inside(keys, 'form'), 'keys load', { timeout: 5000 });
    (inside(keys, '#label') as HTMLInputElement).value = label;
    button(keys, 'Create key').click();
    await waitUntil(() => inside(keys, '#secret') && text(keys).includes('Key created.'), 'the secret and the list', {
      timeout: 5000,
    });
    return (inside(keys, '#secret') as HTMLInputElement).value;
  }

  it('creates a key whose secret is shown once, with a copy button; fits 390 px', async () => {
    await setViewport({ width: 390, height: 800 });
    const { el } = await signedIn('admin');
    const keys = await open(el, 'API keys', 'porch-console-api-keys');
    const label = `Server ${Date.now()}`;
    const secret = await createKey(keys, label);
    expect(secret).to.match(/^porch_sk_/);
    expect(await keyStatus(secret)).to.equal(200);
    expect(button(keys, 'Copy key')).to.exist;
    expect(text(keys)).to.include(label);
    expect(document.documentElement.scrollWidth).to.be.at.most(390);
    await expect(keys).to.be.accessible();
    button(keys, 'Done').click();
    await waitUntil(() => !inside(keys, '#secret'), 'the secret is gone');
    expect(text(keys)).not.to.include(secret);
  });

  it('rotates a key with no overlap and revokes the successor', async () => {
    const { el } = await signedIn('owner');
    const keys = await open(el, 'API keys', 'porch-console-api-keys');
    const label = `Rotated ${Date.now()}`;
    const secret = await createKey(keys, label);
    button(keys, 'Done').click();
    await waitUntil(() => !inside(keys, '#secret'), 'the secret is gone');

    const select = inside(keys, '#overlap') as HTMLSelectElement;
    select.value = '0';
    select.dispatchEvent(new Event('change'));
    button(keys, `Rotate ${label} (${secret.slice(0, 14)}…)`).click();
    await waitUntil(() => inside(keys, '#secret') && text(keys).includes('rotated.'), 'the successor', {
      timeout: 5000,
    });
    const successor = (inside(keys, '#secret') as HTMLInputElement).value;
    expect(successor).not.to.equal(secret);
    expect(await keyStatus(secret)).to.equal(401);
    expect(await keyStatus(successor)).to.equal(200);

    window.confirm = () => true;
    button(keys, `Revoke ${label} (${successor.slice(0, 14)}…)`).click();
    await waitUntil(() => text(keys).includes('revoked.'), 'revoked', { timeout: 5000 });
    expect(await keyStatus(successor)).to.equal(401);
    expect(text(keys)).to.include('Revoked');
  });

  const navLabels = (el: PorchConsole) =>
    [...el.shadowRoot!.querySelectorAll('nav button')].map((b) => b.textContent!.trim());

  it('offers a dispatcher neither API keys nor staff, and explains a direct visit; still their own sessions', async () => {
    const { el } = await signedIn('dispatcher');
    expect(navLabels(el)).to.include.members(['Tickets', 'Settings', 'Your sessions']);
    expect(navLabels(el)).not.to.include.members(['API keys']);
    expect(navLabels(el)).not.to.include.members(['Staff']);
    el.view = 'apiKeys';
    await el.updateComplete;
    expect(inside(el, 'porch-console-api-keys')).to.equal(null, 'the screen (and its request) is not made');
    expect(inside(el, 'main [role=alert]')!.textContent).to.equal(
      'Your role (dispatcher) cannot manage API keys; ask an owner or admin.',
    );
    await expect(el).to.be.accessible();
    const sessions = await open(el, 'Your sessions', 'porch-console-sessions');
    await waitUntil(() => text(sessions).includes('This browser'), 'own sessions', { timeout: 5000 });
  });

  it('offers an owner API keys and staff (the control for the dispatcher’s nav)', async () => {
    const { el } = await signedIn('owner');
    expect(navLabels(el)).to.include.members(['API keys', 'Staff', 'Your sessions']);
    const keys = await open(el, 'API keys', 'porch-console-api-keys');
    await waitUntil(() => inside(keys, '#label'), 'keys load', { timeout: 5000 });
  });

  it('invites someone with a role, changes the role and removes them', async () => {
    const { el } = await signedIn('owner');
    const staff = await open(el, 'Staff', 'porch-console-staff');
    await waitUntil(() => inside(staff, '#invite-email'), 'staff load', { timeout: 5000 });
    await expect(staff).to.be.accessible();
    const email = `new-${Date.now()}@fixture.example`;
    (inside(staff, '#invite-email') as HTMLInputElement).value = email;
    (inside(staff, '#invite-role') as HTMLSelectElement).value = 'dispatcher';
    button(staff, 'Send invite').click();
    await waitUntil(() => text(staff).includes(`Invite sent to ${email}`), 'invited', { timeout: 5000 });
    const listed = async () =>
      (await adminApi('GET', '/staff')).items.find((s: { email: string }) => s.email === email) as
        { id: string; role: string } | undefined;
    expect((await listed())?.role).to.equal('dispatcher');
    await waitUntil(() => text(staff).includes(email), 'listed');

    const member = (await listed())!;
    const role = inside(staff, `#role-${member.id}`) as HTMLSelectElement;
    role.value = 'admin';
    (role.form!.querySelector('button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => text(staff).includes(`${email} is now admin`), 'changed', { timeout: 5000 });
    expect((await listed())?.role).to.equal('admin');

    window.confirm = () => true;
    button(staff, `Remove ${email}`).click();
    await waitUntil(() => text(staff).includes(`${email} removed`), 'removed', { timeout: 5000 });
    expect(await listed()).to.equal(undefined);
  });

  it('ends another session of yours; this browser stays signed in', async () => {
    const { el, token } = await signedIn('admin');
    expect(token).to.be.a('string');
    const sessions = await open(el, 'Your sessions', 'porch-console-sessions');
    await waitUntil(() => text(sessions).includes('This browser'), 'sessions load', { timeout: 5000 });
    // A second session of the same member: sign in again through the API with a fresh link of theirs.
    const me = (await (await fetch('/v1/staff/session')).json()).staff;
    const second: { token: string } = await control('/staff-link', { id: me.id });
    const other = await fetch('/v1/staff/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: second.token }),
      credentials: 'omit',
    });
    expect(other.status).to.equal(200);
    await (sessions as unknown as { sessions: { run(): Promise<void> } }).sessions.run();
    await waitUntil(() => sessions.shadowRoot!.querySelectorAll('li').length === 2, 'two sessions');
    sessions.shadowRoot!.querySelector<HTMLButtonElement>('li button')!.click();
    await waitUntil(() => text(sessions).includes('Session ended.'), 'ended', { timeout: 5000 });
    expect(sessions.shadowRoot!.querySelectorAll('li').length).to.equal(1);
    expect((await fetch('/v1/staff/session')).status).to.equal(200, 'this browser is still signed in');
  });

  it('tests an origin: well-formed and allowed, or what is wrong', async () => {
    const { el } = await signedIn('admin');
    button(el, 'Settings').click();
    await waitUntil(() => inside(inside(el, 'porch-console-settings'), 'porch-console-origin-check'), 'settings');
    const settings = inside(el, 'porch-console-settings')!;
    const check = inside(settings, 'porch-console-origin-check')!;
    const allowed = (inside(settings, '#origins') as HTMLTextAreaElement).value.split('\n')[0]!;
    const verdictFor = async (candidate: string) => {
      (inside(check, '#candidate') as HTMLInputElement).value = candidate;
      button(check, 'Test origin').click();
      await (check as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      return inside(check, '#verdict')!.textContent!.replace(/\s+/g, ' ');
    };
    expect(await verdictFor(allowed)).to.include('Allowed');
    expect(await verdictFor(`${allowed}/`))
      .to.include('No trailing slash')
      .and.include(`${allowed} itself is allowed`);
    expect(await verdictFor(`${allowed}/shop/page`)).to.include('Drop the path');
    expect(await verdictFor('https://*.example.com')).to.include('Wildcards are not supported');
    expect(await verdictFor('null')).to.include('can never be allowed');
    expect(await verdictFor('https://elsewhere.example'))
      .to.include('not allowed')
      .and.include('add');
    await expect(check).to.be.accessible();
  });
});
