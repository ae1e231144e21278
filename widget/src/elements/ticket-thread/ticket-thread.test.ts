import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PorchErrorEvent } from '../../events/error.js';
import type { PorchMessageSentEvent } from '../../events/message-sent.js';
import { de } from '../../i18n/de.js';
import { en } from '../../i18n/en.js';
import {
  addInfo,
  blockApi,
  createSession,
  createTicketLink,
  onPhone,
  overflowing,
  part,
  portalCall,
  shadow,
  text,
  unblockApi,
} from '../../testing/fixtures.js';
import { clearHash, opened, portalFromLink } from '../../testing/portal.js';
import { PorchPortal } from '../portal/portal.js';
import { PorchTicketThread } from './ticket-thread.js';

PorchTicketThread.define('porch-ticket-thread');
PorchPortal.define('porch-portal');

const MESSAGES = { profile: { modules: ['status', 'updates', 'share', 'messages'] } };

/** The company replies through the admin API, as a dispatcher would. */
async function companyReply(ticketId: string, body: string, authorName?: string) {
  const response = await fetch('/__fixtures/admin', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'POST', path: `/tickets/${ticketId}/thread`, body: { body, authorName } }),
  });
  if (response.status !== 201) throw new Error(`reply answered ${response.status}: ${await response.text()}`);
}

async function thread({ lang = 'en' } = {}) {
  const { api, session, ticketId } = await createSession(MESSAGES);
  const errors: string[] = [];
  const sent: PorchMessageSentEvent['detail'][] = [];
  const wrapper = await fixture(
    html`<div lang=${lang}>
      <porch-ticket-thread
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        company="Acme Printer Repair"
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
        @porch-message-sent=${(e: PorchMessageSentEvent) => sent.push(e.detail)}
      ></porch-ticket-thread>
    </div>`,
  );
  const el = wrapper.querySelector<PorchTicketThread>('porch-ticket-thread')!;
  return { el, api, session, ticketId, errors, sent };
}

const loaded = (el: PorchTicketThread) =>
  waitUntil(() => part(el, 'base'), 'the thread never showed', { timeout: 5000 });
const messages = (el: PorchTicketThread) =>
  [...shadow(el).querySelectorAll<HTMLElement>('[part~=message]')].map((li) => ({
    own: li.matches('[part~=own]'),
    author: text(li.querySelector('[part~=author]')),
    body: text(li.querySelector('[part~=text]')),
  }));
const field = (el: PorchTicketThread) => part(el, 'input') as HTMLTextAreaElement;
const type = async (el: PorchTicketThread, value: string) => {
  field(el).value = value;
  field(el).dispatchEvent(new Event('input'));
  await el.updateComplete;
};

