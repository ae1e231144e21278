import { Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError } from '../../api/errors.js';
import { markMessagesRead, messages, sendMessage } from '../../api/messages.js';
import type { PortalMessage, PortalMessages } from '../../api/types.js';
import { PorchMessageSentEvent } from '../../events/message-sent.js';
import { ticketThread } from '../../i18n/en/ticket-thread.js';
import { dateFormat } from '../../i18n/index.js';
import { plural } from '../../i18n/plural.js';
import { withLinks } from '../../internal/links.js';
import { LiveStream } from '../../internal/live-stream.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './ticket-thread.styles.js';

/** The API's longest message (`MESSAGE_BODY_MAX`); the field stops there, so a draft is never refused for length. */
const MESSAGE_MAX = 5000;

/**
 * @tagname porch-ticket-thread
 * @summary The messages between the customer and the company on a ticket: both sides in order, what is new, and a
 * field to write.
 *
 * Loads `GET /v1/portal/tickets/:id/messages` (scope `comments`, and the job's profile must offer the messages
 * module) with the client of an enclosing `<porch-portal>` (its "Messages" tab) or its own `api` and `token`. The
 * customer's own messages sit at the end side, the company's (its automated infos too) at the start side, each with
 * its author and time in the zone of the ticket's site. The heading carries a count badge; "New" divides off the
 * company's messages the customer had not read, and the element tells the API they are read once it shows them in a
 * visible tab. New messages arrive live through the ticket's event stream and are announced politely.
 *
 * The composer: Enter adds a line, Ctrl+Enter (⌘+Enter on a Mac) or the Send button sends. While sending, the button
 * is disabled (`aria-disabled`, so focus stays); a failed send says so and keeps the draft. With `badge` the element
 * renders only the count (the portal's tab uses it), still live. Renders nothing without a ticket id.
 *
 * @event porch-message-sent - {PorchMessageSentEvent} The customer's message was stored: `{ticketId, messageId}`.
 * @event porch-error - {PorchErrorEvent} A load failed: `{code}`, e.g. `NOT_FOUND`, `SCOPE_REQUIRED`, `NETWORK_ERROR`, `SESSION_EXPIRED`, `NO_TOKEN`. Canceled, a failed load stays in its loading state.
 *
 * @csspart base - The heading, the list and the composer.
 * @csspart heading - "Messages" with the badge.
 * @csspart badge - The number of messages.
 * @csspart unread - How many are new.
 * @csspart list - The messages.
 * @csspart message - One message (`<li>`); also `own` (the customer's) or `company`.
 * @csspart own - A message the customer wrote.
 * @csspart company - A message from the company.
 * @csspart author - Who wrote it.
 * @csspart time - When (`<time>`).
 * @csspart text - The message's text.
 * @csspart link - A web address in a text.
 * @csspart new - The "New" divider before the first unread message.
 * @csspart empty - No messages yet.
 * @csspart composer - The form to write.
 * @csspart input - The text field.
 * @csspart hint - How the keyboard sends.
 * @csspart send - The Send button.
 * @csspart send-error - The send failed (the draft stays).
 * @csspart loading - The loading state (first load only).
 * @csspart error - The load failed, with Retry.
 *
 * @cssproperty --porch-color-primary - The badge, the divider, the Send button, focus rings. Default `#2563eb`.
 * @cssproperty --porch-color-on-primary - Text on the accent colour. Default `#fff`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Authors, times, hints. Default `#5b6474`.
 * @cssproperty --porch-color-border - Borders of the company's messages and the field. Default `#e2e8f0`.
 * @cssproperty --porch-color-surface - Background of the company's messages. Default `#ffffff`.
 * @cssproperty --porch-color-danger - A failed send. Default `#b91c1c`.
 * @cssproperty --porch-font-family - Font. Default: the system font.
 * @cssproperty --porch-font-size - Base font size. Default `1rem`.
 * @cssproperty --porch-radius - Corner radius of the messages. Default `0.75rem`.
 * @cssproperty --porch-ticket-thread-own-background - Background of the customer's own messages. Default `#eff6ff`.
 *
 * @example
 * <porch-ticket-thread api="https://api.example.com" token="eyJ…" ticket-id="tkt_123" company="Acme"></porch-ticket-thread>
 */
