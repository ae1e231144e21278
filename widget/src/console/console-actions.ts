import { Task } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import {
  draftOf,
  fieldIssues,
  languageName,
  newDraft,
  toDraft,
  unknownPlaceholders,
  words,
  type FormDraft,
} from './action-drafts.js';
import {
  describeError,
  type ConsoleAction,
  type ConsoleActionDraft,
  type ConsoleActionOptions,
  type ConsoleApi,
} from './api.js';
import { ActionOutcome } from './action-outcome.js';
import { consoleStyles } from './styles.js';

/**
 * Automated actions: the list, and one action's trigger, channel and per-language templates. Placeholders are
 * checked as they are typed against the API's own list; Preview has the API render the draft with sample data.
 *
 * @tagname porch-console-actions
 */
@customElement('porch-console-actions')
export class PorchConsoleActions extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      fieldset {
        border: 1px solid #cbd5e1;
        border-radius: 4px;
        margin: 1rem 0 0;
      }
      .issue {
        color: #991b1b;
        margin: 0.25rem 0 0;
      }
      .preview {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font: inherit;
        background: #f1f5f9;
        padding: 0.5rem;
        border-radius: 4px;
      }
      code {
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) staffRole = '';
  @state() form: FormDraft | null = null;
  @state() issues = new Map<string, string>();
  @state() confirmingDelete = false;
  @state() previewShown = false;
  readonly #outcome = new ActionOutcome(this);

  readonly data = new Task(this, {
    task: async ([api], { signal }) => {
      const [actions, options] = await Promise.all([api.actions(signal), api.actionOptions(signal)]);
      return { actions, options };
    },
    args: () => [this.api] as const,
  });

  readonly preview = new Task(this, {
    task: ([draft]: [ConsoleActionDraft], { signal }) => this.api.previewAction(draft, signal),
    autoRun: false,
  });

  async #open(form: FormDraft) {
    this.form = form;
    this.issues = new Map();
    this.confirmingDelete = false;
    this.previewShown = false;
    this.#outcome.clear();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#action-editing')?.focus();
  }

  #edit(patch: Partial<FormDraft>) {
    this.form = { ...this.form!, ...patch };
  }

  #editText(key: string, value: string) {
    this.#edit({ texts: { ...this.form!.texts, [key]: value } });
    if (this.issues.has(key)) {
      this.issues = new Map([...this.issues].filter(([field]) => field !== key));
    }
  }

  #run(action: () => Promise<string>) {
    this.issues = new Map();
    return this.#outcome.run(action, (error) => (this.issues = fieldIssues(error)));
  }

  #save(options: ConsoleActionOptions) {
    const form = this.form!;
    return this.#run(async () => {
      const draft = toDraft(form, options);
      const saved: ConsoleAction = form.id
        ? await this.api.updateAction(form.id, draft)
        : await this.api.createAction(draft);
      await this.data.run();
      this.form = draftOf(saved, options);
      return `Saved “${saved.name}”.`;
    });
  }

  #delete() {
    const { id, name } = this.form!;
    return this.#run(async () => {
      await this.api.deleteAction(id!);
      this.form = null;
      await this.data.run();
      return `Deleted “${name}”.`;
    });
  }

  #showPreview(options: ConsoleActionOptions) {
    this.previewShown = true;
    void this.preview.run([toDraft(this.form!, options)]);
  }

  override render() {
    return html`<h1>Automated actions</h1>
      ${this.data.render({
        pending: () => html`<p role="status">Loading automated actions…</p>`,
        error: (error) => html`<p role="alert">${describeError(error)}</p>`,
        complete: ({ actions, options }) => this.#list(actions, options),
      })}`;
  }

  #list(actions: ConsoleAction[], options: ConsoleActionOptions) {
    return html`${
        this.staffRole === 'dispatcher'
          ? html`<p>A dispatcher can read automated actions; an owner or admin changes them.</p>`
          : nothing
      }
      ${this.#outcome.render()}
      ${
        actions.length === 0
          ? html`<p>No automated actions yet.</p>`
          : html`<ul class="actions">
              ${actions.map(
                (action) =>
                  html`<li>
                    <button
                      class=${this.form?.id === action.id ? '' : 'secondary'}
                      aria-pressed=${this.form?.id === action.id ? 'true' : 'false'}
                      @click=${() => this.#open(draftOf(action, options))}
                    >
                      ${action.name}
                    </button>
                    ${action.channel}, ${words(action.trigger)}${action.status ? ` ${words(action.status)}` : ''}
                    ${action.enabled ? '' : '(off)'}
                  </li>`,
              )}
            </ul>`
      }
      <button type="button" class="secondary" @click=${() => this.#open(newDraft(options))}>New action</button>
      ${this.form ? this.#editor(this.form, options) : nothing}`;
  }

  #select(id: string, label: string, value: string, choices: string[], onChange: (value: string) => void) {
    return html`<label for=${id}>${label}</label>
      <select id=${id} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
        ${choices.map((choice) => html`<option value=${choice} ?selected=${choice === value}>${words(choice)}</option>`)}
      </select>`;
  }

  #editor(form: FormDraft, options: ConsoleActionOptions) {
    return html`<section aria-labelledby="action-editing">
      <h2 id="action-editing" tabindex="-1">${form.id ? `Edit “${form.name}”` : 'New action'}</h2>
      <form @submit=${(e: SubmitEvent) => (e.preventDefault(), this.#save(options))}>
        <label for="action-name">Name</label>
        <input
          id="action-name"
          required
          maxlength="200"
          .value=${live(form.name)}
          @input=${(e: Event) => this.#edit({ name: (e.target as HTMLInputElement).value })}
        />
        ${this.#select('trigger', 'When', form.trigger, options.triggers, (trigger) => this.#edit({ trigger }))}
        ${
          form.trigger === 'status_reached'
            ? this.#select('status', 'Status reached', form.status, options.statuses, (status) =>
                this.#edit({ status }),
              )
            : nothing
        }
        ${this.#select('channel', 'Channel', form.channel, options.channels, (channel) => this.#edit({ channel }))}
        ${this.#select('portal-mode', 'The portal link opens', form.portalMode, options.portalModes, (portalMode) =>
          this.#edit({ portalMode }),
        )}
        <label
          ><input
            type="checkbox"
            .checked=${live(form.enabled)}
            @change=${(e: Event) => this.#edit({ enabled: (e.target as HTMLInputElement).checked })}
          />
          Enabled</label
        >
        <p id="placeholders">
          Placeholders: ${options.placeholders.map((name, i) => html`${i ? ', ' : ''}<code>{{${name}}}</code>`)}
        </p>
        ${options.languages.map(
          (language) =>
            html`<fieldset lang=${language}>
              <legend>${languageName(language)}</legend>
              ${form.channel === 'email' ? this.#text(form, options, language, 'subject') : nothing}
              ${this.#text(form, options, language, 'body')}
            </fieldset>`,
        )}
        <button type="submit">Save</button>
        <button type="button" class="secondary" @click=${() => this.#showPreview(options)}>Preview</button>
        ${
          form.id && !this.confirmingDelete
            ? html`<button type="button" class="secondary" @click=${() => (this.confirmingDelete = true)}>
                Delete
              </button>`
            : nothing
        }
      </form>
      ${
        this.confirmingDelete
          ? html`<div role="group" aria-labelledby="confirm-delete">
              <p id="confirm-delete">Delete “${form.name}”? Messages it already wrote stay in the outbox.</p>
              <button type="button" @click=${() => this.#delete()}>Delete for good</button>
              <button type="button" class="secondary" @click=${() => (this.confirmingDelete = false)}>Keep it</button>
            </div>`
          : nothing
      }
      ${this.previewShown ? this.#preview() : nothing}
    </section>`;
  }

  #text(form: FormDraft, options: ConsoleActionOptions, language: string, part: 'subject' | 'body') {
    const key = `${language}.${part}`;
    const id = `${language}-${part}`;
    const value = form.texts[key] ?? '';
    const unknown = unknownPlaceholders(value, options.placeholders);
    const issue = unknown.length
      ? `Unknown placeholder ${unknown.map((name) => `{{${name}}}`).join(', ')}`
      : this.issues.get(key);
    const onInput = (e: Event) => this.#editText(key, (e.target as HTMLInputElement | HTMLTextAreaElement).value);
    const label = html`<label for=${id}>${part === 'subject' ? 'Subject' : 'Text'} (${languageName(language)})</label>`;
    const field =
      part === 'subject'
        ? html`<input
            id=${id}
            dir="auto"
            maxlength="200"
            .value=${live(value)}
            aria-invalid=${issue ? 'true' : 'false'}
            aria-describedby="${id}-issue placeholders"
            @input=${onInput}
          />`
        : html`<textarea
            id=${id}
            dir="auto"
            rows="5"
            .value=${live(value)}
            aria-invalid=${issue ? 'true' : 'false'}
            aria-describedby="${id}-issue placeholders"
            @input=${onInput}
          ></textarea>`;
    return html`${label}${field}
      <p id="${id}-issue" class="issue" aria-live="polite">${issue ?? ''}</p>`;
  }

  #preview() {
    return html`<section aria-labelledby="preview-heading">
      <h3 id="preview-heading">Preview with sample data</h3>
      ${this.preview.render({
        pending: () => html`<p role="status">Rendering the preview…</p>`,
        error: (error) => html`<p role="alert">${describeError(error)}</p>`,
        complete: (preview) =>
          Object.entries(preview.templates).map(
            ([language, rendered]) =>
              html`<article lang=${language} aria-labelledby="preview-${language}">
                <h4 id="preview-${language}">${languageName(language)}</h4>
                ${rendered.subject === null ? nothing : html`<p><strong>Subject:</strong> ${rendered.subject}</p>`}
                <div class="preview">${rendered.body}</div>
              </article>`,
          ),
      })}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-actions': PorchConsoleActions;
  }
}
