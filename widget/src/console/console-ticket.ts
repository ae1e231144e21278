import { Task, TaskStatus } from '@lit/task';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import {
  describeError,
  TICKET_STATUSES,
  type ConsoleApi,
  type ConsoleMessage,
  type ConsoleTicket,
  type TicketStatus,
} from './api.js';
import { formatSpan, formatTime } from './format.js';
import { consoleStyles } from './styles.js';
import './console-ticket-links.js';

const EVENT_KINDS: Record<string, string> = {
  created: 'Created',
  status: 'Status',
  position: 'Position',
  hold: 'Hold',
  booked: 'Visit booked',
  rescheduled: 'Visit rescheduled',
  earlier_slot_available: 'Earlier slot offered',
  resolved: 'Resolved by the customer',
  message: 'Message',
  visit_problem: 'Visit affected by a closed day, absence or parts',
};
const CHANNELS: Record<ConsoleMessage['channel'], string> = { email: 'Email', sms: 'SMS', info: 'Info' };

/**
 * One ticket for staff: its details, moving its status forward, the timeline of its events, its portal links and
 * the messages sent for it. Its heading takes the focus once loaded; a move fires `ticket-changed`.
 *
 * @tagname porch-console-ticket
 * @fires ticket-changed - The ticket's status moved.
 */
@customElement('porch-console-ticket')
export class PorchConsoleTicket extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      h1 {
        overflow-wrap: anywhere;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      ol.timeline li,
      ul.messages li {
        margin-bottom: 0.5rem;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) ticketId = '';
  @state() message = '';
  @state() error = '';
  @query('#ticket-heading') heading?: HTMLElement;
  #focusOnLoad = true;

  readonly ticket = new Task(this, {
    task: ([api, id], { signal }) => api.ticket(id, signal),
    args: () => [this.api, this.ticketId] as const,
  });

  readonly messages = new Task(this, {
    task: ([api, id], { signal }) => api.ticketMessages(id, signal),
    args: () => [this.api, this.ticketId] as const,
  });

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('ticketId')) {
      this.#focusOnLoad = true;
      this.message = '';
      this.error = '';
    }
  }

  protected override updated() {
    if (this.#focusOnLoad && this.ticket.status === TaskStatus.COMPLETE && this.heading) {
      this.#focusOnLoad = false;
      this.heading.focus();
    }
  }

  async #move(event: SubmitEvent) {
    event.preventDefault();
    const status = String(new FormData(event.target as HTMLFormElement).get('next')) as TicketStatus;
    this.message = '';
    this.error = '';
    try {
      await this.api.moveTicket(this.ticketId, status);
      await Promise.all([this.ticket.run(), this.messages.run()]);
      this.message = `Moved to ${TICKET_STATUSES[status]}.`;
      this.dispatchEvent(new CustomEvent('ticket-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error);
    }
  }

  override render() {
    return html`<p role="status">${this.ticket.status === TaskStatus.PENDING ? 'Loading the ticket…' : ''}</p>
      ${
        this.ticket.status === TaskStatus.ERROR
          ? html`<p role="alert">${describeError(this.ticket.error)}</p>`
          : this.ticket.value
            ? this.#ticket(this.ticket.value)
            : nothing
      }`;
  }

  #ticket(ticket: ConsoleTicket) {
    return html`<article aria-labelledby="ticket-heading">
      <h1 id="ticket-heading" tabindex="-1">${ticket.title}</h1>
      <dl>
        ${
          ticket.externalRef
            ? html`<dt>Reference</dt>
                <dd>${ticket.externalRef}</dd>`
            : nothing
        }
        <dt>Status</dt>
        <dd id="current-status">
          ${TICKET_STATUSES[ticket.status]}${ticket.hold ? ` (${ticket.hold === 'on_hold' ? 'on hold' : 'cancelled'})` : ''}
        </dd>
        <dt>Customer</dt>
        <dd>${[ticket.customer.name, ticket.customer.email, ticket.customer.phone].filter(Boolean).join(', ')}</dd>
        <dt>Address</dt>
        <dd>${[ticket.location.line1, ticket.location.postalCode, ticket.location.city].filter(Boolean).join(', ')}</dd>
        ${
          ticket.technician
            ? html`<dt>Technician</dt>
                <dd>${ticket.technician.firstName}</dd>`
            : nothing
        }
        ${
          ticket.eta
            ? html`<dt>Arrival</dt>
                <dd>${formatSpan(ticket.eta.from, ticket.eta.to)}</dd>`
            : nothing
        }
        ${
          ticket.description
            ? html`<dt>Description</dt>
                <dd>${ticket.description}</dd>`
            : nothing
        }
      </dl>
      <div aria-live="polite">
        ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
        ${this.message ? html`<p class="note">${this.message}</p>` : nothing}
      </div>
      ${this.#moveForm(ticket)}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol class="timeline">
          ${ticket.events.map(
            (event) =>
              html`<li>
                <time datetime=${event.occurredAt}>${formatTime(event.occurredAt)}</time>:
                ${EVENT_KINDS[event.kind] ?? event.kind}${
                  event.kind === 'status' || event.kind === 'created'
                    ? html` – ${TICKET_STATUSES[event.status]}`
                    : nothing
                }
              </li>`,
          )}
        </ol>
      </section>
      <porch-console-ticket-links .api=${this.api} .ticketId=${ticket.id}></porch-console-ticket-links>
      ${this.#messages()}
    </article>`;
  }

  #moveForm(ticket: ConsoleTicket) {
    const statuses = Object.keys(TICKET_STATUSES) as TicketStatus[];
    const next = statuses.slice(statuses.indexOf(ticket.status) + 1);
    if (next.length === 0) return html`<p>Closed: the ticket moves no further.</p>`;
    return html`<form @submit=${this.#move}>
      <label for="next">Move the status to (statuses only move forward)</label>
      <select id="next" name="next">
        ${next.map((status) => html`<option value=${status}>${TICKET_STATUSES[status]}</option>`)}
      </select>
      <button type="submit">Move status</button>
    </form>`;
  }

  #messages() {
    return html`<section aria-labelledby="messages-heading">
      <h2 id="messages-heading">Messages sent</h2>
      ${this.messages.render({
        pending: () => html`<p>Loading messages…</p>`,
        error: (error) => html`<p role="alert">${describeError(error)}</p>`,
        complete: (messages) =>
          messages.length === 0
            ? html`<p>No messages for this ticket yet.</p>`
            : html`<ul class="messages">
                ${messages.map(
                  (m) =>
                    html`<li>
                      <strong>${CHANNELS[m.channel]}</strong>${m.recipient ? ` to ${m.recipient}` : ''}:
                      ${m.state}${m.failureReason ? ` (${m.failureReason})` : ''}
                      <span class="meta">
                        · ${m.trigger} · written
                        ${formatTime(m.createdAt)}${m.sentAt ? ` · sent ${formatTime(m.sentAt)}` : ''}
                      </span>
                    </li>`,
                )}
              </ul>`,
      })}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-ticket': PorchConsoleTicket;
  }
}
