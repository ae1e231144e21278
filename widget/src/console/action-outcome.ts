import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { describeError } from './api.js';

/**
 * What a staff member's last action on a screen came to — its message, or what went wrong — shown in a polite live
 * region. A new action clears the last outcome first.
 */
export class ActionOutcome implements ReactiveController {
  message = '';
  error = '';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Runs `action`; its answer becomes the message, a failure the error (and goes to `onFailure`). */
  async run(action: () => Promise<string>, onFailure?: (error: unknown) => void): Promise<void> {
    this.clear();
    try {
      this.say(await action());
    } catch (error) {
      this.error = describeError(error);
      onFailure?.(error);
      this.host.requestUpdate();
    }
  }

  /** Shows `message` in place of the last outcome. */
  say(message: string): void {
    this.message = message;
    this.error = '';
    this.host.requestUpdate();
  }

  clear(): void {
    this.say('');
  }

  render() {
    return html`<div aria-live="polite">
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      ${this.message ? html`<p class="note">${this.message}</p>` : nothing}
    </div>`;
  }
}
