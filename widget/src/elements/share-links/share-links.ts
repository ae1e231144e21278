import { Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError, toPorchApiError } from '../../api/errors.js';
import type { ErrorCode, PortalShareLink, PortalShareLinkCreated } from '../../api/types.js';
import { PorchShareCreatedEvent } from '../../events/share-created.js';
import { PorchShareRevokedEvent } from '../../events/share-revoked.js';
import { shareLinks } from '../../i18n/en/share-links.js';
import { type ShareLinksTexts } from '../../i18n/index.js';
import { DATE_TIME, SiteClock } from '../../internal/clock.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './share-links.styles.js';

/** A write that failed, shown beside the form or the link it concerns. */
interface Problem {
  /** 'create', or the id of the link that could not be revoked. */
  of: string;
  code: ErrorCode;
}

/** Load failures with their own explanation; others get the general one. */
const LOAD_FAILED: Partial<Record<ErrorCode, (t: ShareLinksTexts) => string>> = {
  RATE_LIMITED: (t) => t.tooMany,
  SHARE_NOT_ALLOWED: (t) => t.notAllowed,
};

const isActive = (link: PortalShareLink) => !link.revokedAt && Date.parse(link.expiresAt) > Date.now();

/**
 * @tagname porch-share-links
 * @summary View-only access to one ticket for someone else: the customer creates a link (status only) for a
 * colleague or family member, sees who has one, and revokes it.
 *
 * A compact disclosure ("Share view-only access") opens a panel that says what the other person gets, a form with
 * an optional "For whom?" label, and the ticket's links with when each was created, last used and expires (times in
 * the browser's time zone; revoked and expired ones say so). A new link's URL is shown once, in a read-only field
 * with a Copy button (a read-only text area, so a phone shows the whole link; the clipboard, or else the text is selected to copy by hand). Revoking asks for confirmation
 * in place; Escape cancels it. The list loads (`GET /v1/portal/tickets/:id/share-links`) when the panel opens.
 * Uses the client of an enclosing `<porch-portal>` (which shows it under the timeline when the session may share)
 * or its own `api` and `token`. A shared view's session may not share further: the API answers 403
 * `SHARE_NOT_ALLOWED`, and `<porch-portal>` does not show this element then. Renders nothing without a ticket id.
 *
 * @event porch-share-created - {PorchShareCreatedEvent} A link was created: `{ticketId, id, label, expiresAt}` (never the token or URL).
 * @event porch-share-revoked - {PorchShareRevokedEvent} A link was revoked: `{ticketId, id}`.
 * @event porch-error - {PorchErrorEvent} A load or a change failed: `{code}`, e.g. `SHARE_NOT_ALLOWED`, `RATE_LIMITED`, `NETWORK_ERROR`, `SESSION_EXPIRED`, `NO_TOKEN`. Canceled, a failed load stays in its loading state.
 *
 * @csspart base - The whole element.
 * @csspart toggle - The disclosure button (`aria-expanded`).
 * @csspart panel - The disclosed panel.
 * @csspart intro - What the other person gets.
 * @csspart form - The form that creates a link.
 * @csspart create - The form's submit button.
 * @csspart problem - Why creating or revoking failed (`role=alert`).
 * @csspart created - The new link, shown once.
 * @csspart url - The read-only field with the new link's URL.
 * @csspart copy - The Copy button.
 * @csspart copied - Says the link was copied, or selected to copy by hand (`role=status`).
 * @csspart list - The list of links.
 * @csspart link - A link in the list; a revoked or expired one also has `link-inactive`.
 * @csspart link-inactive - A revoked or expired link.
 * @csspart revoke - A link's Revoke button.
 * @csspart confirm - The inline confirmation that replaces a Revoke button.
 * @csspart confirm-revoke - The button that confirms revoking.
 * @csspart loading - The loading state of the list.
 * @csspart empty - "No one else has access".
 * @csspart error - The list could not be loaded, with Retry (none for a shared view, where retrying cannot help).
 *
 * @cssproperty --porch-color-primary - Buttons, the toggle, focus rings. Default `#2563eb`.
 * @cssproperty --porch-color-on-primary - Text on the accent colour (button labels). Default `#fff`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Dates, hints and the states. Default `#5b6474`.
 * @cssproperty --porch-color-surface - Background of fields and secondary buttons. Default `#ffffff`.
 * @cssproperty --porch-color-border - Borders of the panel, fields and list. Default `#e2e8f0`.
 * @cssproperty --porch-color-danger - The confirm-revoke button and problems. Default `#b91c1c`.
 * @cssproperty --porch-font-family - Font. Default: the system font.
 * @cssproperty --porch-font-size - Base font size. Default `1rem`.
 * @cssproperty --porch-radius - Corner radius. Default `0.75rem`.
 *
 * @example
 * <porch-share-links api="https://api.example.com" token="eyJ…" ticket-id="tkt_123"></porch-share-links>
 */
