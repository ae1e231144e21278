import { css, html, nothing } from 'lit';
import { ConsoleApiError, describeError } from './api.js';

/** The languages a profile's texts may be in (the API refuses any other). */
export const LANGUAGES = [
  ['en', 'English'],
  ['de', 'Deutsch'],
  ['fr', 'Français'],
  ['es', 'Español'],
  ['it', 'Italiano'],
  ['ar', 'العربية'],
] as const;
export type Language = (typeof LANGUAGES)[number][0];

/**
 * How a save went: a line for the whole form (success or failure), and a failure's 400 issues by field path, without
 * the `json.` prefix (`windows.0.end`), for showing next to the field.
 */
export class FormOutcome {
  private constructor(
    readonly message: string,
    readonly error: string,
    private readonly fields: ReadonlyMap<string, string>,
  ) {}

  static readonly none = new FormOutcome('', '', new Map());

  static saved(message: string) {
    return new FormOutcome(message, '', new Map());
  }

  static failed(error: unknown) {
    const issues = error instanceof ConsoleApiError ? error.issues : [];
    const fields = new Map(issues.map((issue) => [issue.path.replace(/^json\.?/, ''), issue.message]));
    return new FormOutcome('', describeError(error), fields);
  }

  /** The API's message for this field, if it named it. */
  at(path: string) {
    return this.fields.get(path);
  }

  /** The summary above a form: the saved note or the failure, announced. */
  summary() {
    return html`<div aria-live="polite">
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      ${this.message ? html`<p class="note">${this.message}</p>` : nothing}
    </div>`;
  }

  /** The field's error line; the field names it with `aria-describedby=${id}` and `aria-invalid=${invalid(path)}`. */
  field(path: string, id: string) {
    const message = this.at(path);
    return html`<p class="field-error" id=${id} ?hidden=${!message}>${message ?? ''}</p>`;
  }

  invalid(path: string) {
    return this.at(path) ? 'true' : 'false';
  }
}

/** Runs a save and gives its outcome: `saved` as its note, or the failure and its field issues. */
export async function attempt<T>(action: () => Promise<T>, saved: string): Promise<FormOutcome> {
  try {
    await action();
    return FormOutcome.saved(saved);
  } catch (error) {
    return FormOutcome.failed(error);
  }
}

/** Tells the profiles screen that profiles changed (reload the list; `selected`: the profile to show, null none). */
export function profilesChanged(from: HTMLElement, selected?: string | null) {
  from.dispatchEvent(
    new CustomEvent('porch-console-profiles-changed', { bubbles: true, composed: true, detail: { selected } }),
  );
}
export type ProfilesChangedEvent = CustomEvent<{ selected?: string | null }>;

export const fieldStyles = css`
  fieldset {
    border: 1px solid #cbd5e1;
    border-radius: 4px;
    margin: 1rem 0 0;
    padding: 0.5rem 0.75rem 0.75rem;
  }
  legend {
    font-weight: 600;
  }
  .field-error {
    color: #991b1b;
    margin: 0.25rem 0 0;
  }
  [aria-invalid='true'] {
    border: 2px solid #991b1b;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.75rem;
    align-items: end;
  }
  .row > * {
    flex: 1 1 8rem;
    min-width: 0;
  }
  .row > button {
    flex: 0 0 auto;
  }
  input[type='radio'] {
    width: auto;
    margin-right: 0.5rem;
  }
  ul.projects {
    list-style: none;
    padding: 0;
  }
  label.inline {
    font-weight: normal;
    margin-top: 0.25rem;
  }
`;
