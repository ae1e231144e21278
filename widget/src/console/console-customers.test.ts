import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './porch-console.js';
import type { PorchConsoleCustomers } from './console-customers.js';
import type { PorchConsole } from './porch-console.js';
import { admin as adminApi, control } from '../testing/fixtures.js';
import { inside, shadowText as text } from '../testing/console.js';

// The machine these run on is shared and often busy: an answer may take seconds (never a reason to fail).
const SLOW = { timeout: 20_000 };

const buttonNamed = (root: Element, name: string) =>
  [...root.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes(name));

/** A ticket for a customer of this name (unique per test) and e-mail; answers the ticket with its customer id. */
async function customerWithTicket(name: string, email: string | undefined, title = 'Printer jams') {
  return (await adminApi('POST', '/tickets', {
    title,
    customer: { name, email, phone: '+49 30 1234567' },
    location: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE', timezone: 'Europe/Berlin' },
  })) as { id: string; customer: { id: string } };
}

async function openCustomers(role: 'owner' | 'admin' | 'dispatcher' = 'dispatcher') {
  const { token } = await control('/staff', { role });
  history.replaceState(null, '', `${location.pathname}${location.search}#porch-staff=${token}`);
  const el = await fixture<PorchConsole>(html`<porch-console></porch-console>`);
  await waitUntil(() => inside(el, '.who'), 'the shell appears', SLOW);
  buttonNamed(el, 'Customers')!.click();
  await waitUntil(() => inside(inside(el, 'porch-console-customers'), 'form'), 'customers load', SLOW);
  return inside(el, 'porch-console-customers') as PorchConsoleCustomers;
}

/** Types the term and presses Enter (the form's submit), then waits for the list's answer. */
async function search(customers: PorchConsoleCustomers, term: string) {
  (inside(customers, '#q') as HTMLInputElement).value = term;
  (inside(customers, 'form') as HTMLFormElement).requestSubmit();
  await customers.updateComplete;
  await customers.customers.taskComplete.catch(() => undefined);
  await customers.updateComplete;
}

async function openCustomer(customers: PorchConsoleCustomers, name: string) {
  await search(customers, name);
  buttonNamed(customers, name)!.click();
  await waitUntil(
    () => inside(inside(customers, 'porch-console-customer'), 'h2')?.textContent === name,
    'it loads',
    SLOW,
  );
  return inside(customers, 'porch-console-customer')!;
}

interface Timed {
  timeout(ms: number): void;
}

