/**
 * Paying an invoice end to end in Chromium: the Pay button asks the real API for a Checkout Session (the API's Stripe
 * SDK talks to the fixture's local Stripe stand-in), the page goes to the URL that came back, and the stand-in's
 * Checkout page sends it back to the return address, where the element says so and emits `porch-paid`. The page
 * runs in an iframe (testing/pages/pay.html, the built widget), so its navigation can leave and come back while the
 * test watches. Needs `npm run build` first, like the embedding tests.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { en } from '../../i18n/en.js';
import { createInvoices, stripeCalls } from '../../testing/fixtures.js';

const PAGE = '/widget/src/testing/pages/pay.html';
type PayWindow = Window & typeof globalThis & { porchPaid: string[] };

let frame: HTMLIFrameElement | undefined;
const loadOf = (target: HTMLIFrameElement) =>
  new Promise((resolve) => target.addEventListener('load', resolve, { once: true }));
const inList = (selector: string) =>
  frame!.contentDocument?.querySelector('porch-invoice-list')?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;

describe('<porch-invoice-list> paying through Stripe Checkout', () => {
  before(async () => {
    const built = await fetch('/dist/porchlight.js', { method: 'HEAD' });
    if (!built.ok) throw new Error('dist/ is missing: run `npm run build` before these tests');
  });
  afterEach(() => {
    frame?.remove();
    frame = undefined;
    sessionStorage.removeItem('porch-pay-session');
  });

  it('goes to the Checkout page the API created and, back on the page, shows the result and emits porch-paid', async () => {
    const lines = [{ description: 'Repair', quantity: 1, unitPrice: 10000, taxRate: 19 }];
    const { api, session, invoiceIds } = await createInvoices([{ lines }], true);
    const invoiceId = invoiceIds[0]!;
    const before = (await stripeCalls()).sessions.length;
    sessionStorage.setItem('porch-pay-session', session);
    frame = document.createElement('iframe');
    frame.style.width = '480px';
    frame.style.height = '640px';
    const first = loadOf(frame);
    frame.src = `${PAGE}?api=${encodeURIComponent(api)}`;
    document.body.append(frame);
    await first;
    const pageUrl = frame.contentWindow!.location.href;

    await waitUntil(() => inList('[part~=summary]'), 'the invoice never showed', { timeout: 10_000 });
    inList('[part~=summary]')!.click();
    await waitUntil(() => inList('[part~=pay]'), 'no Pay button', { timeout: 5000 });
    expect(inList('[part~=pay]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Pay €119.00');
    expect((frame.contentWindow as PayWindow).porchPaid).to.deep.equal([]);
    const back = loadOf(frame);
    inList('[part~=pay]')!.click();
    await back;

    // The API asked the stand-in for exactly one session, for the amount due, returning to this very page.
    const { sessions, visits } = await stripeCalls();
    const created = sessions.slice(before);
    expect(created.length).to.equal(1);
    expect(created[0]!.path).to.equal('/v1/checkout/sessions');
    expect(created[0]!.amount).to.equal(11900);
    expect(created[0]!.successUrl).to.equal(`${pageUrl}#invoice=${invoiceId}&checkout=paid`);
    expect(created[0]!.cancelUrl).to.equal(`${pageUrl}#invoice=${invoiceId}&checkout=cancelled`);
    // The browser went to the URL the session answered (the stand-in's Checkout page), and came back from it.
    expect(visits.at(-1)).to.equal(created[0]!.id);
    const win = frame.contentWindow as PayWindow;
    expect(win.location.href).to.equal(`${pageUrl}#invoice=${invoiceId}&checkout=paid`);

    await waitUntil(() => inList('[part~=result]'), 'no result after returning', { timeout: 10_000 });
    expect(inList('[part~=result]')!.textContent!.trim()).to.equal(en.invoiceList.paidNotice);
    expect(win.porchPaid).to.deep.equal([invoiceId]);
    await waitUntil(() => inList('[part~=detail]'), 'the paid invoice is not open', { timeout: 5000 });
  });
});
