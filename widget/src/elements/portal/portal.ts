import { ContextProvider } from '@lit/context';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { PorchClient } from '../../api/client.js';
import { toPorchApiError } from '../../api/errors.js';
import type { PortalMe } from '../../api/types.js';
import type { PorchErrorEvent } from '../../events/error.js';
import { PorchSessionEvent } from '../../events/session.js';
import { portal } from '../../i18n/en/portal.js';
import { porchContext } from '../../internal/context.js';
import { PorchElement, warn } from '../../internal/porch-element.js';
import { styles } from './portal.styles.js';
import { jobFromHash, linkFromHash, pushJobToHash } from './portal.address.js';
import type { PortalAsk } from './portal.ask.js';
import type { PortalJobs } from './portal.jobs.js';
import { SECTIONS, allowedSections, type PortalSection } from './portal.sections.js';
import { PortalSessionController } from './portal.session.js';
import { fromProfile, themeConverter, themeOver, writeTheme, type PortalTheme } from './portal.theme.js';
import { PortalTabs } from './portal.tabs.js';
import { ASK_FOR_LINK, renderAccount, renderError, renderHeader } from './portal.view.js';

export { SECTIONS, type PortalSection, type PortalTheme };

/**
 * @tagname porch-portal
 * @summary The whole customer portal: company branding, a greeting, and the sections the session's scopes allow.
 *
 * Opens a session from the portal link in the page's fragment (`#porch=<token>`, redeemed by POST, then removed
 * from the address bar), from a session token in the `token` attribute, or — on a page where the company's
 * customer is logged in — from `sessionProvider`, an async function answering a JWT the company minted. Sessions are
 * short-lived: when one has expired (`SESSION_EXPIRED`, from the portal's own load or reported by a hosted element),
 * the portal redeems a ticket link again or asks the provider again and carries on; a login link works once, so
 * then (or when no link works) it says why and, given `tenant`, offers to email a new login link. A session opened
 * from a link is kept in the tab's `sessionStorage` (keyed per tenant and API), so a reload, back/forward and a
 * restored tab keep it; it is renewed shortly before it expires and forgotten on sign-out or when the API refuses
 * it. The link token itself lives in memory only. A customer-wide session offers "keep me signed in on this
 * device" (a rotating refresh token in `localStorage`, 30 days) and sign-out (server-side). The address names the
 * open job as `#porch-job=<id>`, never a token. Hosted elements get the API client through context. Texts follow the closest `lang` (through shadow
 * roots, up to `<html>`); when the page declares none, the profile's language.
 *
 * A ticket link opens its one job. A customer-wide session (login link, company identity) opens `<porch-job-list>`;
 * choosing a job shows the same sections a ticket link shows, each as the session's scopes and the job's profile's
 * modules allow (booking and rescheduling included), with "All your jobs" to go back. The open job is in the address
 * as `#porch-job=<id>` (a history entry), so Back and Forward move between the list and the job.
 *
 * The Status section shows `<porch-status-timeline>`, under it `<porch-ticket-infos>` (what the company wrote on the
 * ticket; nothing when it wrote nothing), then `<porch-share-links>` for the same ticket, where
 * the customer gives someone else view-only access — unless the session is itself such a shared view (`canShare`
 * of `GET /v1/portal/me` is false). Its module loads only then, lazily, after the timeline's.
 *
 * @event porch-session - {PorchSessionEvent} A session is open: `{scopes, ticketId}`. Not repeated for the same ticket and scopes, so renewing an expired session stays silent.
 * @event porch-share-created - {PorchShareCreatedEvent} From the hosted `<porch-share-links>`: a view-only link was created.
 * @event porch-share-revoked - {PorchShareRevokedEvent} From the hosted `<porch-share-links>`: a link was revoked.
 * @event porch-error - {PorchErrorEvent} Opening the portal failed: `{code}`, e.g. `NO_TOKEN`, `LINK_EXPIRED`, `LINK_USED`, `LINK_INVALID`, `SESSION_EXPIRED` (no link or provider to renew it with), `PORTAL_DISABLED`, `IDENTITY_INVALID`.
 *
 * @csspart base - The portal card.
 * @csspart header - Company logo and name.
 * @csspart logo - The company logo image (when the profile has one).
 * @csspart salutation - The greeting.
 * @csspart tabs - The tab bar (only when the scopes allow more than one section).
 * @csspart tab - A tab; the selected one also has `tab-selected`.
 * @csspart tab-selected - The selected tab.
 * @csspart panel - The section on show.
 * @csspart ticket-infos - The hosted `<porch-ticket-infos>` under the timeline. Its `--porch-*` properties inherit from the portal; its own parts are not forwarded.
 * @csspart resolution - The hosted `<porch-resolution>` under the timeline (every session but a shared view). Its `--porch-*` properties inherit from the portal; its own parts are not forwarded.
 * @csspart share-links - The hosted `<porch-share-links>` under the timeline (when the session may share). Its `--porch-*` properties inherit from the portal; its own parts are not forwarded.
 * @csspart ticket-documents - The hosted `<porch-ticket-documents>` under the thread in the Messages tab. Its `--porch-*` properties inherit from the portal; its own parts are not forwarded.
 * @csspart job-list - The hosted `<porch-job-list>` of a customer-wide session (login link, company identity). Its own parts are not forwarded.
 * @csspart back - "All your jobs": back from a job to the job list.
 * @csspart job-title - The open job's title above its tabs.
 * @csspart account - Sign-out and "keep me signed in" (for sessions the portal opened itself).
 * @csspart sign-out - The sign-out button.
 * @csspart sign-out-everywhere - Signs out every remembered device (shown on a remembered device).
 * @csspart ask - The "email me a new link" form (after a used or expired link, or signed out; needs `tenant`).
 * @csspart ask-result - Said after the form was sent, whether or not the address is known.
 * @csspart disabled - The portal-switched-off notice with the company's message (also `error`).
 * @csspart loading - The loading state.
 * @csspart error - Link problems and errors, with Retry where retrying can help.
 *
 * @cssproperty --porch-color-primary - Accent colour: top border, focus rings, buttons. Default `#2563eb`.
 * @cssproperty --porch-color-on-primary - Text on the accent colour (button labels). Default `#fff`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Loading text. Default `#5b6474`.
 * @cssproperty --porch-color-surface - Card background. Default `#ffffff`.
 * @cssproperty --porch-color-border - Card and header borders. Default `#e2e8f0`.
 * @cssproperty --porch-color-danger - Problems in the new-link form. Default `#b91c1c`.
 * @cssproperty --porch-font-family - Font. Default: the system font.
 * @cssproperty --porch-font-size - Base font size. Default `1rem`.
 * @cssproperty --porch-radius - Corner radius. Default `0.75rem`.
 * @cssproperty --porch-space-s - Small spacing: gaps beside the logo, under a title. Default `0.75rem`.
 * @cssproperty --porch-space-m - Medium spacing: the header's padding, under the tabs. Default `1rem`.
 * @cssproperty --porch-space-l - Large spacing: the card's inset, between sections. Default `1.5rem`.
 * @cssproperty --porch-portal-max-width - Widest the card grows. Default `42rem`.
 * @cssproperty --porch-portal-logo-height - Height of the company logo. Default `2rem`.
 *
 * A profile's theme sets `--porch-color-primary`, `-on-primary`, `-text`, `-surface`, `--porch-font-family`,
 * `--porch-radius`, the mode and the density (`--porch-space-s|m|l`) too, but as the element's own default: the
 * same properties set on `porch-portal` by the page win.
 *
 * @example
 * <!-- The company's page; customers arrive with https://acme.example/service#porch=… -->
 * <script type="module" src="https://api.example.com/widget/porchlight.js"></script>
 * <porch-portal tenant="acme-demo"></porch-portal>
 *
 * @example
 * <!-- A page where the customer is logged in with the company -->
 * <porch-portal tenant="acme-demo"></porch-portal>
 * <script>document.querySelector('porch-portal').sessionProvider = () => fetch('/porchlight-token').then((r) => r.text());</script>
 */
