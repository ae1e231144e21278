import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeError, type ConsoleApi, type ConsoleProfile } from './api.js';
import { fieldStyles, FormOutcome, profilesChanged } from './console-fields.js';
import { consoleStyles } from './styles.js';

/**
 * A new profile by name: created with the API's defaults, then shown for editing.
 *
 * @tagname porch-console-profile-create
 */
@customElement('porch-console-profile-create')
export class PorchConsoleProfileCreate extends LitElement {
  static override styles = [consoleStyles, fieldStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @state() outcome = FormOutcome.none;

  async #create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get('name')).trim();
    this.outcome = FormOutcome.none;
    try {
      const profile = await this.api.createProfile(name);
      form.reset();
      this.outcome = FormOutcome.saved(`Created “${profile.name}”.`);
      profilesChanged(this, profile.id);
    } catch (error) {
      this.outcome = FormOutcome.failed(error);
    }
  }

  override render() {
    const { outcome } = this;
    return html`<form @submit=${this.#create} aria-label="New profile">
      <label for="new-name">New profile’s name</label>
      <div class="row">
        <input
          id="new-name"
          name="name"
          required
          maxlength="100"
          aria-describedby="new-name-error"
          aria-invalid=${outcome.invalid('name')}
        />
        <div><button type="submit">Create profile</button></div>
      </div>
      ${outcome.field('name', 'new-name-error')} ${outcome.summary()}
    </form>`;
  }
}

/**
 * Deletes a profile after a second click to confirm. The API refuses the default profile and one a project or ticket
 * uses (409); its reason is shown as it gives it.
 *
 * @tagname porch-console-profile-delete
 */
@customElement('porch-console-profile-delete')
export class PorchConsoleProfileDelete extends LitElement {
  static override styles = [consoleStyles, fieldStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) profile!: ConsoleProfile;
  @state() confirming = false;
  @state() error = '';

  override willUpdate(changed: Map<string, unknown>) {
    const previous = changed.get('profile') as ConsoleProfile | undefined;
    if (previous && previous.id !== this.profile.id) [this.confirming, this.error] = [false, ''];
  }

  async #delete() {
    this.error = '';
    try {
      await this.api.deleteProfile(this.profile.id);
      profilesChanged(this, null);
    } catch (error) {
      this.confirming = false;
      this.error = `Not deleted: ${describeError(error)}`;
    }
  }

  async #confirm() {
    this.confirming = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('#yes-delete')?.focus();
  }

  override render() {
    if (this.profile.isDefault) return html`<p>This is the default profile; it cannot be deleted.</p>`;
    return html`<h3>Delete</h3>
      <div aria-live="polite">${this.error ? html`<p role="alert">${this.error}</p>` : nothing}</div>
      ${
        this.confirming
          ? html`<p id="confirm-delete">Delete “${this.profile.name}”? This cannot be undone.</p>
              <button id="yes-delete" aria-describedby="confirm-delete" @click=${this.#delete}>Yes, delete</button>
              <button class="secondary" @click=${() => (this.confirming = false)}>Keep it</button>`
          : html`<button class="secondary" @click=${this.#confirm}>Delete this profile</button>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-profile-create': PorchConsoleProfileCreate;
    'porch-console-profile-delete': PorchConsoleProfileDelete;
  }
}
