import { Task } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { LocalizedText, ThemeTokens } from '../api/types.js';
import { describeError, type ConsoleApi } from './api.js';
import { AA_TEXT, contrastChecks, defaultColors, parseColor } from './contrast.js';
import { ActionOutcome } from './action-outcome.js';
import { consoleStyles } from './styles.js';
import type { PreviewBrand } from './console-preview.js';
import './console-preview.js';

type ColorToken = 'colorPrimary' | 'colorOnPrimary' | 'colorText' | 'colorSurface';
const COLORS: [ColorToken, string, string][] = [
  ['colorPrimary', 'Primary colour', 'Buttons, the current step, focus rings.'],
  ['colorOnPrimary', 'Text on the primary colour', 'Button labels.'],
  ['colorText', 'Text colour', 'Body text.'],
  ['colorSurface', 'Background', 'Behind the text.'],
];
const MODES = [
  ['light', 'Light'],
  ['dark', 'Dark'],
  ['auto', 'Follow the customer’s system'],
] as const;
const DENSITIES = [
  ['compact', 'Compact'],
  ['comfortable', 'Comfortable'],
  ['spacious', 'Spacious'],
] as const;
const FONTS = ['Georgia, serif', 'Verdana, sans-serif', '"Trebuchet MS", sans-serif', 'system-ui, sans-serif'];

const hex = (channel: number) => channel.toString(16).padStart(2, '0');
/** The colour picker's `#rrggbb` for what the customer sees: the value, else the widget's default. */
const pickerValue = (theme: ThemeTokens, token: ColorToken) => {
  const rgb = parseColor(theme[token] || defaultColors(theme.mode === 'dark' ? 'dark' : 'light')[token]);
  return rgb ? `#${rgb.map(hex).join('')}` : '#000000';
};
/** The theme as sent and previewed: values trimmed, empty ones left out (an emptied field means the default). */
const withoutEmpty = (theme: ThemeTokens): ThemeTokens =>
  Object.fromEntries(
    Object.entries(theme)
      .map(([token, value]) => [token, String(value ?? '').trim()])
      .filter(([, value]) => value),
  ) as ThemeTokens;

/**
 * @tagname porch-console-theme
 * One profile's theme: colours, corner radius, font, light or dark and density, with a WCAG AA contrast check that warns and
 * a live preview of the customer's elements that follows every change before it is saved.
 */