export class PorchPortal extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #provider = new ContextProvider(this, { context: porchContext });
  // The theme goes into `:host` rules, so the page's own CSS on <porch-portal> still wins over it.
  #theme = new CSSStyleSheet();
  #profileTheme: PortalTheme = {};

  /** The sections as tabs: the one selected, and the tab bar. */
  #tabs = new PortalTabs(this, {
    me: () => this.#task.value,
    job: () => (this.#task.value?.ticketId === null && this.jobId ? { view: this.#jobs?.view } : undefined),
    texts: () => this.#t,
  });

  #task = new Task(this, {
    task: ([api, session, link], { signal }) =>
      this.#open(this.createClient(api), session, link, signal).catch(async (error: unknown) => {
        if (signal.aborted) throw error;
        const { code, theme } = toPorchApiError(error);
        // A link of the company's that works no more: its error screen wears the company's look.
        if (theme) {
          this.#profileTheme = fromProfile(theme);
          this.#writeTheme();
        }
        // Reported at once; the screen shows a link problem together with its "email me a new link" form, whose
        // module loads only then.
        this.reportError(error);
        if (this.tenant && ASK_FOR_LINK.includes(code)) await this.#loadAsk();
        throw error;
      }),
    args: () => [this.apiBase, this.token, this.#link, this.sessionProvider] as const,
  });

  /** A customer-wide session's job list and job view (its module loads only for such a session). */
  #jobs?: PortalJobs;
  #client?: PorchClient;
  /** The "email me a new link" form, once its module loaded (with the first link problem that offers it). */
  #ask?: PortalAsk;
  #askLoaded?: Promise<void>;
  #session = new PortalSessionController(this, (client) => {
    const value = this.#provider.value;
    if (value) this.#provider.setValue({ ...value, client });
  });

  // A JS-private field, not a property: page scripts cannot read the link from the element. Kept after it is
  // redeemed (and gone from the address bar) to renew expired sessions.
  #link = linkFromHash();
  /** The job a customer-wide session has open (`#porch-job=<id>`); none shows the job list. */
  @state() private jobId = jobFromHash();

  /** The company's public tenant id: needed to ask for a new login link and for company-minted sessions. */
  @property() tenant?: string;

  /**
   * For pages where the company's customer is logged in: answers a short-lived JWT the company's server minted
   * for them. The portal exchanges it for a session, and asks again whenever that session expires.
   */
  @property({ attribute: false }) sessionProvider?: () => Promise<string>;

  /**
   * The company's look before the API answers, and over the profile's: `{primary, onPrimary, text, surface, radius,
   * fontFamily, mode, density}` (`mode`: `light`, `dark`, or `auto` to follow the visitor's system; `density`:
   * `compact`, `comfortable` or `spacious`). As an attribute, JSON or
   * just the mode: `theme="dark"`.
   */
  @property({ converter: themeConverter }) theme: PortalTheme = {};

  protected override createRenderRoot() {
    const root = super.createRenderRoot() as ShadowRoot;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#theme];
    root.addEventListener('porch-error', this.#handleHostedError);
    return root;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A reload wears the company's look from its first frame: the profile's theme was kept with the tab's session.
    this.#profileTheme = this.#session.storedTheme(this.apiBase) ?? this.#profileTheme;
    this.#writeTheme();
    window.addEventListener('hashchange', this.#handleHashChange);
    window.addEventListener('popstate', this.#handleJobHash);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('theme')) this.#writeTheme();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#handleHashChange);
    window.removeEventListener('popstate', this.#handleJobHash);
  }

  /** The job a customer-wide session has open (`#porch-job=<id>`), or null while it shows the job list. */
  get job(): string | null {
    return this.jobId ?? null;
  }

  /** Opens a job (null: the job list) and puts it in the address as a new history entry, so Back returns. */
  showJob(job: string | null): void {
    if ((job ?? undefined) === this.jobId) return;
    this.writeJobToAddress(job ?? undefined);
    this.jobId = job ?? undefined;
  }

  /** Renews the session now; the portal calls this itself shortly before its session expires. */
  renew(): Promise<void> {
    return this.#session.renew();
  }

  /** "Keep me signed in on this device": a refresh token in this browser's localStorage for up to 30 days. */
  keepSignedIn(): Promise<void> {
    return this.#session.keepSignedIn();
  }

  /** Ends the session on the server and forgets it here; `everywhere` also signs out every remembered device. */
  async signOut(everywhere = false): Promise<void> {
    await this.#session.signOut(everywhere);
    this.writeJobToAddress(undefined, true);
    this.jobId = undefined;
    // A new #link re-runs the task, which now finds nothing to sign in with.
    this.#link = undefined;
    void this.#task.run();
  }

  /**
   * The client the portal opens its session with. The console's preview answers with sample data instead.
   * @internal
   */
  protected createClient(api: string): PorchClient {
    return new PorchClient({ baseUrl: api });
  }

  /**
   * Puts the open job into the page's address (`#porch-job=`). The console's preview, not the page's portal, leaves
   * the address alone.
   * @internal
   */
  protected writeJobToAddress(job: string | undefined, replace = false): void {
    pushJobToHash(job, replace);
  }

  async #open(
    base: PorchClient,
    session: string | undefined,
    link: string | undefined,
    signal: AbortSignal,
  ): Promise<PortalMe> {
    const { client, me, ticket } = await this.#session.open(base, session, link, signal);
    // A ticket link opens its one job: the address says so, without a token.
    if (me.ticketId && jobFromHash() !== me.ticketId) this.writeJobToAddress(me.ticketId, true);
    this.#client = client;
    if (me.ticketId === null) {
      const [{ PortalJobs }] = await Promise.all([
        import('./portal.jobs.js'),
        import('../job-list/job-list.js').then((m) => m.PorchJobList.define('porch-job-list')),
      ]);
      this.#jobs ??= new PortalJobs(this, {
        session: () => ({ me: this.#task.value, client: this.#client }),
        jobId: () => this.jobId,
        show: (job) => this.showJob(job),
        sections: (jobMe) => this.#tabs.loadFirst(jobMe, allowedSections(jobMe)),
        renderSections: (jobMe, shown, job) => this.#tabs.render(jobMe, shown, job),
        texts: () => this.#t,
        reportError: (error) => this.reportError(error),
      });
      this.#tabs.shown = [this.#jobs.section, ...allowedSections(me).filter((section) => section.customerWide)];
    } else {
      this.#tabs.shown = allowedSections(me);
    }
    // An invoice mail's link (or Stripe's return) names an invoice in the fragment: open on the invoices.
    if (
      new URLSearchParams(location.hash.slice(1)).has('invoice') &&
      this.#tabs.shown.some((s) => s.scope === 'invoices')
    ) {
      this.#tabs.selected = 'invoices';
    }
    this.#tabs.shown = await this.#tabs.loadFirst(me, this.#tabs.shown);
    this.fallbackLang = me.profile.language;
    this.localize();
    this.#profileTheme = fromProfile(me.profile.theme);
    this.#session.keepTheme(this.#profileTheme);
    this.#writeTheme();
    const shown = this.#task.value;
    this.#provider.setValue({ client, session: { scopes: me.scopes, ticketId: me.ticketId }, ticket });
    if (shown?.ticketId !== me.ticketId || String(shown.scopes) !== String(me.scopes)) {
      this.emit(new PorchSessionEvent({ scopes: me.scopes, ticketId: me.ticketId }));
    }
    return me;
  }

  #loadAsk(): Promise<void> {
    return (this.#askLoaded ??= import('./portal.ask.js').then(
      ({ PortalAsk, askStyles }) => {
        const root = this.renderRoot as ShadowRoot;
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, askStyles.styleSheet!];
        this.#ask = new PortalAsk(this, () => ({ t: this.#t, locale: this.locale }));
      },
      () => warn('load-failed', 'The new-link form could not be loaded.'),
    ));
  }

  #writeTheme(): void {
    writeTheme(this.#theme, themeOver(this.#profileTheme, this.theme ?? {}));
  }

  get #t() {
    return this.texts('portal', portal);
  }

  #handleHashChange = (): void => {
    const link = linkFromHash();
    if (!link || link === this.#link) return;
    this.#link = link;
    this.requestUpdate();
  };

  #handleJobHash = (): void => {
    this.jobId = jobFromHash();
  };

  // Runs before the page's listeners: an expired session is the portal's to renew, not the page's to hear about.
  #handleHostedError = (event: Event): void => {
    if ((event as PorchErrorEvent).detail.code !== 'SESSION_EXPIRED') return;
    event.preventDefault();
    event.stopPropagation();
    if (this.#task.status !== TaskStatus.PENDING) void this.#task.run();
  };

  /** A customer-wide session: the job list (beside the customer's invoices), or the job chosen with a way back. */
  #renderJobs(me: PortalMe) {
    if (this.jobId) return this.#jobs?.render() ?? nothing;
    if (!this.#tabs.shown.some((section) => section.scope === this.#tabs.selected))
      this.#tabs.selected = this.#tabs.shown[0]?.scope;
    return this.#tabs.render(me);
  }

  #renderPortal(me: PortalMe) {
    const account = renderAccount(this.#t, this.#session, me.ticketId === null, this);
    return html`${renderHeader(me, this.#t)}
      <div class="content">
        <h2 part="salutation" class="salutation">${me.profile.salutation ?? this.#t.greeting(me.customer.name)}</h2>
        ${me.ticketId === null ? this.#renderJobs(me) : this.#tabs.render(me)} ${account}
      </div>`;
  }

  override render() {
    const { status, value: me, error } = this.#task;
    return html`<div part="base" class="base" lang=${this.locale}>
      ${
        status === TaskStatus.ERROR
          ? renderError(
              error,
              this.#t,
              () => void this.#task.run(),
              (code) =>
                this.tenant && ASK_FOR_LINK.includes(code) ? this.#ask?.render(this.tenant, this.apiBase) : nothing,
            )
          : me
            ? this.#renderPortal(me)
            : html`<div part="loading" class="notice" aria-busy="true">
                <span class="spinner"></span>${this.#t.loading}
              </div>`
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-portal': PorchPortal;
  }
}
