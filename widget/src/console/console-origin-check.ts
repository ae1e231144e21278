import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { checkOrigin, type OriginVerdict } from './origin-check.js';
import { consoleStyles } from './styles.js';

/**
 * "Test this origin" beside the allowed origins: says whether a text is an origin as a browser sends it and whether
 * the saved list allows it (exact match), and what to fix. It checks the text only; it requests nothing.
 *
 * @tagname porch-console-origin-check
 */
@customElement('porch-console-origin-check')
export class PorchConsoleOriginCheck extends LitElement {
  static override styles = consoleStyles;

  /** The saved list (what the API enforces), not the text being edited. */
  @property({ attribute: false }) allowedOrigins: readonly string[] = [];
  @state() verdict: OriginVerdict | null = null;

  #test(event: SubmitEvent) {
    event.preventDefault();
    const text = String(new FormData(event.target as HTMLFormElement).get('candidate') ?? '');
    this.verdict = checkOrigin(text, this.allowedOrigins);
  }

  override render() {
    return html`<form @submit=${this.#test}>
        <label for="candidate">Test this origin (the address of the page that embeds the portal)</label>
        <input id="candidate" name="candidate" placeholder="https://www.example.com" autocomplete="off" />
        <button type="submit" class="secondary">Test origin</button>
      </form>
      <div aria-live="polite" id="verdict">${this.verdict ? this.#verdict(this.verdict) : nothing}</div>`;
  }

  #verdict({ origin, problems, allowed }: OriginVerdict) {
    if (problems.length) {
      return html`<p class="problem"><strong>Not a well-formed origin.</strong></p>
        <ul>
          ${problems.map((p) => html`<li>${p}</li>`)}
        </ul>
        ${
          origin
            ? html`<p>
                ${origin} itself is ${this.allowedOrigins.includes(origin) ? 'allowed' : 'not in the saved list'}.
              </p>`
            : nothing
        }`;
    }
    return allowed
      ? html`<p class="note"><strong>Allowed:</strong> pages on ${origin} may embed the portal.</p>`
      : html`<p class="problem">
          <strong>Well-formed but not allowed:</strong> add ${origin} to the list above and save.
        </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-origin-check': PorchConsoleOriginCheck;
  }
}
