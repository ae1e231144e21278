import { Task } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError } from '../../api/errors.js';
import type { PortalJob, StatusKey } from '../../api/types.js';
import { PorchJobSelectedEvent } from '../../events/job-selected.js';
import { jobList } from '../../i18n/en/job-list.js';
import { timeline } from '../../i18n/en/timeline.js';
import { LiveStream } from '../../internal/live-stream.js';
import { SiteClock, TIME } from '../../internal/clock.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './job-list.styles.js';

/** The statuses to filter by, in order (the widget imports no values from the API). */
const STATUS_KEYS: StatusKey[] = ['received', 'scheduling', 'dispatched', 'on_route', 'onsite', 'completed', 'closed'];
/** History entries per page. */
const PAGE = 20;
/** Event kinds that move a card or change what it says. */
const MOVES = new Set(['status', 'hold', 'booked', 'rescheduled']);
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** Filters the customer set; all optional. */
interface Filters {
  q?: string;
  status?: string;
  from?: string;
  to?: string;
  location?: string;
}

type View = 'active' | 'history';

/** One list as far as it has been paged: its jobs and the cursor of the next page (null at the end). */
interface Paged {
  items: PortalJob[];
  next: string | null;
}

type Loaded = Record<View, Paged>;

/**
 * Live streams this list opens at most. A browser talks HTTP/1.1 to an origin over six connections and a stream holds
 * one for as long as it is open: following every active job left no connection for "Show more" or anything else,
 * which then waited forever. Three leaves room for the portal's own stream and its calls.
 */
const MAX_FOLLOWED = 3;

const paged = (page: { items: PortalJob[]; nextCursor: string | null }): Paged => ({
  items: page.items,
  next: page.nextCursor,
});

/** A fresh first page, followed by the later pages already shown (without the jobs the first page now holds). */
function keepPages(current: Paged, first: Paged): Paged {
  // A first page without a next one is the whole list now; a job that left it (completed, say) leaves with it.
  if (!first.next || current.items.length <= first.items.length) return first;
  const fresh = new Set(first.items.map((job) => job.id));
  return { items: [...first.items, ...current.items.filter((job) => !fresh.has(job.id))], next: current.next };
}

/** `text` with each case-insensitive occurrence of `term` marked. */
function highlight(text: string, term: string | undefined): unknown {
  if (!term) return text;
  const parts: unknown[] = [];
  const lower = text.toLowerCase();
  const needle = term.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    parts.push(text.slice(from, at), html`<mark part="match">${text.slice(at, at + needle.length)}</mark>`);
    from = at + needle.length;
  }
  parts.push(text.slice(from));
  return parts;
}

/**
 * @tagname porch-job-list
 * @summary The customer's jobs with the company: *Active jobs* (in progress first, then on the way, then scheduled,
 * then received) and the *Service history* (newest completion first, "Show more" for older ones).
 *
 * Loads `GET /v1/portal/jobs` (scope `track`) with the client of an enclosing `<porch-portal>` or its own `api` and
 * `token`. A card shows the status in the words of the job's profile (else the widget's own), the title, the
 * location, the technician's first name once one is assigned, the booked visit and when it last changed; a history
 * entry shows when it was completed. Both lists page by "Show more" (keyset cursors from the API). Live: it follows the
 * event streams of the three active jobs furthest along and loads the lists again when one changes status, is put on
 * hold or booked, so a card moves without a reload. Both keep the pages shown while new jobs arrive. Search (3–200 characters, matched by the API over
 * reference, title, description, location, status label and technician) and filters by status, dates and location;
 * the term is highlighted in what the card shows.
 *
 * @event porch-job-selected - {PorchJobSelectedEvent} A job was chosen: `{jobId, job}`.
 * @event porch-error - {PorchErrorEvent} A load failed: `{code}`, e.g. `SESSION_EXPIRED`, `NETWORK_ERROR`, `SEARCH_TERM_INVALID`. Canceled, a failed load stays in its loading state.
 *
 * @csspart base - Everything.
 * @csspart search - The search and filter form.
 * @csspart section - The Active jobs and the Service history sections.
 * @csspart heading - Their headings.
 * @csspart list - A list of jobs.
 * @csspart job - One job's card (a button).
 * @csspart status - The status on a card.
 * @csspart match - A highlighted search match.
 * @csspart more - The "Show more" buttons (under either list when it has another page).
 * @csspart empty - Said when a list is empty.
 * @csspart loading - The loading state.
 * @csspart error - A failed load, with Retry.
 *
 * @cssproperty --porch-color-primary - Status, focus rings, buttons. Default `#2563eb`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Secondary lines. Default `#5b6474`.
 * @cssproperty --porch-color-border - Card borders. Default `#e2e8f0`.
 * @cssproperty --porch-color-surface - Card background. Default `#ffffff`.
 * @cssproperty --porch-radius - Corner radius. Default `0.75rem`.
 * @cssproperty --porch-job-list-match - Background of a search match. Default `#fde68a`.
 *
 * @example
 * <porch-job-list api="https://api.example.com" token="eyJ…"></porch-job-list>
 */
