import { ContextProvider } from '@lit/context';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { PorchClient } from '../../api/client.js';
import { PorchApiError, toPorchApiError } from '../../api/errors.js';
import type {
  ErrorCode,
  Module,
  PORTAL_DISABLED_DEFAULT,
  PortalJob,
  PortalMe,
  PortalSession,
  Scope,
} from '../../api/types.js';
import type { PorchErrorEvent } from '../../events/error.js';
import type { PorchJobSelectedEvent } from '../../events/job-selected.js';
import { PorchSessionEvent } from '../../events/session.js';
import { portal } from '../../i18n/en/portal.js';
import type { PortalTexts } from '../../i18n/index.js';
import { plural } from '../../i18n/plural.js';
import { porchContext } from '../../internal/context.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './portal.styles.js';
import { SECTIONS, type PortalSection } from './portal.sections.js';
import { fromProfile, themeConverter, writeTheme, type PortalTheme } from './portal.theme.js';
import { SessionStore } from './session-store.js';

export { SECTIONS, type PortalSection, type PortalTheme };

/** Codes after which a customer can ask for a new login link by email (when the portal knows its tenant). */
const ASK_FOR_LINK: ErrorCode[] = [
  'NO_TOKEN',
  'LINK_EXPIRED',
  'LINK_USED',
  'LINK_INVALID',
  'SESSION_EXPIRED',
  'SESSION_INVALID',
  'SESSION_REVOKED',
  'SIGNED_OUT',
];
/** Answers to a stored or given session that another sign-in can fix. */
const SIGN_IN_AGAIN: ErrorCode[] = ['SESSION_EXPIRED', 'SESSION_INVALID', 'SESSION_REVOKED'];
/** A session is renewed after this share of its lifetime, and retried this long after a failed attempt. */
const RENEW_AT = 0.8;
const RENEW_RETRY_MS = 60_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PROVIDER_TIMEOUT_MS = 15_000;
// Typed as the API's constant, so the typecheck fails if the two differ; a value import would pull api/ in.
const DISABLED_DEFAULT: typeof PORTAL_DISABLED_DEFAULT = 'The portal is currently unavailable';
type AskState = 'idle' | 'sending' | 'sent' | 'invalid' | 'limited' | 'failed';

/** Codes with their own explanation and no Retry: retrying cannot help, a new link can. */
const FINAL: Partial<Record<ErrorCode, (t: PortalTexts) => string>> = {
  NO_TOKEN: (t) => t.noToken,
  LINK_EXPIRED: (t) => t.linkExpired,
  LINK_USED: (t) => t.linkUsed,
  LINK_INVALID: (t) => t.linkInvalid,
  SESSION_EXPIRED: (t) => t.sessionEnded,
  SESSION_INVALID: (t) => t.sessionEnded,
  SESSION_REVOKED: (t) => t.sessionEnded,
  SIGNED_OUT: (t) => t.signedOut,
  PORTAL_DISABLED: (t) => t.disabled,
};

/** The link token in `#porch=<token>`, if any. */
function linkFromHash(): string | undefined {
  return new URLSearchParams(location.hash.slice(1)).get('porch') || undefined;
}

/** Drops `porch=` from the fragment (keeping path, query and other fragment parts) so the token leaves the address bar. */
function removeLinkFromHash(): void {
  const params = new URLSearchParams(location.hash.slice(1));
  params.delete('porch');
  const rest = String(params);
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
}

/** The job in `#porch-job=<id>`, if any: what a customer-wide portal shows (else the job list). */
function jobFromHash(): string | undefined {
  return new URLSearchParams(location.hash.slice(1)).get('porch-job') || undefined;
}

/**
 * Puts the open job into the address, or takes it out: a new history entry (so Back returns to the list), or with
 * `replace` the current one.
 */
function pushJobToHash(jobId: string | undefined, replace = false): void {
  const params = new URLSearchParams(location.hash.slice(1));
  if (jobId) params.set('porch-job', jobId);
  else params.delete('porch-job');
  const rest = String(params);
  const address = location.pathname + location.search + (rest ? `#${rest}` : '');
  if (replace) history.replaceState(history.state, '', address);
  else history.pushState(history.state, '', address);
}

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
interface JobView {
  job: PortalJob;
  me: PortalMe;
  shown: PortalSection[];
}

