import { Task, TaskStatus } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  describeError,
  TICKET_STATUSES,
  type ConsoleApi,
  type ConsoleTicketSummary,
  type TicketQuery,
  type TicketStatus,
} from './api.js';
import { formatTime } from './format.js';
import { consoleStyles } from './styles.js';
import './console-ticket.js';

/**
 * Tickets: a search (`q`) and status filter over the tenant's tickets, newest first, a page at a time; opening one
 * shows `<porch-console-ticket>` in place of the list, and "Back to the list" returns to the same ticket's button.
 *
 * @tagname porch-console-tickets
 */
@customElement('porch-console-tickets')
export class PorchConsoleTickets extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0 1rem;
        align-items: end;
      }
      .filters > div {
        flex: 1 1 12rem;
      }
      ul.tickets {
        list-style: none;
        padding: 0;
      }
      ul.tickets button {
        display: block;
        width: 100%;
        text-align: start;
        margin: 0.5rem 0 0;
        overflow-wrap: anywhere;
      }
      .meta {
        display: block;
        font-size: 0.875rem;
      }
    `,
  ];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) staffRole = '';
  /** Tickets a page (the API allows 1–200). */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;
  @state() query: TicketQuery = {};
  /** The cursors of the pages before this one, to go back. */
  @state() earlier: (string | undefined)[] = [];
  @state() selected: string | null = null;

  readonly tickets = new Task(this, {
    task: ([api, query, limit], { signal }) => api.tickets({ ...query, limit }, signal),
    args: () => [this.api, this.query, this.pageSize] as const,
  });

  #search(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const q = String(form.get('q') ?? '').trim();
    const status = String(form.get('status') ?? '') as TicketStatus | '';
    this.earlier = [];
    this.query = { ...(q ? { q } : {}), ...(status ? { status } : {}) };
  }

  #page(cursor: string | undefined, earlier: (string | undefined)[]) {
    this.earlier = earlier;
    this.query = { ...this.query, cursor };
  }

  async #close() {
    const id = this.selected;
    this.selected = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-ticket="${CSS.escape(id ?? '')}"]`)?.focus();
  }

  override render() {
    return html`${
        this.selected
          ? html`<button class="secondary" @click=${this.#close}>Back to the list</button>
              <porch-console-ticket
                .api=${this.api}
                .ticketId=${this.selected}
                @ticket-changed=${() => void this.tickets.run()}
              ></porch-console-ticket>`
          : nothing
      }
      <section ?hidden=${this.selected !== null} aria-labelledby="tickets-heading">
        <h1 id="tickets-heading">Tickets</h1>
        ${this.#filters()}
        <p role="status">${this.#summary()}</p>
        ${
          this.tickets.status === TaskStatus.ERROR
            ? html`<p role="alert">${describeError(this.tickets.error)}</p>`
            : this.tickets.value
              ? this.#list(this.tickets.value.items, this.tickets.value.nextCursor)
              : nothing
        }
      </section>`;
  }

  #filters() {
    return html`<form class="filters" role="search" aria-label="Tickets" @submit=${this.#search}>
      <div>
        <label for="q">Search</label>
        <input id="q" name="q" type="search" minlength="3" maxlength="200" .value=${this.query.q ?? ''} />
      </div>
      <div>
        <label for="status">Status</label>
        <select id="status" name="status">
          <option value="">Any status</option>
          ${Object.entries(TICKET_STATUSES).map(
            ([value, label]) => html`<option value=${value} ?selected=${this.query.status === value}>${label}</option>`,
          )}
        </select>
      </div>
      <button type="submit">Search</button>
    </form>`;
  }

  /** What the live region says: loading, or how many tickets the page shows. */
  #summary() {
    if (this.tickets.status === TaskStatus.PENDING) return 'Loading tickets…';
    const page = this.tickets.status === TaskStatus.COMPLETE ? this.tickets.value : undefined;
    if (!page) return '';
    const filtered = this.query.q || this.query.status;
    if (page.items.length === 0) return filtered ? 'No tickets match.' : 'No tickets yet.';
    const count = page.items.length;
    return `${count} ticket${count === 1 ? '' : 's'}${filtered ? ' found' : ''}${page.nextCursor ? ' on this page' : ''}.`;
  }

  #list(items: ConsoleTicketSummary[], nextCursor: string | null) {
    // While the next page loads the last one stays, busy, so the focus in it is kept.
    return html`<ul class="tickets" aria-busy=${this.tickets.status === TaskStatus.PENDING ? 'true' : 'false'}>
        ${items.map(
          (ticket) =>
            html`<li>
              <button class="secondary" data-ticket=${ticket.id} @click=${() => (this.selected = ticket.id)}>
                <strong>${ticket.title}</strong>
                <span class="meta"
                  >${ticket.externalRef ? html`${ticket.externalRef} · ` : nothing}${TICKET_STATUSES[ticket.status]} ·
                  ${ticket.customerName}, ${ticket.city} · updated ${formatTime(ticket.updatedAt)}</span
                >
              </button>
            </li>`,
        )}
      </ul>
      ${
        this.earlier.length || nextCursor
          ? html`<nav aria-label="Pages">
              ${
                this.earlier.length
                  ? html`<button
                      class="secondary"
                      @click=${() => this.#page(this.earlier.at(-1), this.earlier.slice(0, -1))}
                    >
                      Previous page
                    </button>`
                  : nothing
              }
              ${
                nextCursor
                  ? html`<button
                      class="secondary"
                      @click=${() => this.#page(nextCursor, [...this.earlier, this.query.cursor])}
                    >
                      Next page
                    </button>`
                  : nothing
              }
            </nav>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-tickets': PorchConsoleTickets;
  }
}