export class PorchTicketThread extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #task = new Task(this, {
    task: ([client, ticketId], { signal }) => this.#load(client, ticketId, signal),
    args: () => [this.client, this.#ticketId] as const,
    onComplete: (thread) => this.#show(thread),
    onError: (error) => (this.failed = !this.reportError(error)),
  });

  #live = new LiveStream(this, {
    onMessage: ({ event }) => {
      if (event.kind === 'message') void this.#reload();
    },
    onFailure: () => {},
  });
  #reloading?: AbortController;

  @state() private thread?: PortalMessages | null;
  @state() private failed = false;
  @state() private draft = '';
  @state() private sending = false;
  @state() private sendFailed = false;
  @state() private announcement = '';
  /** The message the "New" divider stands before; kept while the thread reloads. */
  @state() private newFrom: string | null = null;

  /** Id of the ticket whose thread to show. Inside `<porch-portal>` it defaults to the session's ticket. */
  @property({ attribute: 'ticket-id' }) ticketId?: string;

  /** The company's name, for the empty state ("Write to Acme below"); `<porch-portal>` sets it. */
  @property() company?: string;

  /** Renders only the count badge (for a tab label); it stays live and marks nothing read. */
  @property({ type: Boolean, reflect: true }) badge = false;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#handleVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#handleVisibility);
    this.#reloading?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another ticket's thread must not show while this one's loads, nor its draft go there.
    if (changed.has('ticketId') && changed.get('ticketId') !== undefined) {
      this.thread = undefined;
      this.newFrom = null;
      this.draft = '';
    }
  }

  /** Loads the thread again and reopens its live stream; the shown thread stays meanwhile. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  get #ticketId(): string | undefined {
    return this.ticketId ?? this.porch?.session.ticketId ?? undefined;
  }

  get #t() {
    return this.texts('ticketThread', ticketThread);
  }

  async #load(client: PorchClient | undefined, ticketId: string | undefined, signal: AbortSignal) {
    this.#live.close();
    this.failed = false;
    if (!ticketId) return null;
    if (!client) throw new PorchApiError('NO_TOKEN');
    const thread = await messages(client, ticketId, signal);
    this.#live.open(client, ticketId);
    return thread;
  }

  /** A live change: the thread as it is now. A failed read keeps what shows; the next change reads again. */
  async #reload() {
    const client = this.client;
    const ticketId = this.#ticketId;
    if (!client || !ticketId || !this.thread) return;
    this.#reloading?.abort();
    const abort = (this.#reloading = new AbortController());
    try {
      this.#show(await messages(client, ticketId, abort.signal));
    } catch {
      // Kept as shown.
    }
  }

  #show(thread: PortalMessages | null) {
    const before = this.thread ? new Set(this.thread.items.map((m) => m.id)) : null;
    const arrived = before ? thread?.items.filter((m) => !before.has(m.id) && m.author === 'company') : [];
    if (arrived?.length) this.announcement = this.#t.arrived(arrived[arrived.length - 1]!.authorName);
    this.newFrom = thread?.firstUnreadId ?? (thread?.items.some((m) => m.id === this.newFrom) ? this.newFrom : null);
    this.thread = thread;
    this.#markRead();
  }

  /** Shown in a visible tab is read: the API keeps the position, so "New" shows elsewhere only for what is new. */
  #markRead() {
    const { thread, client } = this;
    const ticketId = this.#ticketId;
    const last = thread?.items[thread.items.length - 1];
    if (this.badge || !thread?.unread || !last || !client || !ticketId) return;
    if (document.visibilityState !== 'visible') return;
    markMessagesRead(client, ticketId, last.id).then(
      (read) => this.thread && (this.thread = { ...this.thread, unread: read.unread, firstUnreadId: null }),
      () => {},
    );
  }

  #handleVisibility = () => {
    if (document.visibilityState === 'visible') this.#markRead();
  };

  #handleKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.#send();
    }
  };

  #handleSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.#send();
  };

  async #send() {
    const client = this.client;
    const ticketId = this.#ticketId;
    const body = this.draft.trim();
    if (this.sending || !body || !client || !ticketId) return;
    this.sending = true;
    this.sendFailed = false;
    try {
      const message = await sendMessage(client, ticketId, body);
      this.draft = '';
      this.#append(message);
      this.emit(new PorchMessageSentEvent({ ticketId, messageId: message.id }));
    } catch {
      this.sendFailed = true;
    } finally {
      this.sending = false;
    }
  }

  #append(message: PortalMessage) {
    const thread = this.thread;
    if (!thread || thread.items.some((m) => m.id === message.id)) return;
    this.thread = { ...thread, items: [...thread.items, message], unread: 0, firstUnreadId: null };
  }

  #renderBadge(count: number) {
    return html`<span part="badge" class="badge"
      ><span aria-hidden="true">${count}</span
      ><span class="visually-hidden">(${plural(this.locale, count, this.#t.count)})</span></span
    >`;
  }

  #renderMessage(message: PortalMessage, at: Intl.DateTimeFormat) {
    const t = this.#t;
    const own = message.author === 'customer';
    const divider =
      message.id === this.newFrom ? html`<li part="new" class="divider"><span>${t.newDivider}</span></li>` : nothing;
    return html`${divider}
      <li part="message ${own ? 'own' : 'company'}" class="message ${own ? 'own' : 'company'}">
        <p class="meta">
          <span part="author" class="author">${own ? t.you : message.authorName}</span> ·
          <time part="time" datetime=${message.createdAt}>${at.format(new Date(message.createdAt))}</time>
        </p>
        <p part="text" class="text">${withLinks(message.body)}</p>
      </li>`;
  }

  #renderComposer() {
    const t = this.#t;
    return html`<form part="composer" class="composer" novalidate @submit=${this.#handleSubmit}>
      <label for="draft" class="label">${t.label}</label>
      <textarea
        id="draft"
        part="input"
        rows="3"
        maxlength=${MESSAGE_MAX}
        aria-describedby="hint"
        .value=${this.draft}
        @input=${(event: Event) => {
          this.draft = (event.target as HTMLTextAreaElement).value;
          this.sendFailed = false;
        }}
        @keydown=${this.#handleKey}
      ></textarea>
      <p id="hint" part="hint" class="hint">${t.hint}</p>
      ${this.sendFailed ? html`<p part="send-error" class="send-error" role="alert">${t.sendFailed}</p>` : nothing}
      <button part="send" type="submit" aria-disabled=${this.sending || !this.draft.trim() ? 'true' : 'false'}>
        ${this.sending ? t.sending : t.send}
      </button>
    </form>`;
  }

  protected override render() {
    const t = this.#t;
    const { thread } = this;
    if (this.badge) return thread?.items.length ? this.#renderBadge(thread.items.length) : nothing;
    if (thread === null) return nothing;
    if (!thread) {
      return this.failed
        ? html`<div part="error" class="notice" role="alert">
            <p>${t.loadFailed}</p>
            <button type="button" @click=${() => this.refresh()}>${t.retry}</button>
          </div>`
        : html`<div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${t.loading}</div>`;
    }
    const at = dateFormat(this.locale, thread.timezone, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
    });
    return html`<section part="base" class="base" aria-labelledby="heading">
      <div class="head">
        <h3 id="heading" part="heading" class="heading">
          ${t.heading} ${thread.items.length ? this.#renderBadge(thread.items.length) : nothing}
        </h3>
        ${thread.unread ? html`<span part="unread" class="unread">${plural(this.locale, thread.unread, t.unread)}</span>` : nothing}
      </div>
      ${
        thread.items.length
          ? html`<ol part="list" class="list">
              ${thread.items.map((message) => this.#renderMessage(message, at))}
            </ol>`
          : html`<p part="empty" class="empty">${t.empty(this.company ?? null)}</p>`
      }
      <div class="visually-hidden" role="status">${this.announcement}</div>
      ${this.#renderComposer()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-ticket-thread': PorchTicketThread;
  }
}