@customElement('porch-console-theme')
export class PorchConsoleTheme extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .color {
        display: flex;
        gap: 0.5rem;
      }
      .color input[type='color'] {
        width: 3rem;
        padding: 0.1rem;
      }
      .hint {
        margin: 0;
        font-size: 0.875rem;
        color: #475569;
      }
      fieldset {
        margin-top: 0.75rem;
        border: 1px solid #64748b;
        border-radius: 4px;
      }
      fieldset label {
        display: inline-block;
        font-weight: 400;
        margin: 0 1rem 0 0;
      }
      fieldset input {
        width: auto;
        margin-right: 0.3rem;
      }
      .checks {
        padding-inline-start: 1.25rem;
      }
      .warning {
        color: #92400e;
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) profileId = '';
  @property({ type: Boolean }) readOnly = false;
  /** The theme being edited: the preview wears it at once; Save sends it. */
  @state() draft: ThemeTokens = {};
  readonly #outcome = new ActionOutcome(this);

  /** The profile and what the preview's header shows of it: the company's name, the logo and the greeting. */
  readonly profile = new Task(this, {
    task: async ([api, id], { signal }) => {
      const [profile, settings] = await Promise.all([api.profile(id, signal), api.settings(signal)]);
      const language = profile.language as keyof LocalizedText;
      const brand: PreviewBrand = {
        company: settings.name,
        logoUrl: profile.logoUrl,
        salutation: profile.salutation?.[language] ?? null,
        language,
      };
      return { profile, brand };
    },
    args: () => [this.api, this.profileId] as const,
    onComplete: ({ profile }) => (this.draft = { ...profile.theme }),
  });

  #set(token: keyof ThemeTokens, value: string) {
    this.#outcome.clear();
    // Kept as typed (a font list's space after a comma is trailing while it is typed); trimmed on the way out.
    this.draft = { ...this.draft, [token]: value };
  }

  #save(event: SubmitEvent) {
    event.preventDefault();
    return this.#outcome.run(async () => {
      const saved = await this.api.updateProfile(this.profileId, { theme: withoutEmpty(this.draft) });
      this.draft = { ...saved.theme };
      return 'Theme saved.';
    });
  }

  override render() {
    return this.profile.render({
      pending: () => html`<p role="status">Loading the theme…</p>`,
      error: (error) => html`<p role="alert">${describeError(error)}</p>`,
      complete: ({ brand }) =>
        html`${this.#form()} ${this.#contrast()}
          <h4>Preview</h4>
          <p class="hint">
            The customer’s portal — your logo and greeting over a sample ticket — in your theme as you edit it.
          </p>
          <porch-console-preview .theme=${withoutEmpty(this.draft)} .brand=${brand}></porch-console-preview>`,
    });
  }

  #form() {
    const { draft, readOnly } = this;
    return html`<form @submit=${this.#save}>
      <fieldset>
        <legend>Light or dark</legend>
        ${MODES.map(
          ([mode, label]) =>
            html`<label
              ><input
                type="radio"
                name="mode"
                value=${mode}
                ?disabled=${readOnly}
                .checked=${live((draft.mode ?? 'light') === mode)}
                @change=${() => this.#set('mode', mode)}
              />${label}</label
            >`,
        )}
      </fieldset>
      <fieldset aria-describedby="density-hint">
        <legend>Density</legend>
        <p class="hint" id="density-hint">The space around and between the portal’s parts.</p>
        ${DENSITIES.map(
          ([density, label]) =>
            html`<label
              ><input
                type="radio"
                name="density"
                value=${density}
                ?disabled=${readOnly}
                .checked=${live((draft.density ?? 'comfortable') === density)}
                @change=${() => this.#set('density', density)}
              />${label}</label
            >`,
        )}
      </fieldset>
      ${COLORS.map(
        ([token, label, hint]) =>
          html`<label for=${token}>${label}</label>
            <p class="hint" id="${token}-hint">
              ${hint} Hex, e.g. #c2410c; empty for the widget’s default, which the picker shows.
            </p>
            <div class="color">
              <input
                id=${token}
                aria-describedby="${token}-hint"
                ?readonly=${readOnly}
                maxlength="100"
                .value=${live(draft[token] ?? '')}
                @input=${(e: Event) => this.#set(token, (e.target as HTMLInputElement).value)}
              />
              <input
                type="color"
                aria-label="${label}: picker"
                ?disabled=${readOnly}
                .value=${live(pickerValue(draft, token))}
                @input=${(e: Event) => this.#set(token, (e.target as HTMLInputElement).value)}
              />
            </div>`,
      )}
      <label for="radius">Corner radius</label>
      <p class="hint" id="radius-hint">A CSS length, e.g. 4px, 0.75rem (the default) or 0 for square corners.</p>
      <input
        id="radius"
        aria-describedby="radius-hint"
        ?readonly=${readOnly}
        maxlength="100"
        .value=${live(draft.radius ?? '')}
        @input=${(e: Event) => this.#set('radius', (e.target as HTMLInputElement).value)}
      />
      <label for="font">Font</label>
      <p class="hint" id="font-hint">A CSS font list; empty for the customer’s system font.</p>
      <input
        id="font"
        list="fonts"
        aria-describedby="font-hint"
        ?readonly=${readOnly}
        maxlength="100"
        .value=${live(draft.fontFamily ?? '')}
        @input=${(e: Event) => this.#set('fontFamily', (e.target as HTMLInputElement).value)}
      />
      <datalist id="fonts">${FONTS.map((font) => html`<option value=${font}></option>`)}</datalist>
      ${this.#outcome.render()} ${readOnly ? nothing : html`<button type="submit">Save theme</button>`}
    </form>`;
  }

  #contrast() {
    const checks = contrastChecks(withoutEmpty(this.draft));
    const low = checks.filter((check) => check.ratio !== null && check.ratio < AA_TEXT);
    return html`<h4>Contrast</h4>
      <p aria-live="polite" class=${low.length ? 'warning' : ''} id="contrast-summary">
        ${
          low.length
            ? `Warning: ${low.length} colour pair${low.length > 1 ? 's are' : ' is'} below ${AA_TEXT}:1, the WCAG AA minimum for text. Some customers will struggle to read ${low.length > 1 ? 'them' : 'it'}.`
            : `Every pair checked meets WCAG AA (${AA_TEXT}:1 for text).`
        }
      </p>
      <ul class="checks">
        ${checks.map(
          (check) =>
            html`<li class=${check.ratio !== null && check.ratio < AA_TEXT ? 'warning' : ''}>
              ${check.label}: ${check.foreground} on ${check.background} —
              ${
                check.ratio === null
                  ? 'cannot check this colour (use hex)'
                  : `${check.ratio.toFixed(2)}:1${check.ratio < AA_TEXT ? ', too low' : ''}`
              }
            </li>`,
        )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-theme': PorchConsoleTheme;
  }
}