describe('<porch-ticket-thread>', () => {
  afterEach(async () => {
    clearHash();
    await unblockApi();
  });

  it('shows the empty state, then a company message posted through the admin API arrives live', async () => {
    const { el, ticketId, errors } = await thread();
    await loaded(el);
    expect(text(part(el, 'empty'))).to.equal('No messages yet. Write to Acme Printer Repair below.');
    expect(part(el, 'list')).to.equal(null);
    await companyReply(ticketId, 'Your parts arrived. https://acme.example/parts', 'Sam');
    await waitUntil(() => messages(el).length === 1, 'the reply never arrived live', { timeout: 8000 });
    expect(messages(el)).to.deep.equal([
      { own: false, author: 'Sam', body: 'Your parts arrived. https://acme.example/parts' },
    ]);
    expect(part(el, 'link')!.getAttribute('href')).to.equal('https://acme.example/parts');
    expect(text(part(el, 'badge'))).to.equal('1(1 message)');
    expect(text(shadow(el).querySelector('[role=status]'))).to.equal('New message from Sam');
    expect(part(el, 'new'), 'the live message is marked new').to.exist;
    expect(errors).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('sends from the composer with Ctrl+Enter or Send: disabled while sending, own styling, porch-message-sent', async () => {
    const { el, ticketId, sent } = await thread();
    await addInfo(ticketId, 'We received your request.', 60);
    await el.refresh();
    await loaded(el);
    expect(part(el, 'send')!.getAttribute('aria-disabled'), 'nothing to send yet').to.equal('true');
    await type(el, 'Is Tuesday possible?');
    expect(part(el, 'send')!.getAttribute('aria-disabled')).to.equal('false');
    field(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(field(el).value, 'Enter alone adds a line, it does not send').to.equal('Is Tuesday possible?');
    field(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    await el.updateComplete;
    expect(part(el, 'send')!.getAttribute('aria-disabled'), 'disabled while sending').to.equal('true');
    expect(text(part(el, 'send'))).to.equal('Sending…');
    await waitUntil(() => sent.length === 1, 'the message was never sent', { timeout: 5000 });
    await el.updateComplete;
    expect(field(el).value, 'the draft is cleared').to.equal('');
    expect(messages(el)).to.deep.equal([
      { own: false, author: 'Acme Printer Repair', body: 'We received your request.' },
      { own: true, author: 'You', body: 'Is Tuesday possible?' },
    ]);
    const [company, own] = shadow(el).querySelectorAll<HTMLElement>('[part~=message]');
    expect(getComputedStyle(own!).backgroundColor).to.not.equal(getComputedStyle(company!).backgroundColor);
    expect(own!.getBoundingClientRect().right).to.be.closeTo(el.getBoundingClientRect().right, 1);
    expect(sent[0]!.ticketId).to.equal(ticketId);

    await type(el, 'And Wednesday?');
    part(el, 'send')!.click();
    await waitUntil(() => sent.length === 2, 'Send did not send', { timeout: 5000 });
    // The stream's echo of our own message comes before the company's reply on the ordered stream: once the reply
    // shows, the echo has been handled, and it did not show our message twice.
    await companyReply(ticketId, 'Wednesday works.');
    await waitUntil(() => messages(el).some((m) => m.body === 'Wednesday works.'), 'no reply', { timeout: 8000 });
    expect(messages(el).map((m) => m.body)).to.deep.equal([
      'We received your request.',
      'Is Tuesday possible?',
      'And Wednesday?',
      'Wednesday works.',
    ]);
    await expect(el).to.be.accessible();
  });

  it('keeps the draft and says so when sending fails', async () => {
    const { el, api, sent } = await thread();
    await loaded(el);
    await type(el, 'Please call me');
    await blockApi(api);
    part(el, 'send')!.click();
    await waitUntil(() => part(el, 'send-error'), 'no error shown', { timeout: 5000 });
    expect(text(part(el, 'send-error'))).to.equal(en.ticketThread.sendFailed);
    expect(part(el, 'send-error')!.getAttribute('role')).to.equal('alert');
    expect(field(el).value).to.equal('Please call me');
    expect(sent).to.deep.equal([]);
    await unblockApi();
    part(el, 'send')!.click();
    await waitUntil(() => sent.length === 1, 'the retry did not send', { timeout: 5000 });
    expect(part(el, 'send-error')).to.equal(null);
  });

  it('marks what the customer had not read with “New”, then tells the API it is read', async () => {
    const { api, session, ticketId } = await createSession(MESSAGES);
    await companyReply(ticketId, 'First');
    await companyReply(ticketId, 'Second');
    const el = await fixture<PorchTicketThread>(
      html`<porch-ticket-thread api=${api} token=${session} ticket-id=${ticketId}></porch-ticket-thread>`,
    );
    await loaded(el);
    expect(text(part(el, 'unread'))).to.equal('2 new');
    const items = [...shadow(el).querySelectorAll('li')].map((li) => li.getAttribute('part'));
    expect(items).to.deep.equal(['new', 'message company', 'message company']);
    await waitUntil(
      async () =>
        (await portalCall<{ unread: number }>(api, 'GET', `/v1/portal/tickets/${ticketId}/messages`, session)).body
          .unread === 0,
      'the read position was never stored',
      { timeout: 5000 },
    );
    await el.updateComplete;
    expect(part(el, 'unread')).to.equal(null);
    expect(part(el, 'new'), 'the divider stays while shown').to.exist;
  });

  it('shows loading, then the error state with Retry when the API is unreachable', async () => {
    const { api, session, ticketId } = await createSession(MESSAGES);
    await blockApi(api);
    const el = await fixture<PorchTicketThread>(
      html`<porch-ticket-thread api=${api} token=${session} ticket-id=${ticketId}></porch-ticket-thread>`,
    );
    expect(part(el, 'loading')).to.exist;
    await waitUntil(() => part(el, 'error'), 'no error state', { timeout: 5000 });
    await expect(el).to.be.accessible();
    await unblockApi();
    part(el, 'error')!.querySelector('button')!.click();
    await loaded(el);
  });

  it('speaks German and Arabic (right to left) and fits 320 px', async () => {
    const { el, ticketId } = await thread({ lang: 'de' });
    await companyReply(ticketId, 'Ein sehr langes Wort: Donaudampfschifffahrtsgesellschaftskapitänsmütze'.repeat(2));
    await el.refresh();
    await loaded(el);
    expect(text(part(el, 'heading'))).to.contain(de.ticketThread.heading);
    expect(text(part(el, 'send'))).to.equal(de.ticketThread.send);
    await onPhone(async () => {
      expect(overflowing(el)).to.deep.equal([]);
    });
    const ar = await thread({ lang: 'ar' });
    await loaded(ar.el);
    expect(getComputedStyle(ar.el).direction).to.equal('rtl');
    await expect(ar.el).to.be.accessible();
  });

  it('is a “Messages” tab of <porch-portal> with a live count badge when the profile has the module', async () => {
    const { api, token, ticketId } = await createTicketLink(MESSAGES);
    await companyReply(ticketId, 'Hello from Acme');
    const { el, errors } = await portalFromLink(api, token);
    await opened(el);
    await waitUntil(() => shadow(el).querySelector('#tab-comments'), 'no Messages tab', { timeout: 5000 });
    const badge = () => shadow(el).querySelector<PorchTicketThread>('porch-ticket-thread[badge]');
    await waitUntil(() => badge() && part(badge()!, 'badge'), 'no badge', { timeout: 5000 });
    expect(text(shadow(el).querySelector('#tab-comments'))).to.equal('Messages');
    expect(text(part(badge()!, 'badge')), 'in the tab, after the label').to.equal('1(1 message)');
    await companyReply(ticketId, 'Second');
    await waitUntil(() => text(part(badge()!, 'badge')).startsWith('2'), 'the badge did not count live', {
      timeout: 8000,
    });
    (shadow(el).querySelector('#tab-comments') as HTMLElement).click();
    const hosted = () => shadow(el).querySelector<PorchTicketThread>('porch-ticket-thread:not([badge])')!;
    await waitUntil(hosted, 'the thread is not shown');
    await loaded(hosted());
    expect(messages(hosted()).map((m) => m.body)).to.deep.equal(['Hello from Acme', 'Second']);
    // The ticket's documents share the tab, under the thread.
    const documents = shadow(el).querySelector('porch-ticket-documents')!;
    expect(documents, 'the documents are hosted').to.exist;
    expect(documents.getAttribute('ticket-id')).to.equal(ticketId);
    await waitUntil(() => customElements.get('porch-ticket-documents'), 'the documents element never loaded');
    await waitUntil(() => documents.shadowRoot?.querySelector('[part~=empty]'), 'the documents never loaded', {
      timeout: 5000,
    });
    expect(
      hosted().compareDocumentPosition(documents) & Node.DOCUMENT_POSITION_FOLLOWING,
      'under the thread',
    ).to.be.greaterThan(0);
    expect(errors).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('has no Messages tab when the profile lacks the module', async () => {
    const { api, token } = await createTicketLink({ profile: { modules: ['status', 'updates', 'share'] } });
    const { el } = await portalFromLink(api, token);
    await opened(el);
    expect(shadow(el).querySelector('#tab-comments')).to.equal(null);
    expect(shadow(el).querySelector('porch-ticket-thread')).to.equal(null);
  });
});
