import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { part, portalCall, shadow, text, tokenOf, unblockApi } from '../../testing/fixtures.js';
import { en } from '../../i18n/en.js';
import { DATE_TIME, SiteClock } from '../../internal/clock.js';
import { PorchShareLinks } from './share-links.js';

import {
  announced,
  createThrough,
  createThroughApi,
  focused,
  links,
  listed,
  redeem,
  reload,
  sharePath,
  shareLinks,
  urlField,
} from '../../testing/share-links.js';

PorchShareLinks.define('porch-share-links');

const t = en.shareLinks;

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
    const clock = new SiteClock('en', 'Europe/Berlin');
    const times = [...item!.querySelectorAll('time')].map((time) => [time.dateTime, text(time)]);
    expect(times).to.deep.equal(
      [listedLink!.createdAt, listedLink!.lastUsedAt, listedLink!.expiresAt].map((iso) => [
        iso,
        clock.format(iso, DATE_TIME),
      ]),
      'created, last used and expires, in the site’s time (see internal/clock.test.ts for a viewer elsewhere)',
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
    expect(after.body.error.code).to.equal('SHARE_LINK_ENDED');
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
});
