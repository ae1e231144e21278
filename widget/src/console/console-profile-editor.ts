import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { Module, StatusKey, StatusLabels } from '../api/types.js';
import { timeline } from '../i18n/en/timeline.js';
import type { ConsoleApi, ConsoleProfile } from './api.js';
import { attempt, fieldStyles, FormOutcome, LANGUAGES, profilesChanged, type Language } from './console-fields.js';
import { consoleStyles } from './styles.js';

const MODULE_LABELS: Record<Module, string> = {
  status: 'Status (always on)',
  appointment: 'Appointment booking (needs the booking mode)',
  updates: 'Updates',
  share: 'Sharing the link',
  feedback: 'Feedback',
  requests: 'Service requests',
  messages: 'Messages',
  invoices: 'Invoices',
};
const MODULES = Object.keys(MODULE_LABELS) as Module[];
const STATUSES = Object.keys(timeline.status) as StatusKey[];

/**
 * One profile's portal: its mode, the sections its links grant, whether it asks for feedback, its default language
 * and its own names for the statuses in `language` (the other languages' names are kept).
 *
 * @tagname porch-console-profile-editor
 */
@customElement('porch-console-profile-editor')
export class PorchConsoleProfileEditor extends LitElement {
  static override styles = [consoleStyles, fieldStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) profile!: ConsoleProfile;
  /** The language whose status names are edited. */
  @property() language: Language = 'en';
  @state() outcome = FormOutcome.none;

  override willUpdate(changed: Map<string, unknown>) {
    const previous = changed.get('profile') as ConsoleProfile | undefined;
    if (previous && previous.id !== this.profile.id) this.outcome = FormOutcome.none;
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const names = Object.fromEntries(
      STATUSES.map((status) => [status, String(data.get(`status-${status}`) ?? '').trim()]).filter(([, v]) => v),
    );
    const statusLabels: StatusLabels = { ...this.profile.statusLabels, [this.language]: names };
    if (Object.keys(names).length === 0) delete statusLabels[this.language];
    const profile = this.profile;
    this.outcome = FormOutcome.none;
    this.outcome = await attempt(
      () =>
        this.api.updateProfile(profile.id, {
          language: String(data.get('language')),
          mode: data.get('mode') as ConsoleProfile['mode'],
          modules: MODULES.filter((m) => m === 'status' || data.has(`module-${m}`)),
          feedbackEnabled: data.has('feedbackEnabled'),
          statusLabels,
        }),
      'Portal settings saved.',
    );
    if (!this.outcome.error) profilesChanged(this);
  }

  override render() {
    const { profile, outcome, language } = this;
    const names = profile.statusLabels[language] ?? {};
    return html`<h3>Portal</h3>
      ${outcome.summary()}
      <form @submit=${this.#save} aria-label="Portal settings">
        <label for="default-language">Default language (when the page’s language has no text)</label>
        <select
          id="default-language"
          name="language"
          aria-describedby="default-language-error"
          aria-invalid=${outcome.invalid('language')}
        >
          ${LANGUAGES.map(([code, name]) => html`<option value=${code} ?selected=${code === profile.language}>${name}</option>`)}
        </select>
        ${outcome.field('language', 'default-language-error')}
        <label for="mode">What customers can do</label>
        <select id="mode" name="mode" aria-describedby="mode-error" aria-invalid=${outcome.invalid('mode')}>
          <option value="tracking" ?selected=${profile.mode === 'tracking'}>Track the visit</option>
          <option value="tracking+booking" ?selected=${profile.mode === 'tracking+booking'}>
            Track the visit and book an appointment
          </option>
        </select>
        ${outcome.field('mode', 'mode-error')}
        <fieldset aria-describedby="modules-error">
          <legend>Sections the links grant</legend>
          ${MODULES.map(
            (m) =>
              html`<label class="inline"
                ><input
                  type="checkbox"
                  id=${`module-${m}`}
                  name=${`module-${m}`}
                  .checked=${live(m === 'status' || profile.modules.includes(m))}
                  ?disabled=${m === 'status'}
                />${MODULE_LABELS[m]}</label
              >`,
          )}
          ${outcome.field('modules', 'modules-error')}
        </fieldset>
        <label class="inline"
          ><input
            type="checkbox"
            id="feedback-enabled"
            name="feedbackEnabled"
            .checked=${live(profile.feedbackEnabled)}
          />Ask for feedback once the visit is completed</label
        >
        <fieldset aria-describedby="status-labels-error">
          <legend>
            Status names in ${LANGUAGES.find(([code]) => code === language)?.[1]} (the texts’ language above; empty: the
            standard name)
          </legend>
          ${STATUSES.map((status) => {
            const path = `statusLabels.${language}.${status}`;
            return html`<label for=${`status-${status}`}>${timeline.status[status]}</label>
              <input
                id=${`status-${status}`}
                name=${`status-${status}`}
                lang=${language}
                dir=${language === 'ar' ? 'rtl' : 'auto'}
                maxlength="60"
                aria-describedby=${`status-${status}-error`}
                aria-invalid=${outcome.invalid(path)}
                .value=${live(names[status] ?? '')}
              />
              ${outcome.field(path, `status-${status}-error`)}`;
          })}
          ${outcome.field('statusLabels', 'status-labels-error')}
        </fieldset>
        <button type="submit">Save portal settings</button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-profile-editor': PorchConsoleProfileEditor;
  }
}
