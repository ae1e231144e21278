import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { LocalizedText } from '../api/types.js';
import { describeError, TEXT_FIELDS, type ConsoleApi, type ConsoleProfile, type TextField } from './api.js';
import { LANGUAGES, type Language, type ProfilesChangedEvent } from './console-fields.js';
import { ActionOutcome } from './action-outcome.js';
import { consoleStyles } from './styles.js';
import './console-booking-windows.js';
import './console-feedback-questions.js';
import './console-profile-editor.js';
import './console-profile-lifecycle.js';
import './console-projects.js';
import './console-theme.js';

const FIELD_LABELS: Record<TextField, string> = {
  salutation: 'Salutation',
  bookingText: 'Booking text',
  disclaimer: 'Disclaimer',
};

const asMap = (text: LocalizedText | string | null, fallback: string): LocalizedText =>
  typeof text === 'string' ? { [fallback]: text } : { ...(text ?? {}) };

/**
 * Profiles: the list (a new one above it, the projects below), and one profile's name and per-language texts, clone,
 * logo upload, then its parts: portal settings, feedback questions, appointment windows, delete.
 */
@customElement('porch-console-profiles')
export class PorchConsoleProfiles extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) staffRole = '';
  @state() selected: string | null = null;
  @state() language = 'en';
  readonly #outcome = new ActionOutcome(this);
  @state() theming = false;

  readonly profiles = new Task(this, {
    task: ([api], { signal }) => api.profiles(signal),
    args: () => [this.api] as const,
  });

  constructor() {
    super();
    // A part (create, delete, portal, projects…) changed profiles: reload the list, show the one it names.
    this.addEventListener('porch-console-profiles-changed', (event) => {
      const { selected } = (event as ProfilesChangedEvent).detail;
      if (selected !== undefined) this.selected = selected;
      void this.profiles.run();
    });
  }

  #save(profile: ConsoleProfile, form: HTMLFormElement) {
    const data = new FormData(form);
    const patch: Partial<Pick<ConsoleProfile, 'name' | TextField>> = { name: String(data.get('name')) };
    for (const field of TEXT_FIELDS) {
      const texts = asMap(profile[field], profile.language);
      const value = String(data.get(field) ?? '');
      if (value) texts[this.language as keyof LocalizedText] = value;
      else delete texts[this.language as keyof LocalizedText];
      patch[field] = texts;
    }
    return this.#outcome.run(async () => {
      await this.api.updateProfile(profile.id, patch);
      await this.profiles.run();
      return 'Saved.';
    });
  }

  #clone(profile: ConsoleProfile) {
    return this.#outcome.run(async () => {
      const copy = await this.api.cloneProfile(profile.id);
      await this.profiles.run();
      this.selected = copy.id;
      return `Cloned as “${copy.name}”.`;
    });
  }

  #upload(profile: ConsoleProfile, input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    return this.#outcome.run(async () => {
      await this.api.uploadLogo(profile.id, file);
      await this.profiles.run();
      return 'Logo uploaded.';
    });
  }

  override render() {
    return html`<h1>Profiles</h1>
      <porch-console-profile-create .api=${this.api}></porch-console-profile-create>
      ${this.profiles.render({
        // A reload keeps the list and the open profile's parts (and what they just said) on screen.
        pending: () =>
          this.profiles.value ? this.#list(this.profiles.value) : html`<p role="status">Loading profiles…</p>`,
        error: (error) => html`<p role="alert">${describeError(error)}</p>`,
        complete: (profiles) => this.#list(profiles),
      })}`;
  }

  #list(profiles: ConsoleProfile[]) {
    return profiles.length === 0
      ? html`<p>No profiles yet.</p>`
      : html`<ul class="profiles">
            ${profiles.map(
              (p) =>
                html`<li>
                  <button
                    class=${this.selected === p.id ? '' : 'secondary'}
                    aria-pressed=${this.selected === p.id ? 'true' : 'false'}
                    @click=${() => (this.selected = p.id)}
                  >
                    ${p.name}${p.isDefault ? ' (default)' : ''}
                  </button>
                </li>`,
            )}
          </ul>
          ${this.#editor(profiles.find((p) => p.id === this.selected))}
          <porch-console-projects .api=${this.api} .profiles=${profiles}></porch-console-projects>`;
  }

  #editor(profile: ConsoleProfile | undefined) {
    if (!profile) return nothing;
    const lang = this.language as keyof LocalizedText;
    const readOnly = this.staffRole === 'dispatcher';
    return html`<section aria-labelledby="editing">
      <h2 id="editing">${profile.name}</h2>
      ${readOnly ? html`<p>A dispatcher can read profiles; an owner or admin changes them.</p>` : nothing}
      ${this.#outcome.render()}
      <form @submit=${(e: SubmitEvent) => (e.preventDefault(), this.#save(profile, e.target as HTMLFormElement))}>
        <label for="name">Name</label>
        <input id="name" name="name" required maxlength="100" .value=${live(profile.name)} />
        <label for="language">Language of the texts</label>
        <select id="language" @change=${(e: Event) => (this.language = (e.target as HTMLSelectElement).value)}>
          ${LANGUAGES.map(([code, name]) => html`<option value=${code} ?selected=${code === this.language}>${name}</option>`)}
        </select>
        ${TEXT_FIELDS.map(
          (field) =>
            html`<label for=${field}>${FIELD_LABELS[field]} (${lang})</label>
              <textarea
                id=${field}
                name=${field}
                dir=${lang === 'ar' ? 'rtl' : 'auto'}
                lang=${lang}
                rows=${field === 'salutation' ? 2 : 4}
                .value=${live(asMap(profile[field], profile.language)[lang] ?? '')}
              ></textarea>`,
        )}
        <button type="submit">Save</button>
        <button type="button" class="secondary" @click=${() => this.#clone(profile)}>Clone</button>
      </form>
      <h3>Logo</h3>
      ${profile.logoUrl ? html`<img src=${profile.logoUrl} alt="Current logo" height="25" />` : html`<p>No logo.</p>`}
      <label for="logo">Upload a PNG or JPEG, at most 25 px high and 20 KB</label>
      <input
        id="logo"
        type="file"
        accept="image/png,image/jpeg"
        @change=${(e: Event) => this.#upload(profile, e.target as HTMLInputElement)}
      />
      <h3>Theme</h3>
      <button
        type="button"
        class="secondary"
        aria-expanded=${this.theming}
        @click=${() => (this.theming = !this.theming)}
      >
        Theme and preview
      </button>
      ${
        this.theming
          ? html`<porch-console-theme
              .api=${this.api}
              .profileId=${profile.id}
              ?readOnly=${readOnly}
            ></porch-console-theme>`
          : nothing
      }
      ${this.#parts(profile)}
    </section>`;
  }

  #parts(profile: ConsoleProfile) {
    const language = this.language as Language;
    return html`<porch-console-profile-editor .api=${this.api} .profile=${profile} .language=${language}>
      </porch-console-profile-editor>
      <porch-console-feedback-questions .api=${this.api} .profile=${profile} .language=${language}>
      </porch-console-feedback-questions>
      <porch-console-booking-windows .api=${this.api} .profile=${profile}></porch-console-booking-windows>
      <porch-console-profile-delete .api=${this.api} .profile=${profile}></porch-console-profile-delete>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-profiles': PorchConsoleProfiles;
  }
}
