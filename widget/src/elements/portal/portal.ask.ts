import { css, html, nothing, type ReactiveControllerHost } from 'lit';
import { PorchClient } from '../../api/client.js';
import { toPorchApiError } from '../../api/errors.js';
import type { PortalTexts } from '../../i18n/index.js';
import { plural } from '../../i18n/plural.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
type AskState = 'idle' | 'sending' | 'sent' | 'invalid' | 'limited' | 'failed';

/** The form's styles, adopted by the portal when this module loads. */
export const askStyles = css`
  .ask-title {
    width: 100%;
    margin: 0;
    font-size: 1.125rem;
  }
  .ask,
  .ask-result {
    margin: 0;
    padding: 0 var(--_inset) var(--_inset);
  }
  .ask {
    display: grid;
    gap: 0.5rem;
  }
  .ask-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .ask input {
    flex: 1 1 12rem;
    min-height: 2.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) * 0.75);
    font: inherit;
    color: inherit;
    background: var(--_surface);
  }
  .ask input:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 1px;
  }
  .ask-problem {
    margin: 0;
    color: var(--porch-color-danger, #b91c1c);
  }
`;

/**
 * The portal's "email me a new link" form, shown under a link problem when the portal knows its tenant. The answer is
 * the same for any address; a rate limit and a refused address say so.
 */
export class PortalAsk {
  #host: ReactiveControllerHost;
  #texts: () => { t: PortalTexts; locale: string };
  #state: AskState = 'idle';
  /** How long the login link just requested works, as the API said. */
  #minutes = 0;

  constructor(host: ReactiveControllerHost, texts: () => { t: PortalTexts; locale: string }) {
    this.#host = host;
    this.#texts = texts;
  }

  #set(state: AskState): void {
    this.#state = state;
    this.#host.requestUpdate();
  }

  async #submit(event: SubmitEvent, tenant: string, api: string): Promise<void> {
    event.preventDefault();
    const email = String(new FormData(event.target as HTMLFormElement).get('email') ?? '').trim();
    if (!EMAIL.test(email)) return this.#set('invalid');
    this.#set('sending');
    try {
      this.#minutes = (await new PorchClient({ baseUrl: api }).requestLoginLink(tenant, email)).expiresInMinutes;
      this.#set('sent');
    } catch (error) {
      const code = toPorchApiError(error).code;
      this.#set(code === 'RATE_LIMITED' ? 'limited' : code === 'VALIDATION_FAILED' ? 'invalid' : 'failed');
    }
  }

  render(tenant: string, api: string) {
    const { t, locale } = this.#texts();
    const state = this.#state;
    if (state === 'sent') {
      return html`<p part="ask-result" class="ask-result" role="status">
        ${t.sent} ${plural(locale, this.#minutes, t.lifetime)}
      </p>`;
    }
    const problem = { invalid: t.invalidEmail, limited: t.tooMany, failed: t.sendFailed }[state as string];
    return html`<form part="ask" class="ask" @submit=${(e: SubmitEvent) => this.#submit(e, tenant, api)} novalidate>
      <h3 class="ask-title">${t.askTitle}</h3>
      <label for="email">${t.emailLabel}</label>
      <div class="ask-row">
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          required
          aria-invalid=${state === 'invalid' ? 'true' : 'false'}
          aria-describedby=${problem ? 'ask-problem' : nothing}
        />
        <button type="submit" ?disabled=${state === 'sending'}>${state === 'sending' ? t.sending : t.send}</button>
      </div>
      ${problem ? html`<p id="ask-problem" class="ask-problem" role="alert">${problem}</p>` : nothing}
    </form>`;
  }
}
