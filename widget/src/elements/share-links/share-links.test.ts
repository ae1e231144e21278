import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ErrorEnvelope, PortalSession, PortalShareLinkCreated } from '../../api/types.js';
import type { PorchErrorEvent } from '../../events/error.js';
import type { PorchShareCreatedEvent } from '../../events/share-created.js';
import type { PorchShareRevokedEvent } from '../../events/share-revoked.js';
import {
  blockApi,
  createSession,
  documented,
  onPhone,
  overflowing,
  part,
  porchProperties,
  portalCall,
  privateTokenProblems,
  renderedParts,
  shadow,
  text,
  tokenOf,
  unblockApi,
} from '../../testing/fixtures.js';
import { de } from '../../i18n/de.js';
import { en } from '../../i18n/en.js';
import { PorchShareLinks } from './share-links.js';

PorchShareLinks.define('porch-share-links');

const t = en.shareLinks;
const sharePath = (ticketId: string) => `/v1/portal/tickets/${ticketId}/share-links`;

/** A standalone element on a fresh ticket's session, recording its events. */
async function shareLinks({ open = true, lang }: { open?: boolean; lang?: string } = {}) {
  const { api, session, ticketId } = await createSession();
  const created: PorchShareCreatedEvent['detail'][] = [];
  const revoked: PorchShareRevokedEvent['detail'][] = [];
  const errors: string[] = [];
  const wrapper = await fixture(
    html`<div lang=${lang ?? 'en'}>
      <porch-share-links
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        ?open=${open}
        @porch-share-created=${(e: PorchShareCreatedEvent) => created.push(e.detail)}
        @porch-share-revoked=${(e: PorchShareRevokedEvent) => revoked.push(e.detail)}
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-share-links>
    </div>`,
  );
  const el = wrapper.querySelector('porch-share-links')!;
  return { el, api, session, ticketId, created, revoked, errors };
}

/** Waits until the open panel's list has loaded (or failed). */
const listed = (el: PorchShareLinks) =>
  waitUntil(() => part(el, 'panel') && !part(el, 'loading'), 'the list never loaded', { timeout: 5000 });

const links = (el: PorchShareLinks) => [...shadow(el).querySelectorAll<HTMLElement>('[part~=link]')];
const announced = (el: PorchShareLinks) => text(shadow(el).querySelector('.visually-hidden[role=status]'));
const focused = (el: PorchShareLinks) => shadow(el).activeElement;
const urlField = (el: PorchShareLinks) => part(el, 'url') as HTMLTextAreaElement | null;

/** Loads the list again and waits for it to show. */
async function reload(el: PorchShareLinks) {
  await el.refresh();
  await el.updateComplete;
}

/** Fills in "For whom?" and submits, as a customer would, then waits for the answer. */
async function createThrough(el: PorchShareLinks, label: string) {
  shadow(el).querySelector<HTMLInputElement>('#label')!.value = label;
  part(el, 'create')!.click();
  await waitUntil(() => urlField(el) ?? part(el, 'problem'), 'creating never answered');
}

/** A share link made through the API, as another tab of the customer's would. */
const createThroughApi = async (api: string, session: string, ticketId: string, label?: string) =>
  (await portalCall<PortalShareLinkCreated>(api, 'POST', sharePath(ticketId), session, label ? { label } : {})).body;

const redeem = (api: string, token: string) =>
  portalCall<PortalSession & ErrorEnvelope>(api, 'POST', '/v1/portal/session', undefined, { token });