export class PorchShareLinks extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #task = new Task(this, {
    task: ([client, ticketId, open], { signal }) => this.#load(client, ticketId, open, signal),
    args: () => [this.client, this.#ticketId, this.open] as const,
    onComplete: (links) => (this.links = links),
    onError: (error) => {
      this.failed = this.reportError(error) ? undefined : toPorchApiError(error).code;
    },
  });

  @query('#url') private urlField?: HTMLTextAreaElement;

  /** The ticket's links, newest first; undefined while loading or closed. */
  @state() private links?: PortalShareLink[];
  /** Why the list could not be loaded, when no listener took the failure over. */
  @state() private failed?: ErrorCode;
  /** The link just created: its URL is shown this once. */
  @state() private created?: PortalShareLinkCreated;
  /** What a write is under way for: 'create', or a link's id. */
  @state() private busy?: string;
  @state() private problem?: Problem;
  /** The link whose Revoke asks for confirmation. */
  @state() private confirming?: string;
  @state() private copyNote = '';
  /** Text of the polite live region. */
  @state() private announcement = '';

  /** Id of the ticket whose links to manage. Inside `<porch-portal>` it defaults to the session's ticket. */
  @property({ attribute: 'ticket-id' }) ticketId?: string;

  /** Whether the panel is open; the list loads when it opens. */
  @property({ type: Boolean, reflect: true }) open = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new link, a pending confirmation or a problem belongs to the ticket it was made for.
    if (changed.has('ticketId') && changed.get('ticketId') !== undefined) {
      this.created = this.confirming = this.problem = undefined;
    }
  }

  /** Loads the list again (when open), aborting a load still pending. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  get #ticketId(): string | undefined {
    return this.ticketId ?? this.porch?.session.ticketId ?? undefined;
  }

  get #t() {
    return this.texts('shareLinks', shareLinks);
  }

  async #load(client: PorchClient | undefined, ticketId: string | undefined, open: boolean, signal: AbortSignal) {
    this.failed = undefined;
    this.links = undefined;
    if (!open || !ticketId) return undefined;
    if (!client) throw new PorchApiError('NO_TOKEN');
    return (await client.shareLinks(ticketId, signal)).items;
  }

  /** Runs a write for `of` ('create' or a link id), showing why it failed beside it. */
  async #write<T>(of: string, run: (client: PorchClient, ticketId: string) => Promise<T>): Promise<T | undefined> {
    const { client } = this;
    const ticketId = this.#ticketId;
    if (this.busy || !client || !ticketId) return undefined;
    this.busy = of;
    this.problem = undefined;
    try {
      return await run(client, ticketId);
    } catch (error) {
      this.problem = { of, code: toPorchApiError(error).code };
      this.reportError(error);
      return undefined;
    } finally {
      this.busy = undefined;
    }
  }

  async #focus(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  #handleToggle = (): void => {
    this.open = !this.open;
  };

  #handleCreate = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const label = String(new FormData(form).get('label') ?? '').trim();
    const created = await this.#write('create', (client, ticketId) =>
      client.createShareLink(ticketId, label || undefined),
    );
    if (!created) return;
    const { url, token, ...link } = created;
    // A tenant without a portal URL answers a bare `#porch=…`: it then opens on this very page.
    this.created = { ...created, url: new URL(url, location.href).href };
    this.links = [link, ...(this.links ?? [])];
    this.copyNote = '';
    this.announcement = this.#t.announceCreated;
    form.reset();
    this.emit(
      new PorchShareCreatedEvent({
        ticketId: link.ticketId,
        id: link.id,
        label: link.label,
        expiresAt: link.expiresAt,
      }),
    );
    await this.updateComplete;
    this.urlField?.focus();
    this.urlField?.select();
  };

  #handleCopy = async (): Promise<void> => {
    const field = this.urlField!;
    try {
      await navigator.clipboard.writeText(field.value);
      this.copyNote = this.#t.copied;
    } catch {
      // No clipboard (an insecure page, a refused permission): select the text, to copy by hand.
      field.focus();
      field.select();
      this.copyNote = this.#t.copySelected;
    }
  };

  #ask(id: string): void {
    this.confirming = id;
    this.problem = undefined;
    void this.#focus('[part~=confirm-revoke]');
  }

  #cancel(): void {
    const id = this.confirming;
    this.confirming = undefined;
    void this.#focus(`[part~=revoke][data-id="${id}"]`);
  }

  #handleConfirmKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.#cancel();
  };

  async #revoke(id: string): Promise<void> {
    const revoked = await this.#write(id, (client, ticketId) => client.revokeShareLink(ticketId, id));
    if (!revoked) return;
    this.links = this.links?.map((link) => (link.id === id ? revoked : link));
    this.confirming = undefined;
    this.announcement = this.#t.announceRevoked;
    this.emit(new PorchShareRevokedEvent({ ticketId: revoked.ticketId, id }));
    // The Revoke button is gone: the link's name keeps the focus in place.
    void this.#focus(`[data-name="${id}"]`);
  }

  #problemText(problem: Problem): string {
    const t = this.#t;
    if (problem.code === 'RATE_LIMITED') return t.tooMany;
    return problem.of === 'create' ? t.createFailed : t.revokeFailed;
  }

  #renderProblem(of: string, id: string) {
    const { problem } = this;
    if (problem?.of !== of) return nothing;
    return html`<p part="problem" class="problem" id=${id} role="alert">${this.#problemText(problem)}</p>`;
  }

  #renderForm(t: ShareLinksTexts) {
    const creating = this.busy === 'create';
    const failed = this.problem?.of === 'create';
    return html`<form part="form" class="form" novalidate @submit=${this.#handleCreate}>
      <label for="label">${t.labelField}</label>
      <p id="label-hint" class="hint">${t.labelHint}</p>
      <div class="row">
        <input
          id="label"
          name="label"
          maxlength="100"
          autocomplete="off"
          aria-describedby=${failed ? 'label-hint create-problem' : 'label-hint'}
        />
        <button part="create" type="submit" aria-disabled=${creating ? 'true' : 'false'}>
          ${creating ? t.creating : t.create}
        </button>
      </div>
      ${this.#renderProblem('create', 'create-problem')}
    </form>`;
  }

  #renderCreated(t: ShareLinksTexts, created: PortalShareLinkCreated) {
    return html`<div part="created" class="created">
      <label for="url">${t.createdFor(created.label)}</label>
      <p id="url-hint" class="hint">${t.shownOnce}</p>
      <div class="row">
        <textarea part="url" id="url" readonly rows="3" .value=${created.url} aria-describedby="url-hint"></textarea>
        <button part="copy" class="secondary" type="button" @click=${this.#handleCopy}>${t.copy}</button>
      </div>
      <p part="copied" class="hint" role="status">${this.copyNote}</p>
    </div>`;
  }

  #renderLink(t: ShareLinksTexts, link: PortalShareLink) {
    const at = new SiteClock(this.locale, link.timezone);
    const active = isActive(link);
    const time = (iso: string) => html`<time datetime=${iso}>${at.format(iso, DATE_TIME)}</time>`;
    const name = link.label ?? t.unnamed;
    const end = link.revokedAt ? t.revoked : active ? t.expires : t.expired;
    return html`<li part=${active ? 'link' : 'link link-inactive'} class="link">
      <p class="name" data-name=${link.id} tabindex="-1">${name}</p>
      <ul class="meta">
        <li>${t.created} ${time(link.createdAt)}</li>
        <li>${link.lastUsedAt ? html`${t.lastUsed} ${time(link.lastUsedAt)}` : t.neverUsed}</li>
        <li class=${active ? '' : 'ended'}>${end} ${time(link.revokedAt ?? link.expiresAt)}</li>
      </ul>
      ${active ? this.#renderRevoke(t, link.id, name) : nothing} ${this.#renderProblem(link.id, `problem-${link.id}`)}
    </li>`;
  }

  #renderRevoke(t: ShareLinksTexts, id: string, name: string) {
    if (this.confirming !== id) {
      return html`<button
        part="revoke"
        class="secondary"
        type="button"
        data-id=${id}
        aria-label=${t.revokeNamed(name)}
        @click=${() => this.#ask(id)}
      >
        ${t.revoke}
      </button>`;
    }
    const busy = this.busy === id;
    return html`<div
      part="confirm"
      class="confirm"
      role="group"
      aria-labelledby="confirm-${id}"
      @keydown=${this.#handleConfirmKey}
    >
      <p id="confirm-${id}">${t.confirmQuestion}</p>
      <div class="row">
        <button
          part="confirm-revoke"
          class="danger"
          type="button"
          aria-disabled=${busy ? 'true' : 'false'}
          @click=${() => this.#revoke(id)}
        >
          ${t.confirmRevoke}
        </button>
        <button class="secondary" type="button" @click=${() => this.#cancel()}>${t.cancel}</button>
      </div>
    </div>`;
  }

  #renderList(t: ShareLinksTexts) {
    if (this.failed) {
      return html`<div part="error" class="notice" role="alert">
        <p>${LOAD_FAILED[this.failed]?.(t) ?? t.loadFailed}</p>
        ${this.failed === 'SHARE_NOT_ALLOWED' ? nothing : html`<button type="button" @click=${() => this.refresh()}>${t.retry}</button>`}
      </div>`;
    }
    const { links } = this;
    if (!links)
      return html`<div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${t.loading}</div>`;
    return html`${links.some(isActive) ? nothing : html`<p part="empty" class="notice">${t.empty}</p>`}
    ${
      links.length
        ? html`<ul part="list" class="list" aria-labelledby="list-title">
            ${links.map((link) => this.#renderLink(t, link))}
          </ul>`
        : nothing
    }`;
  }

  #renderPanel(t: ShareLinksTexts) {
    return html`<p part="intro" class="intro">${t.intro}</p>
      ${this.#renderForm(t)} ${this.created ? this.#renderCreated(t, this.created) : nothing}
      <h4 id="list-title" class="list-title">${t.listTitle}</h4>
      ${this.#renderList(t)}`;
  }

  override render() {
    if (!this.#ticketId) return nothing;
    const t = this.#t;
    return html`<div part="base" class="base" lang=${this.locale}>
      <h3 class="heading">
        <button
          part="toggle"
          class="toggle"
          type="button"
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-controls="panel"
          @click=${this.#handleToggle}
        >
          <span class="chevron" aria-hidden="true"></span>${t.toggle}
        </button>
      </h3>
      <div part="panel" class="panel" id="panel" ?hidden=${!this.open}>
        ${this.open ? this.#renderPanel(t) : nothing}
      </div>
      <p class="visually-hidden" role="status">${this.announcement}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-share-links': PorchShareLinks;
  }
}
