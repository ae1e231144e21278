import { Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError, toPorchApiError } from '../../api/errors.js';
import type { PortalApproach, PortalTicket, StatusKey } from '../../api/types.js';
import { PorchStatusChangedEvent } from '../../events/status-changed.js';
import { timeline } from '../../i18n/en/timeline.js';
import { numberFormat } from '../../i18n/index.js';
import { SiteClock } from '../../internal/clock.js';
import type { LiveStream } from '../../internal/live-stream.js';
import { PorchElement, warn } from '../../internal/porch-element.js';
import { styles } from './status-timeline.styles.js';

/**
 * @tagname porch-status-timeline
 * @summary One service ticket's seven statuses as a vertical timeline, updated live: done, current and upcoming
 * steps with their times in the ticket's time zone (named when the viewer's zone differs), the booked visit, the technician's first name, the expected arrival window and
 * how far away the technician is, an on-hold or cancelled notice.
 *
 * Loads `GET /v1/portal/tickets/:id` with the client of an enclosing `<porch-portal>`, or with its own `api` and
 * `token` attributes, then follows the ticket's live events while the tab is visible: each brings the ticket's
 * whole current state, which replaces the shown one. A lost connection is retried with growing delays (a quiet
 * "Reconnecting…" shows meanwhile) and resumed with `Last-Event-ID`, so no event is missed or applied twice; a
 * hidden tab closes the stream and showing it resumes at once. A new load aborts the pending load and the stream.
 * Status names are the profile's own labels for the active language where it has them. Screen readers hear status
 * and hold changes through a polite live region; position updates change the text silently. Near the site, a
 * small map of the technician's position shows when the tenant configured map tiles: its module and its tiles
 * load only then.
 *
 * @event porch-status-changed - {PorchStatusChangedEvent} The shown status changed, live or by a later load: `{ticketId, status, previous}`. Never for the first load.
 * @event porch-error - {PorchErrorEvent} A load failed, or the live stream cannot go on: `{code}`, e.g. `NOT_FOUND`, `SESSION_EXPIRED` (also when the session runs out while streaming), `NETWORK_ERROR` (a load only: the stream retries), `NO_TOKEN`. Canceled, a failed load stays in its loading state and a stopped stream keeps the last state shown.
 *
 * @csspart base - The loaded timeline (title and list).
 * @csspart title - The ticket's title.
 * @csspart status - "Reconnecting…" while the live connection is being restored.
 * @csspart visit - The booked visit, until the technician gives an arrival window (or while it has a problem).
 * @csspart visit-problem - The booked visit can no longer take place as booked (the company closed its day, its parts moved, its technician is away), and what to do.
 * @csspart hold - The on-hold or cancelled notice.
 * @csspart step - Each step (`<li>`).
 * @csspart step-current - The current step, in addition to `step`.
 * @csspart label - A step's status label.
 * @csspart time - When a done or current step was reached.
 * @csspart technician - The technician line, under the title while a step has one.
 * @csspart eta - The expected arrival window, under the title (visible without scrolling on a phone).
 * @csspart approach - Where the technician is: on the way, or distance and minutes away.
 * @csspart map - The map of the technician's position (with a tile URL configured).
 * @csspart marker - The technician's position on the map.
 * @csspart loading - The loading state.
 * @csspart empty - Shown when there is no ticket or no steps yet.
 * @csspart error - The error state, with its Retry button.
 *
 * @cssproperty --porch-color-primary - Done and current steps. Default `#2563eb`.
 * @cssproperty --porch-color-on-primary - Text on the accent colour (button labels). Default `#fff`.
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

  #task = new Task(this, {
    task: ([client, ticketId], { signal }) => this.#load(client, ticketId, signal),
    args: () => [this.client, this.ticketId ?? this.porch?.session.ticketId ?? undefined] as const,
    onComplete: (ticket) => this.#show(ticket),
    onError: (error) => {
      this.ticket = undefined;
      this.#fail(error);
    },
  });

  // Its module loads once a ticket shows: the status is on screen before the live stream's code arrives.
  #live?: LiveStream;
  /** The ticket the live stream should follow (the last load's); a stream module arriving later opens it. */
  #follow?: { client: PorchClient; id: string };
  /** The portal's first answer carried the ticket: shown once without a load of its own. */
  #seeded = false;

  /** The ticket shown before the current one, to tell a change. */
  #last?: PortalTicket;
  /** The map module once a ticket needed it and it loaded; null while it loads. */
  #map?: typeof import('./approach-map.js') | null;

  /** The shown state: the last load's, then each live message's. Undefined while none is there. */
  @state() private ticket?: PortalTicket | null;
  /** A failure that no listener took over: the error state shows (`unreachable`: the API could not be reached). */
  @state() private failed: false | 'error' | 'unreachable' = false;
  /** Text of the polite live region: the latest status or hold change. */
  @state() private announcement = '';

  /** Id of the ticket to show. Inside `<porch-portal>` it defaults to the session's ticket. */
  @property({ attribute: 'ticket-id' }) ticketId?: string;

  /** Loads the ticket again and reopens its live stream, aborting a load still pending. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  get #t() {
    return this.texts('timeline', timeline);
  }

  async #load(
    client: PorchClient | undefined,
    ticketId: string | undefined,
    signal: AbortSignal,
  ): Promise<PortalTicket | null> {
    this.#follow = undefined;
    this.#live?.close();
    this.failed = false;
    if (!client) throw new PorchApiError('NO_TOKEN');
    if (!ticketId) return null;
    const first = this.porch?.ticket;
    const seeded = !this.#seeded && client === this.porch?.client && first?.id === ticketId;
    this.#seeded ||= seeded;
    const ticket = seeded ? first! : await client.ticket(ticketId, signal);
    this.#openLive(client, ticketId);
    return ticket;
  }

  #openLive(client: PorchClient, id: string): void {
    this.#follow = { client, id };
    if (this.#live) return this.#live.open(client, id);
    // A macrotask later, after the render that shows the ticket: the status never waits for this module.
    setTimeout(() =>
      import('../../internal/live-stream.js').then(
        ({ LiveStream }) => {
          this.#live ??= new LiveStream(this, {
            onMessage: ({ ticket }) => this.#show(ticket),
            onFailure: (error) => this.#fail(error),
          });
          if (this.#follow) this.#live.open(this.#follow.client, this.#follow.id);
        },
        () => warn('load-failed', 'Live updates could not be loaded.'),
      ),
    );
  }

  #show(ticket: PortalTicket | null): void {
    this.ticket = ticket;
    if (!ticket) return;
    if (ticket.approach?.precision === 'precise' && ticket.approach.mapTileUrl) this.#loadMap();
    const last = this.#last;
    this.#last = ticket;
    if (last?.id !== ticket.id) return;
    const { hold, status } = ticket;
    if (last.hold !== hold || last.status !== status) {
      this.announcement = this.#t.statusChanged(
        hold && last.hold !== hold ? this.#t.hold[hold] : this.#label(ticket, status),
      );
    }
    if (last.status !== status)
      this.emit(new PorchStatusChangedEvent({ ticketId: ticket.id, status, previous: last.status }));
  }

  #fail(error: unknown): void {
    const unreachable = toPorchApiError(error).code === 'NETWORK_ERROR';
    this.failed = this.reportError(error) ? false : unreachable ? 'unreachable' : 'error';
  }

  #loadMap(): void {
    if (this.#map !== undefined) return;
    this.#map = null;
    import('./approach-map.js').then(
      (map) => {
        const root = this.renderRoot as ShadowRoot;
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, map.styles.styleSheet!];
        this.#map = map;
        this.requestUpdate();
      },
      () => warn('map-failed', 'The map could not be loaded.'),
    );
  }

  /** The profile's label for `status` in the active language, else the default name. */
  #label(ticket: PortalTicket, status: StatusKey): string {
    return ticket.labels[this.language]?.[status] ?? this.#t.status[status];
  }

  #renderState() {
    const { ticket } = this;
    if (this.failed) {
      return html`<div part="error" class="notice" role="alert">
        <p>${this.failed === 'unreachable' ? this.#t.unreachable : this.#t.error}</p>
        <button type="button" @click=${() => this.refresh()}>${this.#t.retry}</button>
      </div>`;
    }
    if (ticket === undefined) {
      return html`<div part="loading" class="notice" aria-busy="true">
        <span class="spinner"></span>${this.#t.loading}
      </div>`;
    }
    if (!ticket?.steps.length) return html`<p part="empty" class="notice">${this.#t.empty}</p>`;
    return this.#renderTicket(ticket, this.#task.status === TaskStatus.PENDING);
  }

  #renderTicket(ticket: PortalTicket, busy: boolean) {
    const at = new SiteClock(this.locale, ticket.timezone);
    return html`<section part="base" aria-labelledby="title" aria-busy=${busy ? 'true' : 'false'}>
      <header class="header">
        <h3 id="title" part="title" class="title">${ticket.title}</h3>
        ${ticket.reference ? html`<p class="note">${this.#t.reference(ticket.reference)}</p>` : nothing}
        ${this.#live?.reconnecting ? html`<p part="status" class="note">${this.#t.reconnecting}</p>` : nothing}
        ${this.#renderVisit(ticket, at)} ${this.#renderDetails(ticket, at)}
      </header>
      ${ticket.hold ? html`<p part="hold" class="hold">${this.#t.hold[ticket.hold]}</p>` : nothing}
      <ol class="steps ${ticket.hold ?? ''}" aria-label=${this.#t.progress}>
        ${ticket.steps.map(
          (step) =>
            html`<li
              part=${step.state === 'current' ? 'step step-current' : 'step'}
              class="step ${step.state}"
              aria-current=${step.state === 'current' ? 'step' : nothing}
            >
              <span class="dot" aria-hidden="true"></span>
              <div class="body">
                <div class="line">
                  <span part="label" class="label">${this.#label(ticket, step.status)}</span
                  ><span class="visually-hidden">, ${this.#t.state[step.state]}</span>
                  ${
                    step.at && step.state !== 'upcoming'
                      ? html`<time part="time" class="time" datetime=${step.at}>${at.format(step.at)}</time>`
                      : nothing
                  }
                </div>
              </div>
            </li>`,
        )}
      </ol>
    </section>`;
  }

  /**
   * The booked visit until the technician gives an arrival window (that is then the one to trust), and always when
   * its day can no longer take it.
   */
  #renderVisit({ appointment, eta, status, hold }: PortalTicket, at: SiteClock) {
    if (!appointment || hold === 'cancelled') return nothing;
    const before = !eta && (status === 'received' || status === 'scheduling' || status === 'dispatched');
    if (!before && !appointment.problem) return nothing;
    const day = at.day(appointment.date, { weekday: 'short', day: 'numeric', month: 'short' });
    return html`<p part="visit" class="visit">
        ${this.#t.visit(`${day}, ${at.range(appointment.start, appointment.end)}`)}
      </p>
      ${appointment.problem ? html`<p part="visit-problem" class="hold problem">${this.#t.visitProblem[appointment.problem]}</p>` : nothing}`;
  }

  // Under the title, not in the current step: on a phone the arrival window and distance show without scrolling.
  #renderDetails({ technician, eta, approach }: PortalTicket, at: SiteClock) {
    if (!technician && !eta && !approach) return nothing;
    const window = eta && at.span(eta.from, eta.to);
    return html`<div class="details">
      ${
        technician
          ? html`<p part="technician" class="detail">
              <span class="key">${this.#t.technician}</span> ${technician.firstName}
            </p>`
          : nothing
      }
      ${window ? html`<p part="eta" class="detail eta">${this.#t.eta(window.from, window.to)}</p>` : nothing}
      ${approach ? this.#renderApproach(approach) : nothing}
    </div>`;
  }

  #renderApproach(approach: PortalApproach) {
    if (approach.precision === 'coarse') return html`<p part="approach" class="detail">${this.#t.onTheWay}</p>`;
    const number = numberFormat(this.locale, { maximumFractionDigits: 1 });
    return html`<p part="approach" class="detail">
        ${this.#t.away(number.format(approach.distanceKm), number.format(approach.minutesAway))}
      </p>
      ${approach.mapTileUrl && this.#map ? this.#map.renderMap(approach, this.#t.map) : nothing}`;
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
