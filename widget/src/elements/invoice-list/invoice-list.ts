import { Task } from '@lit/task';
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError } from '../../api/errors.js';
import type { PortalInvoice } from '../../api/types.js';
import { PorchPaidEvent } from '../../events/paid.js';
import { invoiceList } from '../../i18n/en/invoice-list.js';
import { numberFormat } from '../../i18n/index.js';
import { SiteClock } from '../../internal/clock.js';
import { PorchElement } from '../../internal/porch-element.js';
import { saveBlob } from '../../internal/save-blob.js';
import { styles } from './invoice-list.styles.js';

type Badge = 'paid' | 'due' | 'overdue' | 'void' | 'refunded' | 'partially-refunded' | 'credited';

const SETTLED: Partial<Record<PortalInvoice['status'], Badge>> = {
  void: 'void',
  paid: 'paid',
  refunded: 'refunded',
  partially_refunded: 'partially-refunded',
  credited: 'credited',
};

/** A refunded or credited invoice is never "due": only sent and partially paid ones are open. */
const badgeOf = (invoice: PortalInvoice): Badge => SETTLED[invoice.status] ?? (invoice.overdue ? 'overdue' : 'due');

/** `invoice=<id>` and `checkout=paid|cancelled` in the page's fragment: how Stripe Checkout sends the customer back. */
function returnFromCheckout(): { invoiceId: string | null; checkout: string | null } {
  const fragment = new URLSearchParams(location.hash.slice(1));
  return { invoiceId: fragment.get('invoice'), checkout: fragment.get('checkout') };
}

/**
 * @tagname porch-invoice-list
 * @summary The customer's invoices: number, date, due date, total and a status badge (paid, due, overdue, void,
 * refunded, partly refunded, credited); each opens to its lines, taxes per rate, totals, credit notes, payments and
 * refunds, with "Download PDF" and — when the company takes card payments — "Pay".
 *
 * Loads `GET /v1/portal/invoices` (scope `invoices`) with the client of an enclosing `<porch-portal>` or its own
 * `api` and `token`. Amounts are formatted with `Intl.NumberFormat` in the invoice's currency and the page's
 * language. "Download PDF" fetches the PDF with the session in the Authorization header and saves it from a blob
 * URL, so the session never appears in a URL. "Pay" (scope `pay`) asks the API for a Stripe Checkout page and goes
 * there; Stripe sends the customer back to this page with `#invoice=<id>&checkout=paid|cancelled`, which the element
 * reads to open that invoice, say how it went and, on success, emit `porch-paid`. A login link from an invoice mail
 * (`#porch=…&invoice=<id>`) opens that invoice the same way.
 *
 * @event porch-paid - {PorchPaidEvent} The customer returned from a successful online payment: `{invoiceId}`.
 * @event porch-error - {PorchErrorEvent} A load failed: `{code}`. Canceled, a failed load stays in its loading state.
 *
 * @csspart base - The heading and the list.
 * @csspart heading - "Invoices".
 * @csspart list - The list of invoices.
 * @csspart invoice - One invoice (`<li>`).
 * @csspart summary - The invoice's row (a button that opens its detail).
 * @csspart total - The invoice's total in its row.
 * @csspart badge - The status badge.
 * @csspart badge-paid - The badge of a paid invoice.
 * @csspart badge-due - The badge of an open invoice not yet due.
 * @csspart badge-overdue - The badge of an open invoice past its due date.
 * @csspart badge-void - The badge of a void invoice.
 * @csspart badge-refunded - The badge of an invoice whose payments were all refunded.
 * @csspart badge-partially-refunded - The badge of an invoice with part of its payment refunded.
 * @csspart badge-credited - The badge of an invoice that credit notes cover in full.
 * @csspart credit-note - A credit note's row under the total.
 * @csspart detail - Lines, taxes and totals of the opened invoice.
 * @csspart detail-total - The total in the detail.
 * @csspart download - The "Download PDF" button.
 * @csspart pay - The "Pay" button.
 * @csspart result - The message after returning from a payment.
 * @csspart empty - No invoices yet.
 * @csspart loading - The loading state.
 * @csspart error - The load failed, with Retry.
 *
 * @cssproperty --porch-color-primary - Buttons and focus rings. Default `#2563eb`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Dates, table heads, due, void, refunded and credited badges. Default `#5b6474`.
 * @cssproperty --porch-color-border - Borders. Default `#e2e8f0`.
 * @cssproperty --porch-color-surface - Background of the list. Default `#ffffff`.
 * @cssproperty --porch-radius - Corner radius. Default `0.75rem`.
 * @cssproperty --porch-invoice-list-paid-color - The "paid" badge. Default `#166534`.
 * @cssproperty --porch-invoice-list-overdue-color - The "overdue" badge. Default `#b91c1c`.
 *
 * @example
 * <porch-invoice-list api="https://api.example.com" token="eyJ…"></porch-invoice-list>
 */
