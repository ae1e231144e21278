import { Task, TaskStatus } from '@lit/task';
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { PorchClient } from '../../api/client.js';
import type { Module, PortalJob, PortalMe, Scope } from '../../api/types.js';
import type { PorchJobSelectedEvent } from '../../events/job-selected.js';
import type { PortalTexts } from '../../i18n/index.js';
import type { PortalSection } from './portal.sections.js';

/** The scope each job section needs; a job view shows the tabs of the scopes its sections leave. */
const SECTION_SCOPE: Partial<Record<Module, Scope>> = {
  status: 'track',
  appointment: 'book',
  feedback: 'feedback',
  requests: 'requests',
  messages: 'comments',
  invoices: 'invoices',
};

/** One job of a customer-wide session, as the portal shows it: the job and the sections loaded for it. */
export interface JobView {
  job: PortalJob;
  me: PortalMe;
  shown: PortalSection[];
}

/** What the portal lends its customer-wide view. */
export interface JobsOptions {
  /** The session's first view (`me` with `ticketId` null) and its client, once open. */
  session(): { me: PortalMe | undefined; client: PorchClient | undefined };
  /** The job open in the address (`#porch-job=<id>`), if any. */
  jobId(): string | undefined;
  /** Opens a job, or (null) goes back to the list. */
  show(jobId: string | null): void;
  /** The sections `me` may see, the first one's element loaded. */
  sections(me: PortalMe): Promise<PortalSection[]>;
  renderSections(me: PortalMe, shown: PortalSection[], job: PortalJob): unknown;
  texts(): PortalTexts;
  reportError(error: unknown): void;
}

/**
 * A customer-wide session's side of the portal (login link, company identity): the job list as its first tab, and
 * the job chosen from it with the same sections a ticket link shows. Loaded only for such a session, so a ticket
 * link's first view does not carry it.
 */
export class PortalJobs {
  #options: JobsOptions;
  #task: Task<readonly [PortalMe | undefined, string | undefined], JobView | null>;

  constructor(host: ReactiveControllerHost, options: JobsOptions) {
    this.#options = options;
    this.#task = new Task(host, {
      task: ([me, jobId], { signal }) => this.#open(me, jobId, signal),
      args: () => [options.session().me, options.jobId()] as const,
      onError: (error) => options.reportError(error),
    });
  }

  /** The open job's view, once loaded. */
  get view(): JobView | undefined {
    return this.#task.value ?? undefined;
  }

  /** A customer-wide session's first tab: all of its jobs. */
  readonly section: PortalSection = {
    scope: 'track',
    label: (t) => t.backToJobs,
    load: async () => {},
    render: () =>
      html`<porch-job-list
        part="job-list"
        @porch-job-selected=${(event: PorchJobSelectedEvent) => this.#options.show(event.detail.jobId)}
      ></porch-job-list>`,
  };

  /** The job chosen, with a way back to the list. */
  render(): TemplateResult {
    const t = this.#options.texts();
    const view = this.view;
    const back = html`<button part="back" class="back" type="button" @click=${() => this.#options.show(null)}>
      ← ${t.backToJobs}
    </button>`;
    if (this.#task.status === TaskStatus.ERROR) {
      return html`${back}
        <div part="error" class="notice" role="alert">
          <p>${t.error}</p>
          <button type="button" @click=${() => this.#task.run()}>${t.retry}</button>
        </div>`;
    }
    if (!view || view.job.id !== this.#options.jobId()) {
      return html`${back}
        <div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${t.loading}</div>`;
    }
    return html`${back}
      <h3 part="job-title" class="job-title">${view.job.title}</h3>
      ${this.#options.renderSections(view.me, view.shown, view.job)}`;
  }

  /**
   * The job as the API gives it to this session, shown with the same sections a ticket link shows — each one its
   * sections (the session's scopes met with the job's profile's modules) allow.
   */
  async #open(me: PortalMe | undefined, jobId: string | undefined, signal: AbortSignal): Promise<JobView | null> {
    const { client } = this.#options.session();
    if (!me || me.ticketId !== null || !jobId || !client) return null;
    const job = await client.job(jobId, signal);
    const scopes = job.sections.flatMap((section) => SECTION_SCOPE[section] ?? []);
    const jobMe: PortalMe = {
      ...me,
      ticketId: job.id,
      latestTicketId: job.id,
      scopes: me.scopes.filter((scope) => scopes.includes(scope)),
      canShare: job.sections.includes('share'),
      sections: job.sections,
    };
    return { job, me: jobMe, shown: await this.#options.sections(jobMe) };
  }
}
