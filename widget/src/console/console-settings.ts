import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { describeError, type ConsoleApi, type ConsoleSettings } from './api.js';
import { ActionOutcome } from './action-outcome.js';
import { useSiteZone } from './format.js';
import { consoleStyles } from './styles.js';
import './console-origin-check.js';

const ZONES = Intl.supportedValuesOf('timeZone');

/**
 * Settings: the allowed origins (one per line), the company's time zone (the console's clock) and the portal and
 * service-request switches. A dispatcher sees them
 * read-only; a save is still sent, so the API's own 403 ROLE_FORBIDDEN is what they read.
 */
@customElement('porch-console-settings')
export class PorchConsoleSettings extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) staffRole = '';
  readonly #outcome = new ActionOutcome(this);

  readonly settings = new Task(this, {
    task: ([api], { signal }) => api.settings(signal),
    args: () => [this.api] as const,
  });

  #save(event: SubmitEvent, settings: ConsoleSettings) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const allowedOrigins = String(data.get('origins') ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const timezone = this.staffRole === 'dispatcher' ? settings.timezone : String(data.get('timezone') ?? '') || null;
    return this.#outcome.run(async () => {
      const saved = await this.api.updateSettings({
        allowedOrigins,
        timezone,
        // Disabled (read-only) boxes are not in the form data: keep what is stored.
        portalEnabled: this.staffRole === 'dispatcher' ? settings.portalEnabled : data.get('portal') === 'on',
        serviceRequestsEnabled:
          this.staffRole === 'dispatcher' ? settings.serviceRequestsEnabled : data.get('requests') === 'on',
      });
      useSiteZone(saved.timezone);
      await this.settings.run();
      return 'Saved.';
    });
  }

  override render() {
    return html`<h1>Settings</h1>
      ${this.settings.render({
        pending: () => html`<p role="status">Loading settings…</p>`,
        error: (error) => html`<p role="alert">${describeError(error)}</p>`,
        complete: (settings) => this.#form(settings),
      })}`;
  }

  #form(settings: ConsoleSettings) {
    const readOnly = this.staffRole === 'dispatcher';
    return html`<p>Company id: <code>${settings.publicId}</code></p>
      ${readOnly ? html`<p id="read-only">Read-only: only an owner or admin changes settings.</p>` : nothing}
      ${this.#outcome.render()}
      <form @submit=${(e: SubmitEvent) => this.#save(e, settings)} aria-describedby=${readOnly ? 'read-only' : nothing}>
        <label for="origins">Allowed origins (one per line, e.g. https://www.example.com)</label>
        <textarea
          id="origins"
          name="origins"
          rows="4"
          ?readonly=${readOnly}
          .value=${settings.allowedOrigins.join('\n')}
        ></textarea>
        <label for="timezone">Time zone (the console shows every time in it)</label>
        <select id="timezone" name="timezone" ?disabled=${readOnly}>
          <option value="" ?selected=${!settings.timezone}>Not set: each viewer’s own</option>
          ${ZONES.map((zone) => html`<option ?selected=${zone === settings.timezone}>${zone}</option>`)}
        </select>
        <label
          ><input type="checkbox" name="portal" ?checked=${settings.portalEnabled} ?disabled=${readOnly} /> Portal
          enabled</label
        >
        <label
          ><input type="checkbox" name="requests" ?checked=${settings.serviceRequestsEnabled} ?disabled=${readOnly} />
          Service requests enabled</label
        >
        <button type="submit">Save settings</button>
      </form>
      <porch-console-origin-check .allowedOrigins=${settings.allowedOrigins}></porch-console-origin-check>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-settings': PorchConsoleSettings;
  }
}
