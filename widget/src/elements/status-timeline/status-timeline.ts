import { Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError } from '../../api/errors.js';
import type { PortalTicket } from '../../api/types.js';
import { PorchStatusChangedEvent } from '../../events/status-changed.js';
import { dateFormat } from '../../i18n/index.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './status-timeline.styles.js';

/**
 * @summary One service ticket's seven statuses as a vertical timeline: done, current and upcoming steps with their
 * times in the ticket's time zone, the technician's first name and the expected arrival window.
 *
 * Loads `GET /v1/portal/tickets/:id` with the client of an enclosing `<porch-portal>`, or with its own `api` and
 * `token` attributes, and loads again whenever the browser tab becomes visible. A new load aborts the pending one.
 * `porch-status-changed` fires when a load shows another status than the previous load of the same ticket — never
 * for the first load, which is not a change the customer has seen happen.
 *
 * @event porch-status-changed - {PorchStatusChangedEvent} The ticket's status differs from the previous load: `{ticketId, status, previous}`.
 * @event porch-error - {PorchErrorEvent} A load failed: `{code}`, e.g. `NOT_FOUND`, `SESSION_EXPIRED`, `NETWORK_ERROR`, `NO_TOKEN`. Canceled, it stays in its loading state.
 *
 * @csspart base - The loaded timeline (title and list).
 * @csspart title - The ticket's title.
 * @csspart step - Each step (`<li>`).
 * @csspart step-current - The current step, in addition to `step`.
 * @csspart label - A step's status label.
 * @csspart time - When a done or current step was reached.
 * @csspart technician - The technician line of the current step.
 * @csspart eta - The expected arrival window of the current step.
 * @csspart loading - The loading state.
 * @csspart empty - Shown when there is no ticket or no steps yet.
 * @csspart error - The error state, with its Retry button.
 *
 * @cssproperty --porch-color-primary - Done and current steps. Default `#2563eb`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Times and upcoming steps. Default `#5b6474`.
 * @cssproperty --porch-color-border - Upcoming dots and lines. Default `#e2e8f0`.
 * @cssproperty --porch-color-surface - Inside of upcoming dots, tick of done dots. Default `#ffffff`.
 * @cssproperty --porch-font-family - Font. Default: the system font.
 * @cssproperty --porch-font-size - Base font size. Default `1rem`.
 * @cssproperty --porch-radius - Corner radius of the current step. Default `0.75rem`.
 * @cssproperty --porch-status-timeline-dot-size - Diameter of a step's dot. Default `1rem`.
 * @cssproperty --porch-status-timeline-line-width - Width of the line between dots. Default `2px`.
 * @cssproperty --porch-status-timeline-current-background - Background of the current step. Default: primary at 7%.
 *
 * @example
 * <porch-status-timeline api="https://api.example.com" token="eyJ…" ticket-id="tkt_123"></porch-status-timeline>
 */
export class PorchStatusTimeline extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #last?: { ticketId: string; status: PortalTicket['status'] };
  /** The last failure was taken over by a listener, e.g. the portal renewing the session. */
  #recovering = false;

  #task = new Task(this, {
    task: ([client, ticketId], { signal }) => this.#load(client, ticketId, signal),
    args: () => [this.client, this.ticketId ?? this.porch?.session.ticketId ?? undefined] as const,
    onComplete: (ticket) => this.#noticeChange(ticket),
    onError: (error) => (this.#recovering = this.reportError(error)),
  });

  /** Text of the polite live region: the latest status change. */
  @state() private announcement = '';

  /** Id of the ticket to show. Inside `<porch-portal>` it defaults to the session's ticket. */
  @property({ attribute: 'ticket-id' }) ticketId?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#handleVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#handleVisibility);
  }

  /** Loads the ticket again, aborting a load still pending. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  #handleVisibility = (): void => {
    if (document.visibilityState === 'visible') void this.refresh();
  };

  async #load(client: PorchClient | undefined, ticketId: string | undefined, signal: AbortSignal): Promise<PortalTicket | null> {
    if (!client) throw new PorchApiError('NO_TOKEN');
    return ticketId ? client.ticket(ticketId, signal) : null;
  }

  #noticeChange(ticket: PortalTicket | null): void {
    if (!ticket) return;
    const last = this.#last;
    this.#last = { ticketId: ticket.id, status: ticket.status };
    if (last?.ticketId !== ticket.id || last.status === ticket.status) return;
    this.announcement = this.t.statusChanged(this.t.status[ticket.status]);
    this.emit(new PorchStatusChangedEvent({ ticketId: ticket.id, status: ticket.status, previous: last.status }));
  }

  #renderState() {
    const { status, value } = this.#task;
    if (status === TaskStatus.ERROR && !this.#recovering) {
      return html`<div part="error" class="notice" role="alert">
        <p>${this.t.error}</p>
        <button type="button" @click=${() => this.refresh()}>${this.t.retry}</button>
      </div>`;
    }
    if (value === undefined) {
      return html`<div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${this.t.loading}</div>`;
    }
    if (!value?.steps.length) return html`<p part="empty" class="notice">${this.t.empty}</p>`;
    return this.#renderTicket(value, status === TaskStatus.PENDING);
  }

  #renderTicket(ticket: PortalTicket, busy: boolean) {
    const at = dateFormat(this.locale, ticket.timezone, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
    return html`<section part="base" aria-labelledby="title" aria-busy=${busy ? 'true' : 'false'}>
      <header class="header">
        <h3 id="title" part="title" class="title">${ticket.title}</h3>
        ${ticket.reference ? html`<p class="reference">${this.t.reference(ticket.reference)}</p>` : nothing}
      </header>
      <ol class="steps" aria-label=${this.t.progress}>
        ${ticket.steps.map(
          (step) => html`<li
            part=${step.state === 'current' ? 'step step-current' : 'step'}
            class="step ${step.state}"
            aria-current=${step.state === 'current' ? 'step' : nothing}
          >
            <span class="dot" aria-hidden="true"></span>
            <div class="body">
              <div class="line">
                <span part="label" class="label">${this.t.status[step.status]}</span
                ><span class="visually-hidden">, ${this.t.state[step.state]}</span>
                ${step.at && step.state !== 'upcoming'
                  ? html`<time part="time" class="time" datetime=${step.at}>${at.format(new Date(step.at))}</time>`
                  : nothing}
              </div>
              ${step.state === 'current' ? this.#renderDetails(ticket, at) : nothing}
            </div>
          </li>`,
        )}
      </ol>
    </section>`;
  }

  #renderDetails({ technician, eta, timezone }: PortalTicket, at: Intl.DateTimeFormat) {
    if (!technician && !eta) return nothing;
    const to = eta && this.#sameDay(eta.from, eta.to, timezone)
      ? dateFormat(this.locale, timezone, { hour: 'numeric', minute: '2-digit' })
      : at;
    return html`<div class="details">
      ${technician
        ? html`<p part="technician" class="detail"><span class="key">${this.t.technician}</span> ${technician.firstName}</p>`
        : nothing}
      ${eta
        ? html`<p part="eta" class="detail eta">${this.t.eta(at.format(new Date(eta.from)), to.format(new Date(eta.to)))}</p>`
        : nothing}
    </div>`;
  }

  #sameDay(a: string, b: string, timeZone: string): boolean {
    const day = dateFormat('en', timeZone, { dateStyle: 'short' });
    return day.format(new Date(a)) === day.format(new Date(b));
  }

  override render() {
    return html`${this.#renderState()}
      <div class="visually-hidden" role="status">${this.announcement}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-status-timeline': PorchStatusTimeline;
  }
}
