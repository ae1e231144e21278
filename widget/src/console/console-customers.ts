import { Task, TaskStatus } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { describeError, type ConsoleApi, type ConsoleCustomer } from './api.js';
import type { PorchConsoleCustomer } from './console-customer.js';
import './console-customer.js';
import { formatTime } from './format.js';
import { consoleStyles } from './styles.js';

/**
 * Customers: the list in name order with each one's portal access, a search over name, e-mail and phone, "Show
 * more" for the next page, and the chosen customer's details (`<porch-console-customer>`) beside or below it.
 *
 * @tagname porch-console-customers
 */
@customElement('porch-console-customers')
export class PorchConsoleCustomers extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .layout {
        display: grid;
        gap: 1.5rem;
      }
      @media (min-width: 900px) {
        .layout.open {
          grid-template-columns: minmax(16rem, 1fr) 2fr;
          align-items: start;
        }
      }
      .search {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 0 0.5rem;
      }
      .search div {
        flex: 1 1 12rem;
      }
      ul.customers {
        list-style: none;
        padding: 0;
        margin: 1rem 0 0;
      }
      ul.customers button {
        display: block;
        width: 100%;
        text-align: start;
        margin: 0 0 0.5rem;
        overflow-wrap: anywhere;
      }
      .visually-hidden {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
      .meta {
        display: block;
        font-size: 0.875rem;
      }
    `,
  ];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) staffRole = '';
  /** The search as submitted ('' lists everyone). */
  @state() search = '';
  /** The page to load next; undefined for the first. */
  @state() cursor: string | undefined;
  @state() selected: string | null = null;
  @query('porch-console-customer') detail?: PorchConsoleCustomer;
  #loaded: ConsoleCustomer[] = [];

  readonly customers = new Task(this, {
    task: async ([api, q, cursor], { signal }) => {
      const page = await api.customers({ q, cursor }, signal);
      this.#loaded = cursor ? [...this.#loaded, ...page.items] : page.items;
      return { items: this.#loaded, nextCursor: page.nextCursor };
    },
    args: () => [this.api, this.search, this.cursor] as const,
  });

  #submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.search = String(data.get('q') ?? '').trim();
    this.cursor = undefined;
  }

  async #open(id: string) {
    this.selected = id;
    await this.updateComplete;
    await this.detail?.focusHeading();
  }

  override render() {
    return html`<h1>Customers</h1>
      <div class="layout ${this.selected ? 'open' : ''}">
        <section aria-label="Customer list">
          <form class="search" role="search" @submit=${this.#submit}>
            <div>
              <label for="q">Name, e-mail or phone</label>
              <input id="q" name="q" type="search" maxlength="200" .value=${this.search} />
            </div>
            <button type="submit">Search</button>
          </form>
          ${this.#list()}
        </section>
        ${
          this.selected
            ? html`<porch-console-customer
                .api=${this.api}
                .customerId=${this.selected}
                @porch-customer-changed=${() => this.customers.run()}
              ></porch-console-customer>`
            : nothing
        }
      </div>`;
  }

  #list() {
    const { status, value, error } = this.customers;
    if (status === TaskStatus.ERROR) return html`<p role="alert">${describeError(error)}</p>`;
    const loading = status === TaskStatus.PENDING || status === TaskStatus.INITIAL;
    // While the next page loads, the customers already shown stay (and keep focus on "Show more").
    const items = loading && !this.cursor ? [] : (value?.items ?? []);
    return html`<div aria-live="polite">
        ${loading ? html`<p role="status">Loading customers…</p>` : nothing}
        ${
          !loading && items.length === 0
            ? html`<p>${this.search ? `No customer matches “${this.search}”.` : 'No customers yet.'}</p>`
            : nothing
        }
        ${
          !loading && this.search && items.length > 0
            ? html`<p class="visually-hidden">
                Showing ${items.length} customer${items.length === 1 ? '' : 's'} matching “${this.search}”.
              </p>`
            : nothing
        }
      </div>
      ${
        items.length
          ? html`<ul class="customers" aria-label="Customers">
              ${items.map((customer) => this.#item(customer))}
            </ul>`
          : nothing
      }
      ${
        value?.nextCursor && !(loading && !this.cursor)
          ? html`<button
              class="secondary"
              ?disabled=${loading}
              @click=${() => (this.cursor = value.nextCursor ?? undefined)}
            >
              Show more
            </button>`
          : nothing
      }`;
  }

  #item(customer: ConsoleCustomer) {
    const chosen = this.selected === customer.id;
    const access = customer.lastSignInAt
      ? `last sign-in ${formatTime(customer.lastSignInAt)}`
      : 'never signed in to the portal';
    const devices =
      customer.signedInDevices > 0
        ? `, ${customer.signedInDevices} device${customer.signedInDevices === 1 ? '' : 's'} kept signed in`
        : '';
    return html`<li>
      <button
        class=${chosen ? '' : 'secondary'}
        aria-pressed=${chosen ? 'true' : 'false'}
        @click=${() => this.#open(customer.id)}
      >
        <strong>${customer.name}</strong>
        <span class="meta">${[customer.email, customer.phone].filter(Boolean).join(' · ') || 'No contact data'}</span>
        <span class="meta">
          ${customer.openTickets} open of ${customer.tickets} job${customer.tickets === 1 ? '' : 's'};
          ${access}${devices}
        </span>
      </button>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-customers': PorchConsoleCustomers;
  }
}
