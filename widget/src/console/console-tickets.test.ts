import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import './porch-console.js';
import type { PorchConsoleTicket } from './console-ticket.js';
import type { PorchConsoleTickets } from './console-tickets.js';
import type { PorchConsole } from './porch-console.js';
import { admin as adminApi, control, inZone, zoneName } from '../testing/fixtures.js';
import { inside, shadowText as text, signedIn } from '../testing/console.js';

const newTicket = (spec: { title: string; status?: string }): Promise<{ ticketId: string; api: string }> =>
  control('/tickets', spec);

const button = (root: Element, label: string) =>
  [...root.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === label)!;

async function openTickets(el: PorchConsole) {
  button(el, 'Tickets').click();
  await waitUntil(() => inside(el, 'porch-console-tickets'), 'the tickets screen');
  const tickets = inside(el, 'porch-console-tickets') as PorchConsoleTickets;
  await waitUntil(() => inside(tickets, 'ul.tickets'), 'tickets load', { timeout: 5000 });
  return tickets;
}

async function search(tickets: PorchConsoleTickets, q: string, status = '') {
  (inside(tickets, '#q') as HTMLInputElement).value = q;
  (inside(tickets, '#status') as HTMLSelectElement).value = status;
  button(tickets, 'Search').click();
  await settled(tickets);
}

async function settled(tickets: PorchConsoleTickets) {
  await tickets.updateComplete;
  await tickets.tickets.taskComplete.catch(() => undefined);
  await tickets.updateComplete;
}

const listed = (tickets: HTMLElement) =>
  [...tickets.shadowRoot!.querySelectorAll('ul.tickets strong')].map((s) => s.textContent?.trim());

async function openTicket(tickets: HTMLElement, ticketId: string, by: 'mouse' | 'keyboard' = 'mouse') {
  const entry = inside(tickets, `[data-ticket="${ticketId}"]`)!;
  if (by === 'keyboard') {
    entry.focus();
    await sendKeys({ press: 'Enter' });
  } else entry.click();
  await waitUntil(() => inside(inside(tickets, 'porch-console-ticket'), 'h1'), 'the ticket opens', { timeout: 5000 });
  const ticket = inside(tickets, 'porch-console-ticket') as PorchConsoleTicket;
  await waitUntil(() => inside(inside(ticket, 'porch-console-ticket-links'), 'ul.links'), 'links load', {
    timeout: 5000,
  });
  return ticket;
}

async function moveTo(ticket: PorchConsoleTicket, status: string) {
  (inside(ticket, '#next') as HTMLSelectElement).value = status;
  button(ticket, 'Move status').click();
  await waitUntil(() => text(ticket).includes('Moved to'), 'the move', { timeout: 5000 });
}

