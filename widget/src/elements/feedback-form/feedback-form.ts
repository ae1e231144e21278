import { Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError, toPorchApiError } from '../../api/errors.js';
import type {
  FeedbackAnswers,
  FeedbackQuestion,
  LocalizedText,
  PortalFeedback,
  PortalFeedbackState,
} from '../../api/types.js';
import { PorchFeedbackSubmittedEvent } from '../../events/feedback-submitted.js';
import { feedback } from '../../i18n/en/feedback.js';
import { numberFormat, textsLanguage } from '../../i18n/index.js';
import { plural } from '../../i18n/plural.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './feedback-form.styles.js';

const STARS = [1, 2, 3, 4, 5] as const;

/**
 * @tagname porch-feedback-form
 * @summary The customer's feedback on a visit: a star rating, the profile's own questions and an optional comment,
 * given once.
 *
 * Loads `GET /v1/portal/tickets/:id/feedback` (scope `feedback`) with the client of an enclosing `<porch-portal>` or
 * its own `api` and `token`. The form shows once the ticket reached *Visit Completed* and its profile collects
 * feedback; before that a short note says when it will. The rating is a radio group of five stars (arrow keys move,
 * each star is named "4 stars"); the profile's questions follow in the page's language (yes/no, one of several,
 * several of several); the comment counts down its characters left. Once given — or when the API answers
 * `FEEDBACK_EXISTS` because it was given elsewhere — the element shows the answer given instead of the form.
 *
 * @event porch-feedback-submitted - {PorchFeedbackSubmittedEvent} The feedback was recorded: `{ticketId, rating}`.
 * @event porch-error - {PorchErrorEvent} A load failed: `{code}`, e.g. `NOT_FOUND`, `SCOPE_REQUIRED`, `NETWORK_ERROR`.
 *
 * @csspart base - The form, or the answer given.
 * @csspart title - The heading.
 * @csspart rating - The star rating's fieldset.
 * @csspart star - One star (its label).
 * @csspart question - One of the profile's questions (a fieldset).
 * @csspart comment - The comment field.
 * @csspart submit - The submit button.
 * @csspart submitted - The answer given, after submitting.
 * @csspart empty - The note while feedback is not offered yet.
 * @csspart loading - The loading state (first load only).
 * @csspart error - The load or the submit failed.
 *
 * @cssproperty --porch-color-primary - The submit button, focus rings. Default `#2563eb`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Hints and the states. Default `#5b6474`.
 * @cssproperty --porch-color-border - Borders. Default `#e2e8f0`.
 * @cssproperty --porch-color-on-primary - Text on the accent colour (button labels). Default `#fff`.
 * @cssproperty --porch-color-danger - A refused submit. Default `#b91c1c`.
 * @cssproperty --porch-color-surface - Background. Default `#ffffff`.
 * @cssproperty --porch-font-family - Font. Default: the system font.
 * @cssproperty --porch-font-size - Base font size. Default `1rem`.
 * @cssproperty --porch-radius - Corner radius. Default `0.75rem`.
 * @cssproperty --porch-feedback-form-star-color - A chosen star. Default `#b45309`.
 * @cssproperty --porch-feedback-form-star-size - A star's size. Default `2rem`.
 *
 * @example
 * <porch-feedback-form api="https://api.example.com" token="eyJ…" ticket-id="tkt_123"></porch-feedback-form>
 */