/** Seconds a session JWT was issued for (`exp - iat`), read without trusting the page's clock. */
function lifetimeSeconds(session: string): number {
  try {
    const payload = JSON.parse(atob(session.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp: number;
      iat: number;
    };
    return Math.max(0, payload.exp - payload.iat);
  } catch {
    return 0;
  }
}

/** How the portal holds its session: given by the page, or opened by the portal itself (then stored if `keep`). */
interface Opened {
  client: PorchClient;
  /** The portal opened it (link, stored, device, provider): it renews it and offers sign-out. */
  own: boolean;
  /** Stored in this tab (opened from a link or a remembered device). */
  keep: boolean;
  /** Came from the tab's storage: if the API refuses it, sign in another way. */
  stored?: boolean;
}

function safeUrl(url: string | null): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

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
 * @cssproperty --porch-portal-max-width - Widest the card grows. Default `42rem`.
 * @cssproperty --porch-portal-logo-height - Height of the company logo. Default `2rem`.
 *
 * A profile's theme sets `--porch-color-primary`, `-text`, `-surface`, `--porch-font-family` and `--porch-radius`
 * too, but as the element's own default: the same properties set on `porch-portal` by the page win.
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

  #task = new Task(this, {
    task: ([api, session, link], { signal }) => this.#open(new PorchClient({ baseUrl: api }), session, link, signal),
    args: () => [this.apiBase, this.token, this.#link, this.sessionProvider] as const,
    onError: (error) => this.reportError(error),
  });

  #jobTask = new Task(this, {
    task: ([me, jobId], { signal }) => this.#openJob(me, jobId, signal),
    args: () => [this.#task.value, this.jobId] as const,
    onError: (error) => this.reportError(error),
  });
  #client?: PorchClient;

  // A JS-private field, not a property: page scripts cannot read the link from the element. Kept after it is
  // redeemed (and gone from the address bar) to renew expired sessions.
  #link = linkFromHash();
  // A login link works once: after redeeming it, an expired session is renewed through the provider or not at all.
  #spent?: string;
  /** The sections on show, in tab order. */
  #shown: PortalSection[] = [];
  #store?: SessionStore;
  #opened?: Opened;
  #renewTimer?: ReturnType<typeof setTimeout>;
  /** Signed out in this page: nothing signs in again until a new link is opened. */
  #signedOut = false;

  /** The customer chose to stay signed in on this device (a refresh token is stored). */
  @state() private remembered = false;

  @state() private selected: Scope | undefined;
  /** The job a customer-wide session has open (`#porch-job=<id>`); none shows the job list. */
  @state() private jobId = jobFromHash();
  @state() private ask: AskState = 'idle';
  /** How long the login link just requested works, as the API said. */
  @state() private linkMinutes = 0;

  /** The company's public tenant id: needed to ask for a new login link and for company-minted sessions. */
  @property() tenant?: string;

  /**
   * For pages where the company's customer is logged in: answers a short-lived JWT the company's server minted
   * for them. The portal exchanges it for a session, and asks again whenever that session expires.
   */
  @property({ attribute: false }) sessionProvider?: () => Promise<string>;

  /**
   * The company's look before the API answers, and over the profile's: `{primary, onPrimary, text, surface, radius,
   * fontFamily, mode}` (`mode`: `light`, `dark`, or `auto` to follow the visitor's system). As an attribute, JSON or
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
    clearTimeout(this.#renewTimer);
  }

  /** The job a customer-wide session has open (`#porch-job=<id>`), or null while it shows the job list. */
  get job(): string | null {
    return this.jobId ?? null;
  }

  /** Opens a job (null: the job list) and puts it in the address as a new history entry, so Back returns. */
  showJob(job: string | null): void {
    if ((job ?? undefined) === this.jobId) return;
    pushJobToHash(job ?? undefined);
    this.jobId = job ?? undefined;
  }

  /** Renews the session now; the portal calls this itself shortly before its session expires. */
  async renew(): Promise<void> {
    const opened = this.#opened;
    if (!opened?.own) return;
    try {
      this.#adopt(opened, await opened.client.renew());
    } catch (error) {
      const { status } = toPorchApiError(error);
      // A refused renewal is final for this session; the next request that fails signs in again if it can.
      if (status === 401) this.#store?.clear(false);
      else this.#renewTimer = setTimeout(() => void this.renew(), RENEW_RETRY_MS);
    }
  }

  /** "Keep me signed in on this device": a refresh token in this browser's localStorage for up to 30 days. */
  async keepSignedIn(): Promise<void> {
    const opened = this.#opened;
    if (!opened?.own) return;
    this.#adopt({ ...opened, keep: true }, await opened.client.renew(true));
    this.remembered = Boolean(this.#store?.refreshToken());
  }

  /** Ends the session on the server and forgets it here; `everywhere` also signs out every remembered device. */
  async signOut(everywhere = false): Promise<void> {
    const opened = this.#opened;
    clearTimeout(this.#renewTimer);
    this.#opened = undefined;
    this.#store?.clear(true);
    // Forgotten here in any case; a sign-out the API did not hear of still ends with the session's 30 minutes.
    await opened?.client.signOut(everywhere).catch(() => undefined);
    this.#signedOut = true;
    this.remembered = false;
    pushJobToHash(undefined, true);
    this.jobId = undefined;
    // A new #link re-runs the task, which now finds nothing to sign in with.
    this.#link = undefined;
    void this.#task.run();
  }

  /** Takes a new session of the same kind: stores it when the portal keeps sessions, and renews it before it ends. */
  #adopt(opened: Opened, session: PortalSession): void {
    const client = opened.client.withSession(session.session);
    this.#opened = { ...opened, client };
    if (opened.keep) this.#store?.save(session);
    const value = this.#provider.value;
    if (value) this.#provider.setValue({ ...value, client });
    this.#schedule(session.session);
  }

  #schedule(session: string): void {
    clearTimeout(this.#renewTimer);
    const seconds = lifetimeSeconds(session);
    if (seconds > 0) this.#renewTimer = setTimeout(() => void this.renew(), seconds * 1000 * RENEW_AT);
  }

  async #open(
    base: PorchClient,
    session: string | undefined,
    link: string | undefined,
    signal: AbortSignal,
  ): Promise<PortalMe> {
    clearTimeout(this.#renewTimer);
    this.#store = new SessionStore(base.baseUrl, this.tenant);
    let opened: Opened = session
      ? { client: base.withSession(session), own: false, keep: false }
      : await this.#signIn(base, link, signal);
    let me: PortalMe;
    try {
      me = await opened.client.me(signal);
    } catch (error) {
      if (!SIGN_IN_AGAIN.includes(toPorchApiError(error).code)) throw error;
      if (opened.stored) this.#store.clear(false);
      else if (!session || toPorchApiError(error).code !== 'SESSION_EXPIRED' || !this.#canSignIn(link)) throw error;
      opened = await this.#signIn(base, link, signal);
      me = await opened.client.me(signal);
    }
    const client = opened.client;
    this.#opened = opened;
    this.remembered = opened.own && Boolean(this.#store.refreshToken());
    if (opened.own && client.session) this.#schedule(client.session);
    // A ticket link opens its one job: the address says so, without a token.
    if (me.ticketId && jobFromHash() !== me.ticketId) pushJobToHash(me.ticketId, true);
    this.#client = client;
    if (me.ticketId === null) {
      await import('../job-list/job-list.js').then((m) => m.PorchJobList.define('porch-job-list'));
      const customerWide = (await this.#loadSections(me)).filter((section) => section.customerWide);
      this.#shown = [this.#jobsSection, ...customerWide];
    } else {
      this.#shown = await this.#loadSections(me);
    }
    // An invoice mail's link (or Stripe's return) names an invoice in the fragment: open on the invoices.
    if (new URLSearchParams(location.hash.slice(1)).has('invoice') && this.#shown.some((s) => s.scope === 'invoices')) {
      this.selected = 'invoices';
    }
    if (!this.#shown.some((section) => section.scope === this.selected)) this.selected = this.#shown[0]?.scope;
    this.fallbackLang = me.profile.language;
    this.localize();
    this.#profileTheme = fromProfile(me.profile.theme);
    this.#writeTheme();
    const shown = this.#task.value;
    this.#provider.setValue({ client, session: { scopes: me.scopes, ticketId: me.ticketId } });
    if (shown?.ticketId !== me.ticketId || String(shown.scopes) !== String(me.scopes)) {
      this.emit(new PorchSessionEvent({ scopes: me.scopes, ticketId: me.ticketId }));
    }
    return me;
  }

  /** The sections `me` may see whose elements load; a tab whose element fails to load is left out. */
  async #loadSections(me: PortalMe): Promise<PortalSection[]> {
    const loaded = await Promise.all(
      this.#allowed(me).map((section) =>
        section.load(me).then(
          () => section,
          () => undefined,
        ),
      ),
    );
    return loaded.filter((section) => section !== undefined);
  }

  /**
   * A customer-wide session's job view: the job as the API gives it to this session, shown with the same sections a
   * ticket link shows — each one its sections (the session's scopes met with the job's profile's modules) allow.
   */
  async #openJob(me: PortalMe | undefined, jobId: string | undefined, signal: AbortSignal): Promise<JobView | null> {
    if (!me || me.ticketId !== null || !jobId || !this.#client) return null;
    const job = await this.#client.job(jobId, signal);
    const scopes = job.sections.flatMap((section) => SECTION_SCOPE[section] ?? []);
    const jobMe: PortalMe = {
      ...me,
      ticketId: job.id,
      latestTicketId: job.id,
      scopes: me.scopes.filter((scope) => scopes.includes(scope)),
      canShare: job.sections.includes('share'),
    };
    const shown = await this.#loadSections(jobMe);
    if (!shown.some((section) => section.scope === this.selected)) this.selected = shown[0]?.scope;
    return { job, me: jobMe, shown };
  }

  #canSignIn(link: string | undefined): boolean {
    return Boolean((link && link !== this.#spent) || (this.sessionProvider && this.tenant));
  }

  /**
   * A session: from a newly opened link (unless it was a single-use one already redeemed), else the tab's stored
   * one, else the remembered device's refresh token, else the company's provider.
   */
  async #signIn(base: PorchClient, link: string | undefined, signal: AbortSignal): Promise<Opened> {
    const store = this.#store!;
    let opened: PortalSession;
    if (link && link !== this.#spent) {
      opened = await base.redeem(link, signal);
      removeLinkFromHash();
      this.#signedOut = false;
      if (!opened.ticketId) this.#spent = link;
      store.save(opened);
      return { client: base.withSession(opened.session), own: true, keep: true };
    }
    if (this.#signedOut) throw new PorchApiError('SIGNED_OUT');
    const stored = store.session();
    if (stored) return { client: base.withSession(stored.session), own: true, keep: true, stored: true };
    const refreshToken = store.refreshToken();
    if (refreshToken) {
      try {
        opened = await base.refresh(refreshToken, signal);
        store.save(opened);
        return { client: base.withSession(opened.session), own: true, keep: true };
      } catch (error) {
        if (toPorchApiError(error).status !== 401) throw error;
        store.clear(true);
      }
    }
    if (this.sessionProvider && this.tenant) {
      const assertion = await Promise.race([
        this.sessionProvider(),
        // A provider that never answers must not leave a spinner forever.
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new PorchApiError('NETWORK_ERROR')), PROVIDER_TIMEOUT_MS),
        ),
      ]);
      opened = await base.redeemIdentity(this.tenant, assertion, signal);
      // The provider mints again on a reload: nothing is stored unless the customer chooses to stay signed in.
      return { client: base.withSession(opened.session), own: true, keep: false };
    }
    throw new PorchApiError(link ? 'SESSION_EXPIRED' : 'NO_TOKEN');
  }

  async #askForLink(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const email = String(new FormData(event.target as HTMLFormElement).get('email') ?? '').trim();
    if (!EMAIL.test(email)) {
      this.ask = 'invalid';
      return;
    }
    this.ask = 'sending';
    try {
      const { expiresInMinutes } = await new PorchClient({ baseUrl: this.apiBase }).requestLoginLink(
        this.tenant!,
        email,
      );
      this.linkMinutes = expiresInMinutes;
      this.ask = 'sent';
    } catch (error) {
      const code = toPorchApiError(error).code;
      this.ask = code === 'RATE_LIMITED' ? 'limited' : code === 'VALIDATION_FAILED' ? 'invalid' : 'failed';
    }
  }

  #writeTheme(): void {
    const tag = this.theme ?? {};
    // The profile's text and surface colours are for a light page: a page asking for dark keeps the dark ones.
    const dark = tag.mode === 'dark' || tag.mode === 'auto';
    writeTheme(this.#theme, { ...this.#profileTheme, ...(dark && { text: undefined, surface: undefined }), ...tag });
  }

  #allowed(me: PortalMe): PortalSection[] {
    return SECTIONS.filter((section) => me.scopes.includes(section.scope) && (!section.ticketOnly || me.ticketId));
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

  #handleJobSelected = (event: PorchJobSelectedEvent): void => this.showJob(event.detail.jobId);

  #handleBack = (): void => this.showJob(null);

  // Runs before the page's listeners: an expired session is the portal's to renew, not the page's to hear about.
  #handleHostedError = (event: Event): void => {
    if ((event as PorchErrorEvent).detail.code !== 'SESSION_EXPIRED') return;
    event.preventDefault();
    event.stopPropagation();
    if (this.#task.status !== TaskStatus.PENDING) void this.#task.run();
  };

  // WAI-ARIA tabs with automatic activation: arrows, Home and End move the selection and the focus.
  #handleTabKey = (event: KeyboardEvent): void => {
    const tabs = this.#task.value?.ticketId === null ? (this.#jobTask.value?.shown ?? []) : this.#shown;
    const index = tabs.findIndex((section) => section.scope === this.selected);
    const last = tabs.length - 1;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.selected = tabs[(next + last + 1) % (last + 1)]!.scope;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[role=tab][aria-selected=true]')?.focus(),
    );
  };

  /** A customer-wide session's first tab: all of its jobs. */
  #jobsSection: PortalSection = {
    scope: 'track',
    label: (t) => t.backToJobs,
    load: async () => {},
    render: () =>
      html`<porch-job-list part="job-list" @porch-job-selected=${this.#handleJobSelected}></porch-job-list>`,
  };

  /** A customer-wide session: the job list (beside the customer's invoices), or the job chosen with a way back. */
  #renderJobs(me: PortalMe) {
    const t = this.#t;
    if (!this.jobId) {
      if (!this.#shown.some((section) => section.scope === this.selected)) this.selected = this.#shown[0]?.scope;
      return this.#renderSections(me);
    }
    const view = this.#jobTask.value;
    const back = html`<button part="back" class="back" type="button" @click=${this.#handleBack}>
      ← ${t.backToJobs}
    </button>`;
    if (this.#jobTask.status === TaskStatus.ERROR) {
      return html`${back}
        <div part="error" class="notice" role="alert">
          <p>${t.error}</p>
          <button type="button" @click=${() => this.#jobTask.run()}>${t.retry}</button>
        </div>`;
    }
    if (!view || view.job.id !== this.jobId) {
      return html`${back}
        <div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${t.loading}</div>`;
    }
    return html`${back}
      <h3 part="job-title" class="job-title">${view.job.title}</h3>
      ${this.#renderSections(view.me, view.shown, view.job)}`;
  }

  #renderSections(me: PortalMe, shown = this.#shown, job?: PortalJob) {
    const current = shown.find((section) => section.scope === this.selected);
    if (!current) return nothing;
    // One tab needs no tab bar; the panel is then simply the content.
    if (shown.length === 1) return html`<div part="panel" class="panel">${current.render(me, job)}</div>`;
    const t = this.#t;
    return html`<div part="tabs" class="tabs" role="tablist" aria-label=${t.sections} @keydown=${this.#handleTabKey}>
        ${shown.map((section) => {
          const on = section === current;
          return html`<button
            part="tab${on ? ' tab-selected' : ''}"
            class="tab"
            type="button"
            role="tab"
            id="tab-${section.scope}"
            aria-selected=${on ? 'true' : 'false'}
            aria-controls="panel"
            tabindex=${on ? 0 : -1}
            @click=${() => (this.selected = section.scope)}
          >
            ${section.label(t)}
          </button>`;
        })}
      </div>
      <div part="panel" class="panel" id="panel" role="tabpanel" aria-labelledby="tab-${current.scope}" tabindex="0">
        ${current.render(me, job)}
      </div>`;
  }

  #renderAsk() {
    const t = this.#t;
    if (this.ask === 'sent') {
      return html`<p part="ask-result" class="ask-result" role="status">
        ${t.sent} ${plural(this.locale, this.linkMinutes, t.lifetime)}
      </p>`;
    }
    const problem = { invalid: t.invalidEmail, limited: t.tooMany, failed: t.sendFailed }[this.ask as string];
    return html`<form part="ask" class="ask" @submit=${this.#askForLink} novalidate>
      <h3 class="ask-title">${t.askTitle}</h3>
      <label for="email">${t.emailLabel}</label>
      <div class="ask-row">
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          required
          aria-invalid=${this.ask === 'invalid' ? 'true' : 'false'}
          aria-describedby=${problem ? 'ask-problem' : nothing}
        />
        <button type="submit" ?disabled=${this.ask === 'sending'}>
          ${this.ask === 'sending' ? t.sending : t.send}
        </button>
      </div>
      ${problem ? html`<p id="ask-problem" class="ask-problem" role="alert">${problem}</p>` : nothing}
    </form>`;
  }

  #renderPortal(me: PortalMe) {
    const site = safeUrl(me.profile.redirectUrl);
    const logo = safeUrl(me.profile.logoUrl);
    const brand = html`${logo ? html`<img part="logo" class="logo" src=${logo} alt="" />` : nothing}
      <span class="company">${me.company.name}</span>`;
    return html`<header part="header" class="header">
        ${site ? html`<a class="brand" href=${site} aria-label=${this.#t.companySite(me.company.name)}>${brand}</a>` : html`<div class="brand">${brand}</div>`}
      </header>
      <div class="content">
        <h2 part="salutation" class="salutation">${me.profile.salutation ?? this.#t.greeting(me.customer.name)}</h2>
        ${me.ticketId === null ? this.#renderJobs(me) : this.#renderSections(me)} ${this.#renderAccount(me)}
      </div>`;
  }

  #renderAccount(me: PortalMe) {
    if (!this.#opened?.own) return nothing;
    const t = this.#t;
    return html`<div part="account" class="account">
      ${
        me.ticketId === null && !this.remembered
          ? html`<label class="keep"
              ><input type="checkbox" @change=${() => void this.keepSignedIn()} /> ${t.keepSignedIn}</label
            >`
          : nothing
      }
      <button part="sign-out" type="button" @click=${() => void this.signOut()}>${t.signOut}</button>
      ${
        this.remembered
          ? html`<button part="sign-out-everywhere" type="button" @click=${() => void this.signOut(true)}>
              ${t.signOutEverywhere}
            </button>`
          : nothing
      }
    </div>`;
  }

  #renderError(error: unknown) {
    const { code, message } = toPorchApiError(error);
    if (code === 'PORTAL_DISABLED') {
      // The tenant's own message, as the API sent it.
      return html`<div part="error disabled" class="notice" role="alert">
        <h3 class="notice-title">${this.#t.disabledTitle}</h3>
        <p>${message === DISABLED_DEFAULT ? this.#t.disabled : message}</p>
      </div>`;
    }
    const final = FINAL[code];
    return html`<div part="error" class="notice" role="alert">
        <p>${final ? final(this.#t) : this.#t.error}</p>
        ${final ? nothing : html`<button type="button" @click=${() => this.#task.run()}>${this.#t.retry}</button>`}
      </div>
      ${this.tenant && ASK_FOR_LINK.includes(code) ? this.#renderAsk() : nothing}`;
  }

  override render() {
    const { status, value: me, error } = this.#task;
    return html`<div part="base" class="base" lang=${this.locale}>
      ${
        status === TaskStatus.ERROR
          ? this.#renderError(error)
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