const redeem = (api: string, token: string) =>
  fetch(`${api}/v1/portal/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });

describe('porch-console tickets', function (this: { timeout(ms: number): void }) {
  // Each test signs in, opens the screen and goes through several real API round trips (axe too): on a busy
  // machine that takes longer than the runner's default 10 s.
  this.timeout(30_000);
  afterEach(async () => {
    history.replaceState(null, '', location.pathname + location.search);
    // The readable CSRF cookie must not outlive these tests: the portal's tests check the page stores nothing.
    document.cookie = 'porch_csrf=; Max-Age=0; Path=/';
    await setViewport({ width: 800, height: 600 });
  });

  it('shows times in the company’s zone, named only when the viewer’s zone differs', async () => {
    const site = 'Asia/Tokyo';
    const title = `Clock${Date.now()}`;
    const { ticketId } = await newTicket({ title });
    const siteHour = (iso: string) =>
      new Intl.DateTimeFormat('en', { timeZone: site, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
    await adminApi('PATCH', '/settings', { timezone: site });
    try {
      for (const [viewer, named] of [
        ['America/New_York', true],
        [site, false],
      ] as const) {
        await inZone(viewer, async () => {
          const { el } = await signedIn('dispatcher');
          const tickets = await openTickets(el);
          await search(tickets, title);
          const entry = inside(tickets, `[data-ticket="${ticketId}"]`)!.textContent!.replace(/\s+/g, ' ');
          expect(entry.includes(zoneName(site)), `${viewer}: ${entry}`).to.equal(named);
          const ticket = await openTicket(tickets, ticketId);
          const time = inside(ticket, '.timeline time')!;
          expect(time.textContent).to.include(siteHour(time.getAttribute('datetime')!));
          expect(time.textContent!.includes(zoneName(site)), `${viewer}: ${time.textContent}`).to.equal(named);
        });
      }
    } finally {
      await adminApi('PATCH', '/settings', { timezone: null });
    }
  });

  it('lists tickets, searches them and filters by status; says when nothing matches', async () => {
    const marker = `Boiler${Date.now()}`;
    await newTicket({ title: `${marker} received` });
    await newTicket({ title: `${marker} scheduling`, status: 'scheduling' });
    const tickets = await openTickets((await signedIn()).el);
    await search(tickets, marker);
    expect(listed(tickets)).to.have.members([`${marker} received`, `${marker} scheduling`]);
    expect(inside(tickets, '[role=status]')!.textContent).to.include('2 tickets found');
    await search(tickets, marker, 'scheduling');
    expect(listed(tickets)).to.deep.equal([`${marker} scheduling`]);
    await search(tickets, `${marker}-nothing`);
    expect(listed(tickets)).to.deep.equal([]);
    expect(inside(tickets, '[role=status]')!.textContent).to.include('No tickets match.');
    await expect(tickets).to.be.accessible();
  });

  it('pages through the matches with the API’s cursor, forward and back', async () => {
    const marker = `Paged${Date.now()}`;
    for (const n of [1, 2, 3]) await newTicket({ title: `${marker} ${n}` });
    const tickets = await openTickets((await signedIn()).el);
    tickets.pageSize = 2;
    await search(tickets, marker);
    expect(listed(tickets)).to.deep.equal([`${marker} 3`, `${marker} 2`]);
    expect(inside(tickets, '[role=status]')!.textContent).to.include('2 tickets found on this page');
    button(tickets, 'Next page').click();
    await settled(tickets);
    expect(listed(tickets)).to.deep.equal([`${marker} 1`]);
    expect(button(tickets, 'Next page')).to.equal(undefined);
    button(tickets, 'Previous page').click();
    await settled(tickets);
    expect(listed(tickets)).to.deep.equal([`${marker} 3`, `${marker} 2`]);
  });

  it('shows the API’s refusal of a too short search term', async () => {
    const tickets = await openTickets((await signedIn()).el);
    const input = inside(tickets, '#q') as HTMLInputElement;
    input.removeAttribute('minlength'); // the browser's own check would stop the form first
    await search(tickets, 'ab');
    expect(inside(tickets, '[role=alert]')!.textContent).to.include('SEARCH_TERM_INVALID');
  });

  it('opens a ticket from the keyboard with the focus on its heading, moves its status: the timeline and messages follow', async () => {
    const marker = `Timeline${Date.now()}`;
    const { ticketId } = await newTicket({ title: marker });
    const action = await adminApi('POST', '/automated-actions', {
      name: `Scheduling mail ${marker}`,
      trigger: 'status_reached',
      status: 'scheduling',
      channel: 'email',
      templates: { en: { subject: 'Book: {{ticket.title}}', body: 'Book here: {{portal.link}}' } },
    });
    try {
      const tickets = await openTickets((await signedIn()).el);
      await search(tickets, marker);
      const ticket = await openTicket(tickets, ticketId, 'keyboard');
      await waitUntil(() => ticket.shadowRoot!.activeElement?.id === 'ticket-heading', 'focus on the heading');
      expect(inside(ticket, '#current-status')!.textContent).to.include('Received');
      expect(text(ticket)).to.include('No messages for this ticket yet.');
      const steps = () => ticket.shadowRoot!.querySelectorAll('ol.timeline li').length;
      const before = steps();
      await expect(ticket).to.be.accessible();
      await moveTo(ticket, 'scheduling');
      expect(inside(ticket, '#current-status')!.textContent).to.include('Scheduling');
      expect(steps()).to.equal(before + 1);
      expect(ticket.shadowRoot!.querySelector('ol.timeline li:last-child')!.textContent).to.include('Scheduling');
      const stored = await adminApi('GET', `/tickets/${ticketId}`);
      expect(stored.status).to.equal('scheduling');
      await waitUntil(() => inside(ticket, 'ul.messages'), 'the mail is listed', { timeout: 5000 });
      expect(inside(ticket, 'ul.messages')!.textContent).to.include('Email').and.include('status_reached');
      // Statuses only move forward: the choices now start after Scheduling.
      const choices = [...(inside(ticket, '#next') as HTMLSelectElement).options].map((o) => o.value);
      expect(choices[0]).to.equal('dispatched');
      button(tickets, 'Back to the list').click();
      await waitUntil(() => tickets.shadowRoot!.activeElement?.getAttribute('data-ticket') === ticketId, 'focus back');
      await waitUntil(() => text(tickets).includes('Scheduling ·'), 'the list shows the new status', { timeout: 5000 });
    } finally {
      await adminApi('DELETE', `/automated-actions/${action.id}`);
    }
  });

  it('lets a dispatcher move a ticket, create a link, copy it and revoke it; the revoked link no longer opens', async () => {
    const marker = `Links${Date.now()}`;
    const { ticketId, api } = await newTicket({ title: marker });
    const { el } = await signedIn('dispatcher');
    const tickets = await openTickets(el);
    await search(tickets, marker);
    const ticket = await openTicket(tickets, ticketId);
    await moveTo(ticket, 'dispatched');
    expect(inside(ticket, '#current-status')!.textContent).to.include('Dispatched');
    await waitUntil(() => !text(ticket).includes('Loading messages'), 'messages load', { timeout: 5000 });
    expect(text(ticket)).to.include('No messages for this ticket yet.');
    expect(inside(ticket, '[role=alert]')).to.equal(null, 'no ROLE_FORBIDDEN anywhere');
    const links = inside(ticket, 'porch-console-ticket-links')!;
    const rows = () => links.shadowRoot!.querySelectorAll('ul.links li').length;
    const before = rows();
    const linkIds = async () =>
      ((await adminApi('GET', `/tickets/${ticketId}/links`)).items as { id: string }[]).map((l) => l.id);
    const earlier = await linkIds();
    button(links, 'Create a link').click();
    await waitUntil(() => inside(links, '#new-link'), 'the new link', { timeout: 5000 });
    const url = (inside(links, '#new-link') as HTMLInputElement).value;
    const token = new URLSearchParams(new URL(url).hash.slice(1)).get('porch')!;
    await waitUntil(() => rows() === before + 1, 'listed', { timeout: 5000 });

    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (value: string) => void copied.push(value) },
    });
    try {
      button(links, 'Copy link').click();
      await waitUntil(() => text(links).includes('Link copied.'), 'copied');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
    expect(copied).to.deep.equal([url]);
    expect((await redeem(api, token)).status).to.equal(200, 'positive control: the new link opens the portal');

    const [newId] = (await linkIds()).filter((id) => !earlier.includes(id));
    inside(links, `[data-link="${newId}"] button`)!.click();
    await waitUntil(() => text(links).includes('Link revoked'), 'revoked', { timeout: 5000 });
    expect(inside(links, `[data-link="${newId}"]`)!.textContent).to.include('revoked');
    expect(inside(links, `[data-link="${newId}"] button`)).to.equal(null);
    const revokedAt = (await adminApi('GET', `/tickets/${ticketId}/links`)).items.find(
      (l: { id: string }) => l.id === newId,
    ).revokedAt;
    expect(revokedAt).to.be.a('string');
    const refused = await redeem(api, token);
    expect(refused.status).to.be.within(400, 499);
    expect((await refused.json()).error.code).to.equal('LINK_EXPIRED');
    await expect(links).to.be.accessible();
  });

  it('fits a 390 px screen with a ticket open', async () => {
    await setViewport({ width: 390, height: 800 });
    const marker = `Narrow${Date.now()}`;
    const { ticketId } = await newTicket({ title: `${marker} with a rather long title to wrap on a phone` });
    const tickets = await openTickets((await signedIn()).el);
    await search(tickets, marker);
    expect(document.documentElement.scrollWidth).to.be.at.most(390);
    const ticket = await openTicket(tickets, ticketId);
    button(inside(ticket, 'porch-console-ticket-links')!, 'Create a link').click();
    await waitUntil(() => inside(inside(ticket, 'porch-console-ticket-links'), '#new-link'), 'the new link', {
      timeout: 5000,
    });
    expect(document.documentElement.scrollWidth).to.be.at.most(390);
    await expect(ticket).to.be.accessible();
  });
});