export class PorchInvoiceList extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #task = new Task(this, {
    task: ([client], { signal }) => this.#load(client, signal),
    args: () => [this.client] as const,
    onComplete: (items) => (this.items = items),
    onError: (error) => (this.failed = !this.reportError(error)),
  });

  @state() private items?: PortalInvoice[];
  @state() private failed = false;
  @state() private open: string | null = null;
  @state() private result: 'paid' | 'cancelled' | null = null;
  @state() private actionFailed: 'download' | 'pay' | null = null;
  @state() private busy: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    const back = returnFromCheckout();
    this.open = back.invoiceId;
    if (back.invoiceId && (back.checkout === 'paid' || back.checkout === 'cancelled')) {
      this.result = back.checkout;
      if (back.checkout === 'paid') queueMicrotask(() => this.emit(new PorchPaidEvent({ invoiceId: back.invoiceId! })));
    }
  }

  /** Loads the invoices again, aborting a load still pending. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  get #t() {
    return this.texts('invoiceList', invoiceList);
  }

  async #load(client: PorchClient | undefined, signal: AbortSignal) {
    this.failed = false;
    if (!client) throw new PorchApiError('NO_TOKEN');
    return (await client.invoices(signal)).items;
  }

  async #handleDownload(invoice: PortalInvoice) {
    const client = this.client;
    if (!client) return;
    this.actionFailed = null;
    this.busy = `download:${invoice.id}`;
    try {
      saveBlob(await client.invoicePdf(invoice.id), `${invoice.number}.pdf`);
    } catch (error) {
      this.reportError(error);
      this.actionFailed = 'download';
    } finally {
      this.busy = null;
    }
  }

  async #handlePay(invoice: PortalInvoice) {
    const client = this.client;
    if (!client) return;
    this.actionFailed = null;
    this.busy = `pay:${invoice.id}`;
    try {
      const returnUrl = location.href.split('#')[0]!;
      const { url } = await client.checkout(invoice.id, returnUrl);
      location.assign(url);
    } catch (error) {
      this.reportError(error);
      this.actionFailed = 'pay';
      this.busy = null;
    }
  }

  #money(invoice: PortalInvoice, minor: number) {
    return numberFormat(this.locale, { style: 'currency', currency: invoice.currency }).format(
      minor / 10 ** invoice.minorDigits,
    );
  }

  /** A calendar day (`YYYY-MM-DD`) in the page's language. */
  #date() {
    const clock = new SiteClock(this.locale, 'UTC');
    return (value: string) => clock.day(value, { dateStyle: 'medium' });
  }

  #renderDetail(invoice: PortalInvoice) {
    const t = this.#t;
    const money = (minor: number) => this.#money(invoice, minor);
    const percent = (value: number) =>
      numberFormat(this.locale, { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);
    const quantity = numberFormat(this.locale, { maximumFractionDigits: 3 });
    const date = this.#date();
    // What reached the company, before refunds: amountPaid is net of them.
    const paid = invoice.amountPaid + invoice.amountRefunded;
    return html`<div part="detail" class="detail" id="detail-${invoice.id}">
      <table>
        <caption class="visually-hidden">
          ${t.details(invoice.number)}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t.description}</th>
            <th scope="col">${t.quantity}</th>
            <th scope="col" class="hide-narrow">${t.unitPrice}</th>
            <th scope="col">${t.amount}</th>
          </tr>
        </thead>
        <tbody>
          ${invoice.lines.map(
            (line) =>
              html`<tr>
                <td>
                  ${line.description}${line.discountPercent ? html` (${t.discount(percent(line.discountPercent))})` : nothing}
                </td>
                <td>${quantity.format(line.quantity)}</td>
                <td class="hide-narrow">${money(line.unitPrice)}</td>
                <td>${money(line.net)}</td>
              </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="3">${t.subtotal}</th>
            <td>${money(invoice.subtotal)}</td>
          </tr>
          ${invoice.taxes.map(
            (tax) =>
              html`<tr>
                <th scope="row" colspan="3">${t.taxAt(percent(tax.rate), money(tax.net))}</th>
                <td>${money(tax.tax)}</td>
              </tr>`,
          )}
          <tr class="strong">
            <th scope="row" colspan="3">${t.total}</th>
            <td part="detail-total">${money(invoice.total)}</td>
          </tr>
          ${invoice.creditNotes.map(
            (note) =>
              html`<tr part="credit-note">
                <th scope="row" colspan="3">${t.creditNote(note.number, date(note.issueDate))}</th>
                <td>${money(-note.total)}</td>
              </tr>`,
          )}
          ${
            paid > 0
              ? html`<tr>
                  <th scope="row" colspan="3">${t.paid}</th>
                  <td>${money(paid)}</td>
                </tr>`
              : nothing
          }
          ${
            invoice.amountRefunded > 0
              ? html`<tr>
                  <th scope="row" colspan="3">${t.refunded}</th>
                  <td>${money(-invoice.amountRefunded)}</td>
                </tr>`
              : nothing
          }
          ${
            paid > 0 || invoice.creditNotes.length > 0
              ? html`<tr class="strong">
                  <th scope="row" colspan="3">${t.amountDue}</th>
                  <td>${money(invoice.amountDue)}</td>
                </tr>`
              : nothing
          }
        </tfoot>
      </table>
      <div class="actions">
        <button
          part="download"
          type="button"
          class="secondary"
          ?disabled=${this.busy !== null}
          @click=${() => this.#handleDownload(invoice)}
        >
          ${t.download}
        </button>
        ${
          invoice.payable
            ? html`<button
                part="pay"
                type="button"
                ?disabled=${this.busy !== null}
                @click=${() => this.#handlePay(invoice)}
              >
                ${t.pay} ${money(invoice.amountDue)}
              </button>`
            : nothing
        }
      </div>
      ${
        this.actionFailed
          ? html`<p role="alert">${this.actionFailed === 'pay' ? t.payFailed : t.downloadFailed}</p>`
          : nothing
      }
    </div>`;
  }

  protected override render() {
    const t = this.#t;
    const { items } = this;
    if (this.failed) {
      return html`<div part="error" class="notice" role="alert">
        <p>${t.loadFailed}</p>
        <button type="button" @click=${() => this.refresh()}>${t.retry}</button>
      </div>`;
    }
    if (!items) {
      return html`<div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${t.loading}</div>`;
    }
    const date = this.#date();
    return html`<section part="base" aria-labelledby="heading">
      <h3 id="heading" part="heading" class="heading">${t.heading}</h3>
      ${
        this.result
          ? html`<p part="result" class="result" role="status">
              ${this.result === 'paid' ? t.paidNotice : t.cancelledNotice}
            </p>`
          : nothing
      }
      ${
        items.length === 0
          ? html`<p part="empty" class="notice">${t.empty}</p>`
          : html`<ul part="list" class="list">
              ${items.map((invoice) => {
                const badge = badgeOf(invoice);
                const expanded = this.open === invoice.id;
                return html`<li part="invoice" class="invoice">
                  <button
                    part="summary"
                    type="button"
                    class="summary"
                    aria-expanded=${expanded ? 'true' : 'false'}
                    aria-controls="detail-${invoice.id}"
                    @click=${() => (this.open = expanded ? null : invoice.id)}
                  >
                    <span class="number">${t.number} ${invoice.number}</span>
                    <span class="dates">
                      ${t.date} ${date(invoice.issueDate)} · ${t.dueDate} ${date(invoice.dueDate)}
                    </span>
                    <span part="badge badge-${badge}" class="badge ${badge}">${t.status[badge]}</span>
                    <span part="total" class="total">${this.#money(invoice, invoice.total)}</span>
                  </button>
                  ${expanded ? this.#renderDetail(invoice) : nothing}
                </li>`;
              })}
            </ul>`
      }
    </section>`;
  }
}