describe('<porch-share-links>', () => {
  afterEach(unblockApi);

  it('is a closed disclosure first: a button with aria-expanded that opens the panel, which then loads', async () => {
    const { el } = await shareLinks({ open: false });
    const toggle = part(el, 'toggle')!;
    expect(text(toggle)).to.equal(t.toggle);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(toggle.getAttribute('aria-controls')).to.equal('panel');
    expect(part(el, 'panel')).to.have.attribute('hidden');
    expect(part(el, 'form'), 'nothing inside until opened').to.equal(null);
    await expect(el).to.be.accessible();

    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(el.open).to.equal(true);
    expect(part(el, 'panel')).not.to.have.attribute('hidden');
    expect(text(part(el, 'intro'))).to.equal(t.intro);
    expect(part(el, 'loading')).to.have.attribute('aria-busy', 'true');
    await expect(el).to.be.accessible();
    await listed(el);
    expect(text(part(el, 'empty'))).to.equal(t.empty);
    expect(part(el, 'list')).to.equal(null);
    await expect(el).to.be.accessible();

    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(part(el, 'panel')).to.have.attribute('hidden');
  });

  it('creates a link: its URL shows once, its token opens a track-only session on the ticket, and it is listed', async () => {
    const { el, api, session, ticketId, created } = await shareLinks();
    await listed(el);
    await createThrough(el, 'Anna (neighbour)');

    const field = urlField(el)!;
    expect(field).to.have.attribute('readonly');
    expect(focused(el), 'the new link has the focus, selected').to.equal(field);
    expect(field.selectionEnd! - field.selectionStart!).to.equal(field.value.length);
    expect(text(shadow(el).querySelector('label[for=url]'))).to.equal(t.createdFor('Anna (neighbour)'));
    expect(announced(el)).to.equal(t.announceCreated);
    expect(shadow(el).querySelector<HTMLInputElement>('#label')!.value, 'the form is cleared').to.equal('');

    const token = tokenOf(field.value)!;
    expect(token).to.match(/^[\w-]{40,}$/);
    expect(created).to.have.length(1);
    expect(created[0]).to.include({ ticketId, label: 'Anna (neighbour)' });
    expect(JSON.stringify(created), 'the event never carries the token').not.to.contain(token);

    const opened = await redeem(api, token);
    expect(opened.status).to.equal(200);
    expect(opened.body.scopes).to.deep.equal(['track']);
    expect(opened.body.ticketId).to.equal(ticketId);

    expect(part(el, 'empty')).to.equal(null);
    expect(links(el).map((li) => text(li.querySelector('.name')))).to.deep.equal(['Anna (neighbour)']);
    await expect(el).to.be.accessible();

    // What the API lists: the same link, now used once, and no token in the list.
    await reload(el);
    const [item] = links(el);
    const [listedLink] = (
      await portalCall<{ items: { id: string; createdAt: string; lastUsedAt: string; expiresAt: string }[] }>(
        api,
        'GET',
        sharePath(ticketId),
        session,
      )
    ).body.items;
    expect(listedLink!.id).to.equal(created[0]!.id);
    const format = new Intl.DateTimeFormat('en', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    });
    const times = [...item!.querySelectorAll('time')].map((time) => [time.dateTime, text(time)]);
    expect(times).to.deep.equal(
      [listedLink!.createdAt, listedLink!.lastUsedAt, listedLink!.expiresAt].map((iso) => [
        iso,
        format.format(new Date(iso)),
      ]),
      'created, last used and expires, in the browser’s time zone',
    );
    expect(text(item!.querySelector('.meta')))
      .to.contain(t.created)
      .and.contain(t.lastUsed)
      .and.contain(t.expires);
    expect(shadow(el).textContent).not.to.contain(token.slice(0, 20), 'only the field shows the token');
    expect(field.value, 'the new link stays until the customer leaves').to.contain(token);
  });

  it('copies the link to the clipboard and says "Copied"; without a clipboard it selects the link to copy by hand', async () => {
    const { el } = await shareLinks();
    await listed(el);
    await createThrough(el, 'Kim');
    const field = urlField(el)!;
    const copied = part(el, 'copied')!;
    expect(copied.getAttribute('role')).to.equal('status');
    expect(text(copied)).to.equal('');

    const writes: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (value: string) => void writes.push(value) },
    });
    try {
      part(el, 'copy')!.click();
      await waitUntil(() => text(part(el, 'copied')) !== '');
      expect(writes).to.deep.equal([field.value]);
      expect(text(part(el, 'copied'))).to.equal(t.copied);

      // An insecure page has no navigator.clipboard at all.
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
      (part(el, 'copy') as HTMLButtonElement).focus();
      part(el, 'copy')!.click();
      await waitUntil(() => text(part(el, 'copied')) === t.copySelected);
      expect(focused(el)).to.equal(field);
      expect([field.selectionStart, field.selectionEnd]).to.deep.equal([0, field.value.length]);
      await expect(el).to.be.accessible();
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
    expect(navigator.clipboard, 'the real clipboard is back').to.exist;
  });

  it('revokes after an inline confirmation: the link is marked revoked and its token answers 410', async () => {
    const { el, api, session, ticketId, revoked } = await shareLinks();
    await listed(el);
    const link = await createThroughApi(api, session, ticketId, 'Sam');
    await reload(el);
    const revoke = part(el, 'revoke')!;
    expect(text(revoke)).to.equal(t.revoke);
    expect(revoke.getAttribute('aria-label')).to.equal(t.revokeNamed('Sam'));

    revoke.click();
    await waitUntil(() => focused(el) === part(el, 'confirm-revoke'), 'the confirmation never took the focus');
    const confirm = part(el, 'confirm')!;
    expect(confirm.getAttribute('role')).to.equal('group');
    expect(text(shadow(el).getElementById(confirm.getAttribute('aria-labelledby')!))).to.equal(t.confirmQuestion);
    expect(part(el, 'revoke'), 'the question replaces the button').to.equal(null);
    expect((await redeem(api, link.token)).status, 'nothing is revoked before confirming').to.equal(200);
    await expect(el).to.be.accessible();

    part(el, 'confirm-revoke')!.click();
    await waitUntil(() => part(el, 'link-inactive'), 'never marked revoked');
    const item = part(el, 'link-inactive')!;
    expect(text(item.querySelector('.ended'))).to.match(new RegExp(`^${t.revoked} `));
    expect(part(el, 'revoke')).to.equal(null);
    expect(part(el, 'confirm')).to.equal(null);
    expect(text(part(el, 'empty')), 'no one else has access now').to.equal(t.empty);
    expect(revoked).to.deep.equal([{ ticketId, id: link.id }]);
    expect(announced(el)).to.equal(t.announceRevoked);
    expect(focused(el), 'the focus stays on the link').to.equal(item.querySelector('.name'));
    await expect(el).to.be.accessible();

    const after = await redeem(api, link.token);
    expect(after.status).to.equal(410);
    expect(after.body.error.code).to.equal('LINK_EXPIRED');
    await reload(el);
    expect(part(el, 'link-inactive'), 'the API lists it as revoked').to.exist;
  });

  it('works by keyboard: the disclosure, the form, and Revoke with its confirmation (Escape cancels)', async () => {
    const { el } = await shareLinks({ open: false });
    part(el, 'toggle')!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(part(el, 'toggle')!.getAttribute('aria-expanded')).to.equal('true');
    await listed(el);

    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.id).to.equal('label');
    await sendKeys({ type: 'Kim' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => urlField(el) && focused(el) === urlField(el), 'Enter did not create a link');

    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal(part(el, 'copy'));
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal(part(el, 'revoke'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => focused(el) === part(el, 'confirm-revoke'), 'Enter did not ask to confirm');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => focused(el) === part(el, 'revoke'), 'Escape did not go back to Revoke');
    expect(part(el, 'confirm')).to.equal(null);

    await sendKeys({ press: 'Space' });
    await waitUntil(() => focused(el) === part(el, 'confirm-revoke'), 'Space did not ask to confirm');
    await sendKeys({ press: 'Tab' });
    expect(text(focused(el)), 'Cancel follows').to.equal(t.cancel);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => part(el, 'link-inactive'), 'Enter did not revoke');
    expect(focused(el)).to.equal(part(el, 'link-inactive')!.querySelector('.name'));

    part(el, 'toggle')!.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(part(el, 'toggle')!.getAttribute('aria-expanded')).to.equal('false');
  });

  it('shows the error state with Retry when the list cannot load, and says why a change failed', async () => {
    const { api, session, ticketId } = await createSession();
    const errors: string[] = [];
    await blockApi(api);
    const el = await fixture<PorchShareLinks>(
      html`<porch-share-links
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        open
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-share-links>`,
    );
    await waitUntil(() => part(el, 'error'), 'no error state');
    expect(errors).to.deep.equal(['NETWORK_ERROR']);
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(text(part(el, 'error')!.querySelector('p'))).to.equal(t.loadFailed);
    await expect(el).to.be.accessible();

    await blockApi(api, false);
    part(el, 'error')!.querySelector('button')!.click();
    await waitUntil(() => part(el, 'empty'), 'Retry did not recover');
    expect(part(el, 'error')).to.equal(null);

    await blockApi(api);
    await createThrough(el, 'Lee');
    expect(text(part(el, 'problem'))).to.equal(t.createFailed);
    expect(part(el, 'problem')!.getAttribute('role')).to.equal('alert');
    expect(shadow(el).querySelector('#label')!.getAttribute('aria-describedby')).to.equal('label-hint create-problem');
    expect(errors).to.deep.equal(['NETWORK_ERROR', 'NETWORK_ERROR']);
    await expect(el).to.be.accessible();

    await blockApi(api, false);
    await createThrough(el, 'Lee');
    await waitUntil(() => urlField(el), 'trying again did not create');
    expect(part(el, 'problem')).to.equal(null);
  });

  it('says plainly when there were too many changes (429 RATE_LIMITED), and nothing was created', async () => {
    const { el, api, session, ticketId, errors } = await shareLinks();
    await listed(el);
    // Use up the session's writes through the API, then the customer tries once more.
    let accepted = 0;
    while ((await portalCall(api, 'POST', sharePath(ticketId), session, {})).status === 201) accepted++;
    await createThrough(el, 'One too many');
    expect(text(part(el, 'problem'))).to.equal(t.tooMany);
    expect(errors).to.deep.equal(['RATE_LIMITED']);
    expect(urlField(el)).to.equal(null);
    await expect(el).to.be.accessible();
    await reload(el);
    expect(links(el)).to.have.length(accepted);
    expect(links(el).map((li) => text(li.querySelector('.name')))).not.to.include('One too many');
  });

  it('a shared view cannot manage access: SHARE_NOT_ALLOWED, said plainly and without Retry', async () => {
    const { api, session, ticketId } = await createSession();
    const link = await createThroughApi(api, session, ticketId);
    const shared = (await redeem(api, link.token)).body.session;
    const errors: string[] = [];
    const el = await fixture<PorchShareLinks>(
      html`<porch-share-links
        api=${api}
        token=${shared}
        ticket-id=${ticketId}
        open
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-share-links>`,
    );
    await waitUntil(() => part(el, 'error'), 'no error state');
    expect(errors).to.deep.equal(['SHARE_NOT_ALLOWED']);
    expect(text(part(el, 'error'))).to.equal(t.notAllowed);
    expect(part(el, 'error')!.querySelector('button')).to.equal(null);
  });

  it('renders nothing without a ticket', async () => {
    const { api, session } = await createSession();
    const el = await fixture<PorchShareLinks>(
      html`<porch-share-links api=${api} token=${session} open></porch-share-links>`,
    );
    expect(shadow(el).children).to.have.length(0);
  });

  it('speaks German inside lang="de"', async () => {
    const { el, api, session, ticketId } = await shareLinks({ lang: 'de' });
    await listed(el);
    await createThroughApi(api, session, ticketId, 'Oma');
    await reload(el);
    expect(text(part(el, 'toggle'))).to.equal(de.shareLinks.toggle);
    expect(text(part(el, 'revoke'))).to.equal(de.shareLinks.revoke);
    expect(text(part(el, 'link'))).to.contain(de.shareLinks.neverUsed);
    await expect(el).to.be.accessible();
  });

  it('fits 320 px: form, new link, list and confirmation overflow nothing', async () => {
    await onPhone(async () => {
      const { el, api, session, ticketId } = await shareLinks();
      el.parentElement!.style.width = '320px';
      await listed(el);
      await createThroughApi(api, session, ticketId, 'Farblaserdruckerwartungsvertragsverantwortliche');
      await reload(el);
      await createThrough(el, 'Kim');
      part(el, 'revoke')!.click();
      await waitUntil(() => part(el, 'confirm'));
      expect(el.getBoundingClientRect().width).to.equal(320);
      expect(overflowing(el)).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });
  });

  it('renders every documented part, and documents every part it renders', async () => {
    const { parts } = await documented('elements/share-links/share-links.ts');
    const { el, api, session, ticketId } = await shareLinks();
    await listed(el);
    const gone = await createThroughApi(api, session, ticketId, 'Gone');
    await portalCall(api, 'DELETE', `${sharePath(ticketId)}/${gone.id}`, session);
    await createThroughApi(api, session, ticketId, 'Still there');
    await reload(el);
    await createThrough(el, 'New');
    part(el, 'revoke')!.click();
    await waitUntil(() => part(el, 'confirm'));
    // Each of these shows in a state of its own, asserted above.
    const otherStates = ['empty', 'error', 'loading', 'problem'];
    expect(renderedParts(el)).to.deep.equal(parts.filter((name) => !otherStates.includes(name)));
  });

  it('documents exactly the --porch-* properties its styles read, and keeps its private tokens tidy', async () => {
    const { properties } = await documented('elements/share-links/share-links.ts');
    expect(porchProperties(PorchShareLinks.styles)).to.deep.equal(properties);
    expect(privateTokenProblems(PorchShareLinks.styles)).to.deep.equal([]);
  });
});