export class PorchFeedbackForm extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #task = new Task(this, {
    task: ([client, ticketId], { signal }) => this.#load(client, ticketId, signal),
    args: () => [this.client, this.#ticketId] as const,
    onComplete: (loaded) => (this.loaded = loaded),
    onError: (error) => (this.failed = !this.reportError(error)),
  });

  @query('input[name="rating"]') private firstStar?: HTMLInputElement;

  @state() private loaded?: PortalFeedbackState;
  @state() private failed = false;
  @state() private rating = 0;
  @state() private answers: FeedbackAnswers = {};
  @state() private comment = '';
  @state() private sending = false;
  /** The text of a refused submit, shown above the button. */
  @state() private submitError?: string;

  /** Id of the ticket to give feedback on. Inside `<porch-portal>` it defaults to the session's ticket. */
  @property({ attribute: 'ticket-id' }) ticketId?: string;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ticketId') && changed.get('ticketId') !== undefined) {
      this.loaded = undefined;
      this.#reset();
    }
  }

  /** Loads the feedback state again, aborting a load still pending. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  get #ticketId(): string | undefined {
    return this.ticketId ?? this.porch?.session.ticketId ?? undefined;
  }

  get #t() {
    return this.texts('feedback', feedback);
  }

  #reset() {
    this.rating = 0;
    this.answers = {};
    this.comment = '';
    this.submitError = undefined;
  }

  async #load(client: PorchClient | undefined, ticketId: string | undefined, signal: AbortSignal) {
    this.failed = false;
    if (!client || !ticketId) throw new PorchApiError('NO_TOKEN');
    return client.feedback(ticketId, signal);
  }

  /** The label in the page's language (none declared: the profile's), else the profile's, else English, else any. */
  #label(text: LocalizedText): string {
    const profile = this.loaded?.language as keyof LocalizedText | undefined;
    const page = textsLanguage(this) ?? profile;
    return (page && text[page]) || (profile && text[profile]) || text.en || Object.values(text)[0] || '';
  }

  #handleSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const client = this.client;
    const ticketId = this.#ticketId;
    if (this.sending || !client || !ticketId) return;
    const t = this.#t;
    if (!this.rating) {
      this.submitError = t.ratingRequired;
      this.firstStar?.focus();
      return;
    }
    this.sending = true;
    this.submitError = undefined;
    try {
      const comment = this.comment.trim();
      const saved = await client.submitFeedback(ticketId, {
        rating: this.rating,
        answers: this.answers,
        ...(comment ? { comment } : {}),
      });
      this.loaded = { ...this.loaded!, offered: false, submitted: saved };
      this.emit(new PorchFeedbackSubmittedEvent({ ticketId, rating: saved.rating }));
    } catch (error) {
      const { code } = toPorchApiError(error);
      // Given meanwhile (another tab, another device): show that answer instead of the form.
      if (code === 'FEEDBACK_EXISTS' || code === 'FEEDBACK_NOT_OFFERED') await this.refresh();
      else this.submitError = code === 'RATE_LIMITED' ? t.tooMany : t.submitFailed;
    } finally {
      this.sending = false;
    }
  };

  #handleChoice(question: FeedbackQuestion, value: string, checked: boolean) {
    const current = this.answers[question.id];
    let next: boolean | string | string[];
    if (question.kind === 'yes_no') next = value === 'yes';
    else if (question.kind === 'one') next = value;
    else {
      const chosen = Array.isArray(current) ? current.filter((id) => id !== value) : [];
      next = checked ? [...chosen, value] : chosen;
    }
    this.answers = { ...this.answers, [question.id]: next };
  }

  #renderStars() {
    const t = this.#t;
    return html`<fieldset part="rating" class="rating">
      <legend>${t.rating}</legend>
      <div class="stars">
        ${STARS.map(
          (n) =>
            html`<input
                class="visually-hidden"
                type="radio"
                id="star-${n}"
                name="rating"
                .value=${String(n)}
                .checked=${this.rating === n}
                @change=${() => {
                  this.rating = n;
                  this.submitError = undefined;
                }}
              /><label part="star" for="star-${n}" class=${n <= this.rating ? 'star on' : 'star'}
                ><span aria-hidden="true">★</span
                ><span class="visually-hidden">${plural(this.locale, n, t.stars)}</span></label
              >`,
        )}
      </div>
    </fieldset>`;
  }

  #renderQuestion(question: FeedbackQuestion, index: number) {
    const t = this.#t;
    const answer = this.answers[question.id];
    const choices =
      question.kind === 'yes_no'
        ? [
            { id: 'yes', label: t.yes, checked: answer === true },
            { id: 'no', label: t.no, checked: answer === false },
          ]
        : (question.options ?? []).map((option) => ({
            id: option.id,
            label: this.#label(option.label),
            checked: Array.isArray(answer) ? answer.includes(option.id) : answer === option.id,
          }));
    const type = question.kind === 'many' ? 'checkbox' : 'radio';
    return html`<fieldset part="question" class="question">
      <legend>${this.#label(question.label)}</legend>
      ${choices.map(
        (choice) =>
          html`<label class="choice"
            ><input
              type=${type}
              name="q${index}"
              .value=${choice.id}
              .checked=${choice.checked}
              @change=${(event: Event) =>
                this.#handleChoice(question, choice.id, (event.target as HTMLInputElement).checked)}
            />${choice.label}</label
          >`,
      )}
    </fieldset>`;
  }

  #renderForm(loaded: PortalFeedbackState) {
    const t = this.#t;
    const left = loaded.commentMaxLength - this.comment.length;
    return html`<form part="base" class="card" novalidate @submit=${this.#handleSubmit}>
      <h3 part="title" class="title">${t.title}</h3>
      ${this.#renderStars()} ${loaded.questions.map((question, i) => this.#renderQuestion(question, i))}
      <label class="field" for="comment">${t.comment}</label>
      <textarea
        id="comment"
        part="comment"
        rows="3"
        maxlength=${loaded.commentMaxLength}
        aria-describedby="left"
        .value=${this.comment}
        @input=${(event: Event) => (this.comment = (event.target as HTMLTextAreaElement).value)}
      ></textarea>
      <p id="left" class="hint">${t.charactersLeft(numberFormat(this.locale, {}).format(left))}</p>
      ${this.submitError ? html`<p part="error" class="submit-error" role="alert">${this.submitError}</p>` : nothing}
      <button part="submit" type="submit" aria-disabled=${this.sending ? 'true' : 'false'}>
        ${this.sending ? t.submitting : t.submit}
      </button>
    </form>`;
  }

  #renderSubmitted(loaded: PortalFeedbackState, given: PortalFeedback) {
    const t = this.#t;
    const answerText = (question: FeedbackQuestion) => {
      const answer = given.answers[question.id];
      if (answer === undefined) return null;
      if (typeof answer === 'boolean') return answer ? t.yes : t.no;
      const ids = Array.isArray(answer) ? answer : [answer];
      return ids
        .map((id) => question.options?.find((option) => option.id === id))
        .map((option) => (option ? this.#label(option.label) : ''))
        .filter(Boolean)
        .join(', ');
    };
    return html`<section part="base submitted" class="card" aria-labelledby="thanks">
      <h3 id="thanks" part="title" class="title">${t.thanks}</h3>
      <p>
        ${t.yourRating}
        <span class="given" role="img" aria-label=${plural(this.locale, given.rating, t.stars)}
          >${'★'.repeat(given.rating)}${'☆'.repeat(5 - given.rating)}</span
        >
      </p>
      <dl class="answers">
        ${loaded.questions.map((question) => {
          const text = answerText(question);
          return text
            ? html`<dt>${this.#label(question.label)}</dt>
                <dd>${text}</dd>`
            : nothing;
        })}
        ${
          given.comment
            ? html`<dt>${t.yourComment}</dt>
                <dd class="text">${given.comment}</dd>`
            : nothing
        }
      </dl>
    </section>`;
  }

  protected override render() {
    const t = this.#t;
    const { loaded } = this;
    // A failed reload keeps what is shown and says so above it.
    const error = this.failed
      ? html`<div part="error" class="notice" role="alert">
          <p>${t.loadFailed}</p>
          <button type="button" @click=${() => this.refresh()}>${t.retry}</button>
        </div>`
      : nothing;
    if (!loaded) {
      return this.failed
        ? error
        : html`<div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${t.loading}</div>`;
    }
    const body = loaded.submitted
      ? this.#renderSubmitted(loaded, loaded.submitted)
      : loaded.offered
        ? this.#renderForm(loaded)
        : html`<p part="empty" class="notice">${t.notYet}</p>`;
    return html`${error}${body}`;
  }
}
