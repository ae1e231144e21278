import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeError, type ConsoleApi, type ConsoleApiKey, type IssuedApiKey } from './api.js';
import { ActionOutcome } from './action-outcome.js';
import { formatTime as when } from './format.js';
import { consoleStyles } from './styles.js';

const OVERLAPS = [
  { hours: 0, label: 'stops at once' },
  { hours: 1, label: 'works 1 more hour' },
  { hours: 24, label: 'works 24 more hours' },
  { hours: 168, label: 'works 7 more days' },
];

/**
 * API keys for the company's servers: the list (prefix and label; the secret rests nowhere), a new key, rotating one
 * (with an overlap for the old one) and revoking one. A new secret is shown once, with a copy button. Owners and
 * admins only (the console offers it no dispatcher).
 *
 * @tagname porch-console-api-keys
 */
@customElement('porch-console-api-keys')
export class PorchConsoleApiKeys extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) staffRole = '';
  @state() issued: IssuedApiKey | null = null;
  readonly #outcome = new ActionOutcome(this);
  @state() overlapHours = 24;

  readonly keys = new Task(this, {
    task: ([api], { signal }) => api.apiKeys(signal),
    args: () => [this.api] as const,
  });

  #act(work: () => Promise<unknown>, done: string) {
    return this.#outcome.run(async () => {
      await work();
      await this.keys.run();
      return done;
    });
  }

  #create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const label = String(new FormData(form).get('label') ?? '').trim();
    return this.#act(async () => {
      this.issued = await this.api.createApiKey(label);
      form.reset();
    }, 'Key created.');
  }

  #rotate(key: ConsoleApiKey) {
    return this.#act(async () => {
      this.issued = await this.api.rotateApiKey(key.id, this.overlapHours);
    }, `Key ${key.prefix}… rotated.`);
  }

  #revoke(key: ConsoleApiKey) {
    if (!confirm(`Revoke ${key.label ?? key.prefix}? Servers using it are refused at once.`)) return;
    return this.#act(() => this.api.revokeApiKey(key.id), `Key ${key.prefix}… revoked.`);
  }

  async #copy() {
    try {
      await navigator.clipboard.writeText(this.issued!.apiKey);
      this.#outcome.say('Copied to the clipboard.');
    } catch {
      this.#outcome.say('Copying was refused: select the key and copy it yourself.');
    }
  }

  override render() {
    return html`<h1>API keys</h1>
      <p>Your servers call the Porchlight API with a key. Only its first characters are kept to tell keys apart.</p>
      ${this.#outcome.render()} ${this.issued ? this.#secret(this.issued) : nothing}
      ${this.keys.render({
        // A reload keeps the list on screen (and the focus where it was).
        pending: () => (this.keys.value ? this.#list(this.keys.value) : html`<p role="status">Loading keys…</p>`),
        error: (error) => html`<p role="alert">${describeError(error)}</p>`,
        complete: (keys) => this.#list(keys),
      })}`;
  }

  #secret({ apiKey, key, previousExpireAt }: IssuedApiKey) {
    return html`<section class="secret" aria-labelledby="secret-title">
      <h2 id="secret-title">New key ${key.label ? `“${key.label}”` : key.prefix}</h2>
      <p><strong>Copy it now: it is not shown again.</strong></p>
      <label for="secret">Secret key</label>
      <input id="secret" readonly .value=${apiKey} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
      ${previousExpireAt ? html`<p>The replaced key stops working ${when(previousExpireAt)}.</p>` : nothing}
      <button @click=${this.#copy}>Copy key</button>
      <button class="secondary" @click=${() => (this.issued = null)}>Done</button>
    </section>`;
  }

  #list(keys: ConsoleApiKey[]) {
    return html`<h2>Keys</h2>
      ${
        keys.length
          ? html`<label for="overlap">On rotation the old key</label>
              <select
                id="overlap"
                @change=${(e: Event) => (this.overlapHours = Number((e.target as HTMLSelectElement).value))}
              >
                ${OVERLAPS.map((o) => html`<option value=${o.hours} ?selected=${o.hours === this.overlapHours}>${o.label}</option>`)}
              </select>
              <ul class="cards">
                ${keys.map((key) => this.#key(key))}
              </ul>`
          : html`<p>No keys yet: your servers cannot call the API until you create one.</p>`
      }
      <h2>New key</h2>
      <form @submit=${this.#create}>
        <label for="label">Label (where it is used, e.g. “Billing server”)</label>
        <input id="label" name="label" maxlength="80" />
        <button type="submit">Create key</button>
      </form>`;
  }

  #key(key: ConsoleApiKey) {
    const ended = key.revokedAt !== null || (key.expiresAt !== null && new Date(key.expiresAt) <= new Date());
    const name = key.label ?? 'Unlabelled key';
    const status = key.revokedAt
      ? `Revoked ${when(key.revokedAt)}`
      : key.expiresAt
        ? `${ended ? 'Expired' : 'Expires'} ${when(key.expiresAt)}`
        : 'Active';
    return html`<li>
      <strong>${name}</strong> <code>${key.prefix}…</code> <br /><span class="muted"
        >${status} · created ${when(key.createdAt)} · last used ${key.lastUsedAt ? when(key.lastUsedAt) : 'never'}</span
      >
      ${
        ended
          ? nothing
          : html`<br /><button
                class="secondary"
                aria-label="Rotate ${name} (${key.prefix}…)"
                @click=${() => this.#rotate(key)}
              >
                Rotate
              </button>
              <button class="secondary" aria-label="Revoke ${name} (${key.prefix}…)" @click=${() => this.#revoke(key)}>
                Revoke
              </button>`
      }
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-api-keys': PorchConsoleApiKeys;
  }
}