export class PorchJobList extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #task = new Task(this, {
    task: ([client, filters], { signal }) => this.#load(client, filters, signal),
    args: () => [this.client, this.filters] as const,
    onComplete: (loaded) => {
      this.loaded = loaded;
      this.#follow(loaded.active.items);
    },
    onError: (error) => (this.failed = !this.reportError(error)),
  });

  /** One live stream per active job shown, for the first `MAX_FOLLOWED` (the furthest along). */
  #streams = new Map<string, LiveStream>();

  @state() private loaded?: Loaded;
  @state() private failed = false;
  @state() private filters: Filters = {};
  @state() private more: Record<View, 'idle' | 'loading' | 'failed'> = { active: 'idle', history: 'idle' };
  @state() private tooShort = false;

  /** Loads both lists again, aborting a load still pending. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#follow([]);
  }

  get #t() {
    return this.texts('jobList', jobList);
  }

  async #load(client: PorchClient | undefined, filters: Filters, signal: AbortSignal): Promise<Loaded> {
    this.failed = false;
    if (!client) throw new PorchApiError('NO_TOKEN');
    const [active, history] = await Promise.all([
      client.jobs({ view: 'active', limit: PAGE, ...filters }, signal),
      client.jobs({ view: 'history', limit: PAGE, ...filters }, signal),
    ]);
    this.more = { active: 'idle', history: 'idle' };
    return { active: paged(active), history: paged(history) };
  }

  /** Opens a stream for each active job not followed yet and closes those of jobs no longer active. */
  #follow(active: PortalJob[]): void {
    const ids = new Set(active.slice(0, MAX_FOLLOWED).map((job) => job.id));
    for (const [id, stream] of this.#streams) {
      if (ids.has(id) && this.isConnected) continue;
      stream.close();
      this.removeController(stream);
      this.#streams.delete(id);
    }
    const client = this.client;
    if (!client || !this.isConnected) return;
    for (const id of ids) {
      if (this.#streams.has(id)) continue;
      const stream = new LiveStream(this, {
        onMessage: ({ event }) => {
          if (MOVES.has(event.kind)) void this.#refreshLive();
        },
        // The list itself still shows; its next load reports what is wrong.
        onFailure: () => undefined,
      });
      this.#streams.set(id, stream);
      stream.open(client, id);
    }
  }

  /**
   * A followed job changed: both lists again, keeping the pages already shown (a job that moved lands where its first
   * page puts it; the older pages and their cursor stay), so "Show more" never loses what it added.
   */
  async #refreshLive(): Promise<void> {
    const client = this.client;
    if (!client || !this.loaded) return void this.refresh();
    try {
      const [active, history] = await Promise.all([
        client.jobs({ view: 'active', limit: PAGE, ...this.filters }),
        client.jobs({ view: 'history', limit: PAGE, ...this.filters }),
      ]);
      const current = this.loaded;
      this.loaded = {
        active: keepPages(current.active, paged(active)),
        history: keepPages(current.history, paged(history)),
      };
      this.#follow(this.loaded.active.items);
    } catch {
      // The list still shows what it had; the next load reports what is wrong.
    }
  }

  async #showMore(view: View): Promise<void> {
    const { loaded, client } = this;
    const cursor = loaded?.[view].next;
    if (!cursor || !client) return;
    this.more = { ...this.more, [view]: 'loading' };
    try {
      const page = await client.jobs({ view, limit: PAGE, cursor, ...this.filters });
      // Appended to what shows now: a live refresh may have replaced the lists meanwhile.
      const current = this.loaded ?? loaded!;
      const shown = new Set(current[view].items.map((job) => job.id));
      const added = page.items.filter((job) => !shown.has(job.id));
      this.loaded = { ...current, [view]: { items: [...current[view].items, ...added], next: page.nextCursor } };
      if (view === 'active') this.#follow(this.loaded.active.items);
      this.more = { ...this.more, [view]: 'idle' };
    } catch (error) {
      this.more = { ...this.more, [view]: this.reportError(error) ? 'idle' : 'failed' };
    }
  }

  #handleSearch = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const q = value('q');
    this.tooShort = q !== undefined && q.length < 3;
    if (this.tooShort) return;
    this.filters = { q, status: value('status'), from: value('from'), to: value('to'), location: value('location') };
  };

  #handleClear = (event: Event): void => {
    (event.target as HTMLButtonElement).form?.reset();
    this.tooShort = false;
    this.filters = {};
  };

  #select(job: PortalJob): void {
    this.emit(new PorchJobSelectedEvent({ jobId: job.id, job }));
  }

  #label(job: PortalJob): string {
    return job.labels[this.language]?.[job.status] ?? this.texts('timeline', timeline).status[job.status];
  }

  #ago(iso: string): string {
    const format = new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto', style: 'short' });
    const diff = Date.parse(iso) - Date.now();
    for (const [unit, ms] of UNITS) if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
    return format.format(0, 'minute');
  }

  #renderJob(job: PortalJob): TemplateResult {
    const t = this.#t;
    const q = this.filters.q;
    const place = [job.location.line1, job.location.postalCode, job.location.city].filter(Boolean).join(', ');
    const clock = new SiteClock(this.locale, job.timezone);
    const day = { weekday: 'short', day: 'numeric', month: 'short' } as const;
    const visit = job.appointment
      ? `${clock.format(job.appointment.start, day)}, ${clock.range(job.appointment.start, job.appointment.end, TIME)}`
      : null;
    return html`<li>
      <button part="job" class="job" type="button" @click=${() => this.#select(job)}>
        <span part="status" class="status">
          ${highlight(this.#label(job), q)}${job.hold ? html` · ${t.hold[job.hold]}` : nothing}
        </span>
        <span class="title">${highlight(job.title, q)}</span>
        ${job.reference ? html`<span class="line">${highlight(t.reference(job.reference), q)}</span>` : nothing}
        <span class="line">${highlight(place, q)}</span>
        ${job.technician ? html`<span class="line">${highlight(t.technician(job.technician.firstName), q)}</span>` : nothing}
        ${visit && !job.completedAt ? html`<span class="line">${t.window(visit)}</span>` : nothing}
        <span class="line muted">
          ${job.completedAt ? t.completedOn(clock.format(job.completedAt, day)) : t.updated(this.#ago(job.updatedAt))}
        </span>
      </button>
    </li>`;
  }

  #renderList(title: string, id: View, jobs: PortalJob[], empty: string) {
    return html`<section part="section" class="section" aria-labelledby=${id}>
      <h3 part="heading" id=${id} class="heading">${title}</h3>
      ${
        jobs.length
          ? html`<ul part="list" class="list">
              ${jobs.map((job) => this.#renderJob(job))}
            </ul>`
          : html`<p part="empty" class="empty">${empty}</p>`
      }
      ${this.#renderMore(id)}
    </section>`;
  }

  /** "Show more" under a list that has another page, and what went wrong loading it. */
  #renderMore(view: View) {
    const t = this.#t;
    const state = this.more[view];
    return html`${
      this.loaded?.[view].next
        ? html`<button
            part="more"
            class="more"
            type="button"
            aria-describedby=${view}
            ?disabled=${state === 'loading'}
            @click=${() => this.#showMore(view)}
          >
            ${state === 'loading' ? t.loadingMore : t.showMore}
          </button>`
        : nothing
    }${state === 'failed' ? html`<p role="alert" class="empty">${t.loadFailed}</p>` : nothing}`;
  }

  #renderSearch() {
    const t = this.#t;
    return html`<form part="search" class="search" role="search" @submit=${this.#handleSearch}>
      <label for="q">${t.search}</label>
      <div class="row">
        <input
          id="q"
          name="q"
          type="search"
          maxlength="200"
          aria-describedby="q-hint"
          aria-invalid=${this.tooShort ? 'true' : 'false'}
        />
        <button type="submit">${t.apply}</button>
      </div>
      <p id="q-hint" class="hint" role=${this.tooShort ? 'alert' : nothing}>
        ${this.tooShort ? t.searchTooShort : t.searchHint}
      </p>
      <details class="filters">
        <summary>${t.filters}</summary>
        <div class="grid">
          <label>
            ${t.status}
            <select name="status">
              <option value="">${t.anyStatus}</option>
              ${STATUS_KEYS.map(
                (status) => html`<option value=${status}>${this.texts('timeline', timeline).status[status]}</option>`,
              )}
            </select>
          </label>
          <label>${t.location} <input name="location" maxlength="200" /></label>
          <label>${t.from} <input name="from" type="date" /></label>
          <label>${t.to} <input name="to" type="date" /></label>
        </div>
        <button type="button" class="secondary" @click=${this.#handleClear}>${t.clear}</button>
      </details>
    </form>`;
  }

  protected override render() {
    const t = this.#t;
    const { loaded } = this;
    let body: unknown;
    if (this.failed) {
      body = html`<div part="error" class="notice" role="alert">
        <p>${t.loadFailed}</p>
        <button type="button" @click=${() => this.refresh()}>${t.retry}</button>
      </div>`;
    } else if (!loaded) {
      body = html`<div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${t.loading}</div>`;
    } else {
      const filtered = Object.values(this.filters).some(Boolean);
      body = html`<p class="visually-hidden" role="status">
          ${t.counts(loaded.active.items.length, loaded.history.items.length)}
        </p>
        ${this.#renderList(t.activeTitle, 'active', loaded.active.items, filtered ? t.noMatches : t.noActive)}
        ${this.#renderList(t.historyTitle, 'history', loaded.history.items, filtered ? t.noMatches : t.noHistory)}`;
    }
    return html`<div part="base" class="base">${this.#renderSearch()}${body}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-job-list': PorchJobList;
  }
}
