import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { describeError, type ConsoleApi, type ConsoleStaffSession } from './api.js';
import { ActionOutcome } from './action-outcome.js';
import { formatTime as when } from './format.js';
import { consoleStyles } from './styles.js';

/**
 * Your own console sessions (every role): where you are signed in, and ending one on another device. This browser's
 * session ends with "Sign out".
 *
 * @tagname porch-console-sessions
 */
@customElement('porch-console-sessions')
export class PorchConsoleSessions extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) api!: ConsoleApi;
  readonly #outcome = new ActionOutcome(this);

  readonly sessions = new Task(this, {
    task: ([api], { signal }) => api.sessions(signal),
    args: () => [this.api] as const,
  });

  #end(session: ConsoleStaffSession) {
    return this.#outcome.run(async () => {
      await this.api.endSession(session.id);
      await this.sessions.run();
      return 'Session ended.';
    });
  }

  override render() {
    return html`<h2>Your sessions</h2>
      ${this.#outcome.render()}
      ${this.sessions.render({
        // A reload keeps the list on screen (and the focus where it was).
        pending: () =>
          this.sessions.value ? this.#list(this.sessions.value) : html`<p role="status">Loading sessions…</p>`,
        error: (error) => html`<p role="alert">${describeError(error)}</p>`,
        complete: (sessions) => this.#list(sessions),
      })}`;
  }

  #list(sessions: ConsoleStaffSession[]) {
    return html`<ul class="cards">
      ${sessions.map(
        (s) =>
          html`<li>
            <strong>${s.current ? 'This browser' : (s.userAgent ?? 'Unknown browser')}</strong>
            <br /><span class="muted"
              >Signed in ${when(s.createdAt)} · last seen ${when(s.lastSeenAt)} · ends ${when(s.expiresAt)}</span
            >
            ${
              s.current
                ? nothing
                : html`<br /><button
                      class="secondary"
                      aria-label="End the session signed in ${when(s.createdAt)}"
                      @click=${() => this.#end(s)}
                    >
                      End session
                    </button>`
            }
          </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-sessions': PorchConsoleSessions;
  }
}
