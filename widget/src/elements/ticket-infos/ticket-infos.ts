import { Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError } from '../../api/errors.js';
import type { PortalTicketComments } from '../../api/types.js';
import { ticketInfos } from '../../i18n/en/ticket-infos.js';
import { withLinks } from '../../internal/links.js';
import { SiteClock } from '../../internal/clock.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './ticket-infos.styles.js';

/**
 * @tagname porch-ticket-infos
 * @summary What the company wrote on the ticket for the customer — the infos its automated actions create — newest
 * first, under a heading that names the company.
 *
 * Loads `GET /v1/portal/tickets/:id/comments` (scope `track`) with the client of an enclosing `<porch-portal>` (which
 * shows it under the timeline and sets `company`) or its own `api` and `token`. Each info shows its text — line breaks
 * kept, http(s) addresses as links that open in a new tab, nothing else interpreted — and when it was written, in the
 * time zone of the ticket's site, the clock `<porch-status-timeline>` shows the ticket's steps on.
 * With no infos it renders nothing, so an empty ticket shows no empty box. Infos do not come through the ticket's
 * live event stream, so the list loads again when the tab becomes visible again and when a
 * `porch-status-changed` of its ticket (from `<porch-status-timeline>`) reaches the document; the shown list stays
 * while it reloads. Renders nothing without a ticket id.
 *
 * @event porch-error - {PorchErrorEvent} A load failed: `{code}`, e.g. `NOT_FOUND`, `SCOPE_REQUIRED`, `NETWORK_ERROR`, `SESSION_EXPIRED`, `NO_TOKEN`. Canceled, a failed load stays in its loading state (or keeps the list shown).
 *
 * @csspart base - The heading and the list (only when there are infos).
 * @csspart heading - "Updates from <company>".
 * @csspart list - The list of infos.
 * @csspart info - One info (`<li>`).
 * @csspart time - When the info was written (`<time>`).
 * @csspart text - The info's text.
 * @csspart link - A web address in a text.
 * @csspart loading - The loading state (first load only).
 * @csspart error - The load failed, with Retry.
 *
 * @cssproperty --porch-color-primary - Links, the Retry button, focus rings. Default `#2563eb`.
 * @cssproperty --porch-color-on-primary - Text on the accent colour (button labels). Default `#fff`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Times and the states. Default `#5b6474`.
 * @cssproperty --porch-color-border - The list's border and separators. Default `#e2e8f0`.
 * @cssproperty --porch-color-surface - Background of the list. Default `#ffffff`.
 * @cssproperty --porch-font-family - Font. Default: the system font.
 * @cssproperty --porch-font-size - Base font size. Default `1rem`.
 * @cssproperty --porch-radius - Corner radius of the list. Default `0.75rem`.
 * @cssproperty --porch-ticket-infos-spacing - Space above whatever shows (none when nothing does), e.g. to set it apart from a timeline above. Default `0`.
 *
 * @example
 * <porch-ticket-infos api="https://api.example.com" token="eyJ…" ticket-id="tkt_123" company="Acme"></porch-ticket-infos>
 */
export class PorchTicketInfos extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #task = new Task(this, {
    task: ([client, ticketId], { signal }) => this.#load(client, ticketId, signal),
    args: () => [this.client, this.#ticketId] as const,
    onComplete: (infos) => (this.infos = infos),
    onError: (error) => (this.failed = !this.reportError(error)),
  });

  /** The ticket's comments, newest first, and its site's zone; undefined until the first load. */
  @state() private infos?: PortalTicketComments;
  @state() private failed = false;

  /** Id of the ticket whose infos to show. Inside `<porch-portal>` it defaults to the session's ticket. */
  @property({ attribute: 'ticket-id' }) ticketId?: string;

  /** The company's name, for the heading ("Updates from Acme"); `<porch-portal>` sets it. */
  @property() company?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#handleVisibility);
    document.addEventListener('porch-status-changed', this.#handleStatus);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#handleVisibility);
    document.removeEventListener('porch-status-changed', this.#handleStatus);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another ticket's infos must not show while this one's load.
    if (changed.has('ticketId') && changed.get('ticketId') !== undefined) this.infos = undefined;
  }

  /** Loads the infos again, aborting a load still pending; the shown list stays meanwhile. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  #handleVisibility = () => {
    if (document.visibilityState === 'visible') void this.refresh();
  };

  #handleStatus = (event: GlobalEventHandlersEventMap['porch-status-changed']) => {
    if (event.detail.ticketId === this.#ticketId) void this.refresh();
  };

  get #ticketId(): string | undefined {
    return this.ticketId ?? this.porch?.session.ticketId ?? undefined;
  }

  get #t() {
    return this.texts('ticketInfos', ticketInfos);
  }

  async #load(client: PorchClient | undefined, ticketId: string | undefined, signal: AbortSignal) {
    this.failed = false;
    if (!ticketId) return { timezone: 'UTC', items: [] };
    if (!client) throw new PorchApiError('NO_TOKEN');
    const { timezone, items } = await client.comments(ticketId, signal);
    return { timezone, items: items.reverse() };
  }

  protected override render() {
    const t = this.#t;
    const { infos } = this;
    const error = this.failed
      ? html`<div part="error" class="notice" role="alert">
          <p>${t.loadFailed}</p>
          <button type="button" @click=${() => this.refresh()}>${t.retry}</button>
        </div>`
      : nothing;
    if (!infos) {
      return html`<div class="spaced">
        ${this.failed ? error : html`<div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${t.loading}</div>`}
      </div>`;
    }
    if (!infos.items.length) return this.failed ? html`<div class="spaced">${error}</div>` : nothing;
    const at = new SiteClock(this.locale, infos.timezone);
    return html`<div class="spaced">
      ${error}
      <section part="base" aria-labelledby="heading">
        <h3 id="heading" part="heading" class="heading">${t.heading(this.company ?? null)}</h3>
        <ul part="list" class="list">
          ${infos.items.map(
            (info) =>
              html`<li part="info" class="info">
                <p class="meta">
                  ${info.author === 'customer' ? html`${t.fromYou} · ` : nothing}<time
                    part="time"
                    datetime=${info.createdAt}
                    >${at.format(info.createdAt)}</time
                  >
                </p>
                <p part="text" class="text">${withLinks(info.body)}</p>
              </li>`,
          )}
        </ul>
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-ticket-infos': PorchTicketInfos;
  }
}