describe('porch-console customers', function (this: Timed) {
  // Each test signs in, sets up customers through the API and runs axe: seconds on a busy machine.
  this.timeout(90_000);
  afterEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    document.cookie = 'porch_csrf=; Max-Age=0; Path=/';
  });

  it('finds a customer by e-mail and shows their jobs with status and addresses; keyboard and axe', async () => {
    const name = `Ines Vogt ${Date.now()}`;
    const email = `ines.${Date.now()}@customers.example`;
    const ticket = await customerWithTicket(name, email, 'Boiler leaks');
    await control(`/tickets/${ticket.id}/events`, { status: 'dispatched' });
    const customers = await openCustomers('dispatcher');
    await search(customers, email);
    expect(customers.shadowRoot!.querySelectorAll('ul.customers li').length).to.equal(1);
    expect(text(customers)).to.include(name).and.include('1 open of 1 job').and.include('never signed in');
    await expect(customers).to.be.accessible();

    buttonNamed(customers, name)!.click();
    await waitUntil(() => inside(inside(customers, 'porch-console-customer'), 'h2'), 'the customer loads', SLOW);
    const detail = inside(customers, 'porch-console-customer')!;
    await waitUntil(() => detail.shadowRoot!.activeElement?.tagName === 'H2', 'focus moves to the name', SLOW);
    expect(customers.shadowRoot!.activeElement).to.equal(detail);
    expect(text(detail)).to.include(email).and.include('Boiler leaks').and.include('Dispatched');
    expect(text(detail)).to.include('Hauptstr. 1, 10115 Berlin, DE').and.include('Has never signed in');
    await expect(customers).to.be.accessible();
  });

  it('says when nothing matches, and shows the API’s code for a too-short search', async () => {
    const customers = await openCustomers();
    await search(customers, `nobody-${Date.now()}`);
    expect(text(customers)).to.include('No customer matches');
    expect(customers.shadowRoot!.querySelector('ul.customers')).to.equal(null);
    await search(customers, 'ab');
    expect(inside(customers, '[role=alert]')!.textContent).to.include('SEARCH_TERM_INVALID');
    // Positive control: a clear search lists customers again.
    await customerWithTicket(`Listed ${Date.now()}`, undefined);
    await search(customers, '');
    expect(customers.shadowRoot!.querySelectorAll('ul.customers li').length).to.be.greaterThan(0);
  });

  it('signs out a device the customer kept signed in; the API then lists none', async () => {
    const name = `Device Owner ${Date.now()}`;
    const { customer } = await customerWithTicket(name, `devices.${Date.now()}@customers.example`);
    const { api } = await control('/login-links'); // only for the API's address: the portal redeems there
    const link = await adminApi('POST', `/customers/${customer.id}/login-links`, {});
    const redeemed = await fetch(`${api}/v1/portal/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: link.token, remember: true }),
    });
    expect(redeemed.status).to.equal(200);

    const customers = await openCustomers('dispatcher');
    await search(customers, name);
    expect(text(customers)).to.include('1 device kept signed in').and.include('last sign-in');
    const detail = await openCustomer(customers, name);
    expect(text(detail)).to.include('Last signed in');
    expect(detail.shadowRoot!.querySelectorAll('ul[aria-label="Devices kept signed in"] li').length).to.equal(1);
    await expect(detail).to.be.accessible();

    buttonNamed(detail, 'Sign out')!.click();
    await waitUntil(() => text(detail).includes('The device is signed out.'), 'signed out', SLOW);
    expect(detail.shadowRoot!.querySelector('ul[aria-label="Devices kept signed in"]')).to.equal(null);
    expect(detail.shadowRoot!.activeElement?.id).to.equal('devices');
    expect((await adminApi('GET', `/customers/${customer.id}/devices`)).items).to.deep.equal([]);
    await waitUntil(() => !text(customers).includes('1 device kept signed in'), 'the list follows', SLOW);
  });

  it('e-mails a sign-in link; a customer without an e-mail address is told why there is none', async () => {
    const name = `Mail Me ${Date.now()}`;
    await customerWithTicket(name, `mail.${Date.now()}@customers.example`);
    const bare = `No Mail ${Date.now()}`;
    await customerWithTicket(bare, undefined);
    const customers = await openCustomers('admin');
    const detail = await openCustomer(customers, name);
    buttonNamed(detail, 'E-mail a sign-in link')!.click();
    await waitUntil(() => text(detail).includes('A sign-in link is on its way'), 'queued', SLOW);
    expect(inside(detail, '[role=alert]')).to.equal(null);

    const other = await openCustomer(customers, bare);
    await waitUntil(() => text(other).includes(bare), 'the other customer', SLOW);
    expect(text(other)).to.include('No e-mail address');
    expect(buttonNamed(other, 'E-mail a sign-in link')).to.equal(undefined);
  });

  it('pages with “Show more”; fits a 390 px screen', async () => {
    const prefix = `Paged ${Date.now()}`;
    for (let batch = 0; batch < 6; batch++) {
      await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          customerWithTicket(`${prefix} ${String(batch * 9 + i).padStart(2, '0')}`, undefined),
        ),
      );
    }
    await setViewport({ width: 390, height: 800 });
    try {
      const customers = await openCustomers();
      await search(customers, prefix);
      const rows = () => customers.shadowRoot!.querySelectorAll('ul.customers li').length;
      expect(rows()).to.equal(50);
      buttonNamed(customers, 'Show more')!.click();
      await waitUntil(() => rows() === 54, 'the next page is added', SLOW);
      expect(buttonNamed(customers, 'Show more')).to.equal(undefined);
      expect(text(customers)).to.include(`${prefix} 00`).and.include(`${prefix} 53`);
      await openCustomer(customers, `${prefix} 07`);
      expect(document.documentElement.scrollWidth).to.be.at.most(390);
      await expect(customers).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
