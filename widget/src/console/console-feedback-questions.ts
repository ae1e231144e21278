import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { FeedbackQuestion, LocalizedText } from '../api/types.js';
import type { ConsoleApi, ConsoleProfile } from './api.js';
import { attempt, fieldStyles, FormOutcome, LANGUAGES, profilesChanged, type Language } from './console-fields.js';
import { consoleStyles } from './styles.js';

const KINDS: Record<FeedbackQuestion['kind'], string> = {
  yes_no: 'Yes or no',
  one: 'One of the options',
  many: 'Any of the options',
};

/** The label with `language`'s text set to `value` (removed when empty); the other languages stay. */
function relabel(label: LocalizedText, language: Language, value: string): LocalizedText {
  const next = { ...label };
  if (value.trim()) next[language] = value;
  else delete next[language];
  return next;
}

/**
 * A profile's feedback questions (asked after the star rating) and their options, worded in `language`; the other
 * languages' wordings are kept. Texts are stored and shown as typed, markup included.
 *
 * @tagname porch-console-feedback-questions
 */
@customElement('porch-console-feedback-questions')
export class PorchConsoleFeedbackQuestions extends LitElement {
  static override styles = [consoleStyles, fieldStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) profile!: ConsoleProfile;
  @property() language: Language = 'en';
  /** The questions being edited, from the profile until saved. */
  @state() draft: FeedbackQuestion[] = [];
  @state() outcome = FormOutcome.none;

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('profile')) {
      this.draft = structuredClone(this.profile.feedbackQuestions);
      const previous = changed.get('profile') as ConsoleProfile | undefined;
      if (previous && previous.id !== this.profile.id) this.outcome = FormOutcome.none;
    }
  }

  #change(index: number, update: (question: FeedbackQuestion) => FeedbackQuestion) {
    this.draft = this.draft.map((question, i) => (i === index ? update(question) : question));
  }

  #setKind(index: number, kind: FeedbackQuestion['kind']) {
    this.#change(index, (q) => {
      if (kind === 'yes_no') return { id: q.id, kind, label: q.label };
      const blank = (n: number) => ({ id: `option-${n}`, label: {} });
      return { ...q, kind, options: q.options ?? [blank(1), blank(2)] };
    });
  }

  #add() {
    this.draft = [...this.draft, { id: `question-${this.draft.length + 1}`, kind: 'yes_no', label: {} }];
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    const { profile, draft } = this;
    this.outcome = FormOutcome.none;
    this.outcome = await attempt(
      () => this.api.updateProfile(profile.id, { feedbackQuestions: draft }),
      'Feedback questions saved.',
    );
    if (!this.outcome.error) profilesChanged(this);
  }

  override render() {
    const languageName = LANGUAGES.find(([code]) => code === this.language)?.[1];
    return html`<h3>Feedback questions (${languageName})</h3>
      ${this.outcome.summary()}
      <form @submit=${this.#save} aria-label="Feedback questions">
        ${this.draft.length === 0 ? html`<p>No questions: customers give stars and a comment.</p>` : nothing}
        ${this.draft.map((question, index) => this.#question(question, index))}
        ${this.outcome.field('feedbackQuestions', 'questions-error')}
        <button type="button" class="secondary" @click=${this.#add} ?disabled=${this.draft.length >= 10}>
          Add a question
        </button>
        <button type="submit">Save feedback questions</button>
      </form>`;
  }

  #question(question: FeedbackQuestion, index: number) {
    const { outcome, language } = this;
    const at = `feedbackQuestions.${index}`;
    const id = `q${index}`;
    return html`<fieldset>
      <legend>Question ${index + 1}</legend>
      <label for=${`${id}-label`}>Question</label>
      <input
        id=${`${id}-label`}
        lang=${language}
        dir=${language === 'ar' ? 'rtl' : 'auto'}
        maxlength="200"
        aria-describedby=${`${id}-label-error`}
        aria-invalid=${outcome.invalid(`${at}.label`)}
        .value=${live(question.label[language] ?? '')}
        @input=${(e: Event) =>
          this.#change(index, (q) => ({
            ...q,
            label: relabel(q.label, language, (e.target as HTMLInputElement).value),
          }))}
      />
      ${outcome.field(`${at}.label`, `${id}-label-error`)}
      <div class="row">
        <div>
          <label for=${`${id}-id`}>Key (for reports)</label>
          <input
            id=${`${id}-id`}
            aria-describedby=${`${id}-id-error`}
            aria-invalid=${outcome.invalid(`${at}.id`)}
            .value=${live(question.id)}
            @input=${(e: Event) => this.#change(index, (q) => ({ ...q, id: (e.target as HTMLInputElement).value }))}
          />
          ${outcome.field(`${at}.id`, `${id}-id-error`)}
        </div>
        <div>
          <label for=${`${id}-kind`}>Answer</label>
          <select
            id=${`${id}-kind`}
            @change=${(e: Event) =>
              this.#setKind(index, (e.target as HTMLSelectElement).value as FeedbackQuestion['kind'])}
          >
            ${Object.entries(KINDS).map(
              ([kind, name]) => html`<option value=${kind} ?selected=${kind === question.kind}>${name}</option>`,
            )}
          </select>
        </div>
      </div>
      ${question.options ? this.#options(question.options, index) : nothing} ${outcome.field(at, `${id}-error`)}
      <button
        type="button"
        class="secondary"
        @click=${() => (this.draft = this.draft.filter((_, i) => i !== index))}
        aria-label=${`Remove question ${index + 1}`}
      >
        Remove
      </button>
    </fieldset>`;
  }

  #options(options: NonNullable<FeedbackQuestion['options']>, index: number) {
    const { outcome, language } = this;
    const at = `feedbackQuestions.${index}.options`;
    // Read at the event, not from the rendered list: two changes before a render must both stay.
    const changeOption = (o: number, update: (option: (typeof options)[number]) => (typeof options)[number]) =>
      this.#change(index, (q) => ({ ...q, options: q.options!.map((x, i) => (i === o ? update(x) : x)) }));
    const setOptions = (next: (current: typeof options) => typeof options) =>
      this.#change(index, (q) => ({ ...q, options: next(q.options!) }));
    return html`<fieldset aria-describedby=${`q${index}-options-error`}>
      <legend>Options of question ${index + 1}</legend>
      ${options.map((option, o) => {
        const id = `q${index}-o${o}`;
        return html`<div class="row">
          <div>
            <label for=${`${id}-label`}>Option ${o + 1}</label>
            <input
              id=${`${id}-label`}
              lang=${language}
              dir=${language === 'ar' ? 'rtl' : 'auto'}
              maxlength="200"
              aria-describedby=${`${id}-label-error`}
              aria-invalid=${outcome.invalid(`${at}.${o}.label`)}
              .value=${live(option.label[language] ?? '')}
              @input=${(e: Event) =>
                changeOption(o, (x) => ({
                  ...x,
                  label: relabel(x.label, language, (e.target as HTMLInputElement).value),
                }))}
            />
            ${outcome.field(`${at}.${o}.label`, `${id}-label-error`)}
          </div>
          <div>
            <label for=${`${id}-id`}>Key</label>
            <input
              id=${`${id}-id`}
              aria-describedby=${`${id}-id-error`}
              aria-invalid=${outcome.invalid(`${at}.${o}.id`)}
              .value=${live(option.id)}
              @input=${(e: Event) => changeOption(o, (x) => ({ ...x, id: (e.target as HTMLInputElement).value }))}
            />
            ${outcome.field(`${at}.${o}.id`, `${id}-id-error`)}
          </div>
          <button
            type="button"
            class="secondary"
            aria-label=${`Remove option ${o + 1} of question ${index + 1}`}
            @click=${() => setOptions((current) => current.filter((_, i) => i !== o))}
          >
            Remove
          </button>
        </div>`;
      })}
      ${outcome.field(at, `q${index}-options-error`)}
      <button
        type="button"
        class="secondary"
        ?disabled=${options.length >= 10}
        @click=${() => setOptions((current) => [...current, { id: `option-${current.length + 1}`, label: {} }])}
      >
        Add an option
      </button>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-feedback-questions': PorchConsoleFeedbackQuestions;
  }
}
