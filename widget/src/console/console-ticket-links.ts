import { Task } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeError, type ConsoleApi, type ConsoleTicketLink, type PortalMode } from './api.js';
import { formatTime } from './format.js';
import { ActionOutcome } from './action-outcome.js';
import { consoleStyles } from './styles.js';

const MODES: Record<PortalMode, string> = { tracking: 'Tracking', 'tracking+booking': 'Tracking and booking' };

/**
 * A ticket's portal links: create one (its address is shown only then, with a copy button), list them without
 * their tokens, and revoke one.
 *
 * @tagname porch-console-ticket-links
 */
@customElement('porch-console-ticket-links')
export class PorchConsoleTicketLinks extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      ul.links li {
        margin-bottom: 0.75rem;
        overflow-wrap: anywhere;
      }
      .fresh {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 0 0.5rem;
      }
      .fresh > div {
        flex: 1 1 14rem;
      }
    `,
  ];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) ticketId = '';
  /** The address of the link made last: the API shows a link's token only in the answer that creates it. */
  @state() created: string | null = null;
  readonly #outcome = new ActionOutcome(this);

  readonly links = new Task(this, {
    task: ([api, id], { signal }) => api.ticketLinks(id, signal),
    args: () => [this.api, this.ticketId] as const,
  });

  #create(event: SubmitEvent) {
    event.preventDefault();
    const mode = String(new FormData(event.target as HTMLFormElement).get('mode')) as PortalMode;
    return this.#outcome.run(async () => {
      this.created = (await this.api.createTicketLink(this.ticketId, mode)).url;
      await this.links.run();
      return 'Link created. Copy it now: its address is not shown again.';
    });
  }

  async #copy() {
    const url = this.created ?? '';
    try {
      await navigator.clipboard.writeText(url);
      this.#outcome.say('Link copied.');
    } catch {
      this.renderRoot.querySelector<HTMLInputElement>('#new-link')?.select();
      this.#outcome.say('Copying was not allowed: the address is selected, copy it with the keyboard.');
    }
  }

  #revoke(link: ConsoleTicketLink) {
    return this.#outcome.run(async () => {
      await this.api.revokeTicketLink(this.ticketId, link.id);
      await this.links.run();
      return 'Link revoked: it no longer opens the portal.';
    });
  }

  override render() {
    return html`<section aria-labelledby="links-heading">
      <h2 id="links-heading">Portal links</h2>
      ${this.#outcome.render()}
      <form @submit=${this.#create}>
        <label for="mode">What the link opens</label>
        <select id="mode" name="mode">
          ${Object.entries(MODES).map(([value, label]) => html`<option value=${value}>${label}</option>`)}
        </select>
        <button type="submit">Create a link</button>
      </form>
      ${
        this.created
          ? html`<div class="fresh">
              <div>
                <label for="new-link">New link</label>
                <input id="new-link" readonly .value=${this.created} />
              </div>
              <button type="button" @click=${this.#copy}>Copy link</button>
            </div>`
          : nothing
      }
      ${this.links.render({
        pending: () => html`<p>Loading links…</p>`,
        error: (error) => html`<p role="alert">${describeError(error)}</p>`,
        complete: (links) =>
          links.length === 0
            ? html`<p>No links for this ticket yet.</p>`
            : html`<ul class="links">
                ${links.map((link) => this.#link(link))}
              </ul>`,
      })}
    </section>`;
  }

  #link(link: ConsoleTicketLink) {
    const expired = Date.parse(link.expiresAt) <= Date.now();
    const state = link.revokedAt
      ? `revoked ${formatTime(link.revokedAt)}`
      : expired
        ? `expired ${formatTime(link.expiresAt)}`
        : `active until ${formatTime(link.expiresAt)}`;
    const name = `${MODES[link.mode]} link created ${formatTime(link.createdAt)}`;
    return html`<li data-link=${link.id}>
      <strong>${name}</strong>: ${state}; ${link.lastUsedAt ? `last used ${formatTime(link.lastUsedAt)}` : 'never used'}
      ${
        link.revokedAt || expired
          ? nothing
          : html`<br /><button class="secondary" aria-label=${`Revoke the ${name}`} @click=${() => this.#revoke(link)}>
                Revoke
              </button>`
      }
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-ticket-links': PorchConsoleTicketLinks;
  }
}
