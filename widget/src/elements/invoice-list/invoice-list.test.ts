import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PorchErrorEvent } from '../../events/error.js';
import type { PorchPaidEvent } from '../../events/paid.js';
import {
  blockApi,
  createInvoices,
  documented,
  onPhone,
  overflowing,
  part,
  renderedParts,
  shadow,
  text,
  unblockApi,
} from '../../testing/fixtures.js';
import { PorchInvoiceList } from './invoice-list.js';

PorchInvoiceList.define('porch-invoice-list');

const LINES = [
  { description: 'Labour', quantity: 1.5, unitPrice: 8000, taxRate: 19 },
  { description: 'Toner', quantity: 2, unitPrice: 2999, taxRate: 7, discountPercent: 10 },
  { description: 'Postage', quantity: 1, unitPrice: 450 },
];

async function invoiceList(
  invoices: Parameters<typeof createInvoices>[0],
  { lang = 'en', stripe = false, api: apiOverride }: { lang?: string; stripe?: boolean; api?: string } = {},
) {
  const { api, session, invoiceIds } = await createInvoices(invoices, stripe);
  const errors: string[] = [];
  const paid: string[] = [];
  const wrapper = await fixture(
    html`<div lang=${lang}>
      <porch-invoice-list
        api=${apiOverride ?? api}
        token=${session}
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
        @porch-paid=${(e: PorchPaidEvent) => paid.push(e.detail.invoiceId)}
      ></porch-invoice-list>
    </div>`,
  );
  const el = wrapper.querySelector<PorchInvoiceList>('porch-invoice-list')!;
  return { el, api, invoiceIds, errors, paid };
}

const loaded = (el: Element) =>
  waitUntil(() => part(el, 'list') ?? part(el, 'empty'), 'the invoices never showed', { timeout: 5000 });
const rows = (el: Element) => [...shadow(el).querySelectorAll<HTMLElement>('[part~=invoice]')];

