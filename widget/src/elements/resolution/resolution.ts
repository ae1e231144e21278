import { Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError } from '../../api/errors.js';
import type { PortalResolution } from '../../api/types.js';
import { PorchTicketResolvedEvent } from '../../events/ticket-resolved.js';
import { resolution } from '../../i18n/en/resolution.js';
import { DATE_TIME, SiteClock } from '../../internal/clock.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './resolution.styles.js';

/**
 * @tagname porch-resolution
 * @summary "My issue is resolved": the customer closes their side of a ticket after a confirmation, once.
 *
 * Loads `GET /v1/portal/tickets/:id/resolve` (scope `track`) with the client of an enclosing `<porch-portal>`
 * (which shows it under the timeline for every session but a shared view) or its own `api` and `token`. The button
 * opens an inline confirmation that names the company; confirming records a `resolved` event the company sees in
 * the ticket's history. Afterwards, and whenever the ticket already was, it says when, in the browser's time zone.
 *
 * @event porch-ticket-resolved - {PorchTicketResolvedEvent} The ticket was marked resolved: `{ticketId, resolvedAt}`.
 * @event porch-error - {PorchErrorEvent} A load failed: `{code}`, e.g. `NOT_FOUND`, `NETWORK_ERROR`.
 *
 * @csspart base - The button, or the confirmation.
 * @csspart resolve - "My issue is resolved".
 * @csspart confirm - The confirmation: the question and its two buttons.
 * @csspart confirm-resolve - "Yes, resolved".
 * @csspart cancel - "Cancel".
 * @csspart resolved - When the ticket was marked resolved.
 * @csspart loading - The loading state (first load only).
 * @csspart error - The load or the confirmation failed.
 *
 * @cssproperty --porch-color-primary - Buttons, focus rings. Default `#2563eb`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - The states. Default `#5b6474`.
 * @cssproperty --porch-color-border - The confirmation's border. Default `#e2e8f0`.
 * @cssproperty --porch-color-surface - Background. Default `#ffffff`.
 * @cssproperty --porch-color-on-primary - Text on the accent colour (button labels). Default `#fff`.
 * @cssproperty --porch-color-danger - A failed confirmation. Default `#b91c1c`.
 * @cssproperty --porch-font-family - Font. Default: the system font.
 * @cssproperty --porch-font-size - Base font size. Default `1rem`.
 * @cssproperty --porch-radius - Corner radius. Default `0.75rem`.
 *
 * @example
 * <porch-resolution api="https://api.example.com" token="eyJ…" ticket-id="tkt_123" company="Acme"></porch-resolution>
 */
export class PorchResolution extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #task = new Task(this, {
    task: ([client, ticketId], { signal }) => this.#load(client, ticketId, signal),
    args: () => [this.client, this.#ticketId] as const,
    onComplete: (loaded) => (this.loaded = loaded),
    onError: (error) => (this.failed = !this.reportError(error)),
  });

  @query('[part~=resolve]') private resolveButton?: HTMLButtonElement;
  @query('[part~=cancel]') private cancelButton?: HTMLButtonElement;

  @state() private loaded?: PortalResolution;
  @state() private failed = false;
  @state() private confirming = false;
  @state() private sending = false;
  @state() private sendFailed = false;

  /** Id of the ticket. Inside `<porch-portal>` it defaults to the session's ticket. */
  @property({ attribute: 'ticket-id' }) ticketId?: string;

  /** The company's name, for the confirmation; `<porch-portal>` sets it. */
  @property() company?: string;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ticketId') && changed.get('ticketId') !== undefined) {
      this.loaded = undefined;
      this.confirming = false;
    }
  }

  /** Loads the state again, aborting a load still pending. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  get #ticketId(): string | undefined {
    return this.ticketId ?? this.porch?.session.ticketId ?? undefined;
  }

  get #t() {
    return this.texts('resolution', resolution);
  }

  async #load(client: PorchClient | undefined, ticketId: string | undefined, signal: AbortSignal) {
    this.failed = false;
    if (!client || !ticketId) throw new PorchApiError('NO_TOKEN');
    return client.resolution(ticketId, signal);
  }

  async #ask(open: boolean) {
    this.confirming = open;
    this.sendFailed = false;
    await this.updateComplete;
    (open ? this.cancelButton : this.resolveButton)?.focus();
  }

  #handleConfirm = async (): Promise<void> => {
    const client = this.client;
    const ticketId = this.#ticketId;
    if (this.sending || !client || !ticketId) return;
    this.sending = true;
    this.sendFailed = false;
    try {
      const saved = await client.resolve(ticketId);
      this.loaded = saved;
      this.confirming = false;
      this.emit(new PorchTicketResolvedEvent({ ticketId, resolvedAt: saved.resolvedAt! }));
    } catch {
      this.sendFailed = true;
    } finally {
      this.sending = false;
    }
  };

  protected override render() {
    const t = this.#t;
    const { loaded } = this;
    if (!loaded) {
      return this.failed
        ? html`<div part="error" class="notice" role="alert">
            <p>${t.loadFailed}</p>
            <button type="button" @click=${() => this.refresh()}>${t.retry}</button>
          </div>`
        : html`<div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${t.loading}</div>`;
    }
    if (loaded.resolvedAt) {
      const when = new SiteClock(this.locale, loaded.timezone).format(loaded.resolvedAt, DATE_TIME);
      return html`<p part="resolved" class="resolved" role="status">${t.resolved(when)}</p>`;
    }
    if (!this.confirming) {
      return html`<div part="base">
        <button part="resolve" class="secondary" type="button" @click=${() => this.#ask(true)}>${t.resolve}</button>
      </div>`;
    }
    return html`<div part="base confirm" class="confirm" role="group" aria-labelledby="question">
      <p id="question">${t.question(this.company ?? null)}</p>
      ${this.sendFailed ? html`<p part="error" class="problem" role="alert">${t.resolveFailed}</p>` : nothing}
      <div class="actions">
        <button
          part="confirm-resolve"
          type="button"
          aria-disabled=${this.sending ? 'true' : 'false'}
          @click=${this.#handleConfirm}
        >
          ${this.sending ? t.resolving : t.confirm}
        </button>
        <button part="cancel" class="secondary" type="button" @click=${() => this.#ask(false)}>${t.cancel}</button>
      </div>
    </div>`;
  }
}