describe('<porch-invoice-list>', () => {
  afterEach(async () => {
    await unblockApi();
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('lists number, dates, total and a status badge per invoice, formatted in the page’s language', async () => {
    const { el } = await invoiceList([
      { lines: LINES },
      { lines: LINES, void: true },
      { lines: LINES, dueDate: '2026-11-03' },
    ]);
    await loaded(el);
    const shown = rows(el);
    expect(shown.length).to.equal(3);
    const badges = shown.map((row) => text(row.querySelector('[part~=badge]')));
    expect(badges).to.deep.equal(['Overdue', 'Void', 'Due']);
    // 1.5 × 80.00 = 120.00 (+19 % 22.80); 2 × 29.99 − 10 % = 53.98 (+7 % 3.78); 4.50 → 205.06
    expect(text(shown[2]!.querySelector('[part~=total]'))).to.equal('€205.06');
    expect(text(shown[2]!.querySelector('[part~=summary]'))).to.contain('Nov 2, 2026');
    await expect(el).to.be.accessible();
  });

  it('opens an invoice to its lines, taxes per rate and totals; German with the euro after the amount', async () => {
    const { el } = await invoiceList([{ lines: LINES }], { lang: 'de' });
    await loaded(el);
    part(el, 'summary')!.click();
    await el.updateComplete;
    expect(part(el, 'summary')!.getAttribute('aria-expanded')).to.equal('true');
    const detail = part(el, 'detail')!;
    const body = text(detail);
    expect(body).to.contain('Labour').and.contain('Toner (10 % Rabatt)').and.contain('Postage');
    expect(body).to.contain('USt. 7 % auf 53,98 €').and.contain('3,78 €');
    expect(body).to.contain('USt. 19 % auf 120,00 €').and.contain('22,80 €');
    expect(text(part(el, 'detail-total'))).to.equal('205,06 €');
    expect(text(part(el, 'download'))).to.equal('PDF herunterladen');
    expect(part(el, 'pay'), 'no Pay without a Stripe connection').to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows Pay for an open invoice when the company takes card payments, never for a void one', async () => {
    const { el } = await invoiceList([{ lines: LINES }, { lines: LINES, void: true }], { stripe: true });
    await loaded(el);
    const byBadge = (badge: string) => rows(el).find((row) => row.querySelector(`[part~=badge-${badge}]`))!;
    const [open, voided] = [byBadge('due'), byBadge('void')];
    (open!.querySelector('[part~=summary]') as HTMLElement).click();
    await el.updateComplete;
    expect(text(part(el, 'pay'))).to.equal('Pay €205.06');
    (voided!.querySelector('[part~=summary]') as HTMLElement).click();
    await el.updateComplete;
    expect(part(el, 'detail')).to.not.equal(null);
    expect(part(el, 'pay')).to.equal(null);
  });

  it('never shows a refunded or credited invoice as due; lists credit notes, payments and refunds in the detail', async () => {
    const simple = [{ description: 'Repair', quantity: 1, unitPrice: 10000, taxRate: 19 }];
    const { el } = await invoiceList([
      { lines: simple, refund: 11900 },
      { lines: simple, refund: 1900 },
      { lines: simple, credit: 11900 },
      { lines: simple, credit: 1000, dueDate: '2026-11-03' },
    ]);
    await loaded(el);
    const shown = rows(el);
    // Newest first: the part-credited overdue one, credited, partly refunded, refunded.
    expect(shown.map((row) => text(row.querySelector('[part~=badge]')))).to.deep.equal([
      'Overdue',
      'Credited',
      'Partly refunded',
      'Refunded',
    ]);
    expect(shown[3]!.querySelector('[part~=badge-refunded]')).to.not.equal(null);
    (shown[3]!.querySelector('[part~=summary]') as HTMLElement).click();
    await el.updateComplete;
    const refunded = text(part(el, 'detail'));
    expect(refunded).to.contain('Paid').and.contain('€119.00');
    expect(refunded).to.contain('Refunded').and.contain('-€119.00');
    expect(refunded).to.contain('Amount due').and.contain('€0.00');
    (shown[0]!.querySelector('[part~=summary]') as HTMLElement).click();
    await el.updateComplete;
    const note = part(el, 'credit-note')!;
    expect(text(note)).to.match(/^Credit note CN-\d{4} of .+-€10\.00$/);
    expect(text(part(el, 'detail'))).to.contain('€109.00');
    await expect(el).to.be.accessible();
  });

  it('names the new states in German', async () => {
    const simple = [{ description: 'Reparatur', quantity: 1, unitPrice: 10000, taxRate: 19 }];
    const { el } = await invoiceList(
      [
        { lines: simple, refund: 11900 },
        { lines: simple, credit: 500 },
      ],
      { lang: 'de' },
    );
    await loaded(el);
    expect(rows(el).map((row) => text(row.querySelector('[part~=badge]')))).to.deep.equal(['Offen', 'Erstattet']);
    (rows(el)[0]!.querySelector('[part~=summary]') as HTMLElement).click();
    await el.updateComplete;
    expect(text(part(el, 'credit-note'))).to.match(/^Gutschrift CN-\d{4} vom /);
  });

  it('downloads the PDF through a blob URL, the session only in the header', async () => {
    const { el } = await invoiceList([{ lines: LINES }]);
    await loaded(el);
    part(el, 'summary')!.click();
    await el.updateComplete;
    const clicked: HTMLAnchorElement[] = [];
    const realClick = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this);
    };
    try {
      part(el, 'download')!.click();
      await waitUntil(() => clicked.length === 1, 'no download started', { timeout: 5000 });
    } finally {
      HTMLAnchorElement.prototype.click = realClick;
    }
    const anchor = clicked[0]!;
    expect(anchor.href.startsWith('blob:')).to.equal(true);
    expect(anchor.download).to.match(/^INV-\d{4}\.pdf$/);
    const bytes = new Uint8Array(await (await fetch(anchor.href)).arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).to.equal('%PDF-');
  });

  it('opens the invoice named in the fragment and emits porch-paid after a successful payment', async () => {
    const { invoiceIds } = await createInvoices([{ lines: LINES }]);
    history.replaceState(null, '', `${location.pathname}#invoice=${invoiceIds[0]}&checkout=paid`);
    const { el, paid } = await invoiceList([{ lines: LINES }]);
    await loaded(el);
    expect(part(el, 'result')).to.not.equal(null);
    expect(paid).to.deep.equal([invoiceIds[0]]);
  });

  it('says so when there are no invoices', async () => {
    const { el, errors } = await invoiceList([]);
    await loaded(el);
    expect(text(part(el, 'empty'))).to.equal('No invoices yet.');
    expect(errors).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('shows an error with Retry and emits porch-error when the API cannot be reached, then recovers', async () => {
    const { api } = await createInvoices([{ lines: LINES }]);
    await blockApi(api);
    const { el, errors } = await invoiceList([{ lines: LINES }], { api });
    await waitUntil(() => part(el, 'error'), 'no error shown', { timeout: 5000 });
    expect(errors).to.deep.equal(['NETWORK_ERROR']);
    await expect(el).to.be.accessible();
    await unblockApi();
    (part(el, 'error')!.querySelector('button') as HTMLButtonElement).click();
    await loaded(el);
    expect(rows(el).length).to.equal(1);
  });

  it('fits a 320 px phone without horizontal overflow', async () => {
    await onPhone(async () => {
      const { el } = await invoiceList([{ lines: LINES }], { stripe: true });
      await loaded(el);
      part(el, 'summary')!.click();
      await el.updateComplete;
      expect(overflowing(el)).to.deep.equal([]);
    });
  });

  it('documents every part it renders', async () => {
    const { el } = await invoiceList([{ lines: LINES }], { stripe: true });
    await loaded(el);
    part(el, 'summary')!.click();
    await el.updateComplete;
    const { parts } = await documented('elements/invoice-list/invoice-list.ts');
    for (const name of renderedParts(el)) expect(parts, name).to.include(name);
  });
});
