import { ContextProvider } from '@lit/context';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { PorchClient } from '../../api/client.js';
import { PorchApiError, toPorchApiError } from '../../api/errors.js';
import type { ErrorCode, PortalMe, Scope, ThemeTokens } from '../../api/types.js';
import type { PorchErrorEvent } from '../../events/error.js';
import { PorchSessionEvent } from '../../events/session.js';
import type { Translation } from '../../i18n/index.js';
import { porchContext } from '../../internal/context.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './portal.styles.js';

/** A section of the portal, shown when the session has its scope. New scopes add an entry here. */
interface PortalSection {
  scope: Scope;
  /** Loads and defines the hosted element; its module stays out of the portal's chunk. */
  load: () => Promise<void>;
  render: (me: PortalMe) => TemplateResult;
}

const SECTIONS: PortalSection[] = [
  {
    scope: 'track',
    load: () => import('../status-timeline/status-timeline.js').then((m) => m.PorchStatusTimeline.define('porch-status-timeline')),
    render: (me) => html`<porch-status-timeline ticket-id=${me.ticketId ?? nothing}></porch-status-timeline>`,
  },
];

const THEME: Record<keyof ThemeTokens, string> = {
  colorPrimary: '--porch-color-primary',
  colorText: '--porch-color-text',
  colorSurface: '--porch-color-surface',
  fontFamily: '--porch-font-family',
  radius: '--porch-radius',
};

/** Codes with their own explanation and no Retry: retrying cannot help, a new link can. */
const FINAL: Partial<Record<ErrorCode, (t: Translation['portal']) => string>> = {
  NO_TOKEN: (t) => t.noToken,
  LINK_EXPIRED: (t) => t.linkExpired,
  LINK_USED: (t) => t.linkUsed,
  LINK_INVALID: (t) => t.linkInvalid,
  SESSION_EXPIRED: (t) => t.sessionEnded,
  SESSION_INVALID: (t) => t.sessionEnded,
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

function safeUrl(url: string | null): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/**
 * @summary The whole customer portal: company branding, a greeting, and the sections the session's scopes allow.
 *
 * Opens a session from the portal link in the page's fragment (`#porch=<token>`, redeemed by POST, then removed
 * from the address bar) or from a session token in the `token` attribute. Sessions are short-lived: when one has
 * expired (`SESSION_EXPIRED`, from the portal's own load or reported by a hosted element), the portal redeems the
 * link it holds again and carries on; only if that fails does it show why. Sessions and the link live in memory
 * only. Hosted elements get the API client through context. Texts follow the closest `lang` (through shadow
 * roots, up to `<html>`); when the page declares none, the profile's language.
 *
 * @event porch-session - {PorchSessionEvent} A session is open: `{scopes, ticketId}`. Not repeated for the same ticket and scopes, so renewing an expired session stays silent.
 * @event porch-error - {PorchErrorEvent} Opening the portal failed: `{code}`, e.g. `NO_TOKEN`, `LINK_EXPIRED`, `LINK_USED`, `LINK_INVALID`, `SESSION_EXPIRED` (no link to renew it with).
 *
 * @csspart base - The portal card.
 * @csspart header - Company logo and name.
 * @csspart logo - The company logo image (when the profile has one).
 * @csspart salutation - The greeting.
 * @csspart panel - The sections the session's scopes allow.
 * @csspart loading - The loading state.
 * @csspart error - Link problems and errors, with Retry where retrying can help.
 *
 * @cssproperty --porch-color-primary - Accent colour: top border, focus rings, buttons. Default `#2563eb`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Loading text. Default `#5b6474`.
 * @cssproperty --porch-color-surface - Card background. Default `#ffffff`.
 * @cssproperty --porch-color-border - Card and header borders. Default `#e2e8f0`.
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
 * <porch-portal></porch-portal>
 */
export class PorchPortal extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #provider = new ContextProvider(this, { context: porchContext });
  // The profile's theme goes into a `:host` rule, so the page's own CSS on <porch-portal> still wins over it.
  #theme = new CSSStyleSheet();

  #task = new Task(this, {
    task: ([api, session, link], { signal }) => this.#open(new PorchClient({ baseUrl: api }), session, link, signal),
    args: () => [this.apiBase, this.token, this.#link] as const,
    onError: (error) => this.reportError(error),
  });

  // A JS-private field, not a property: page scripts cannot read the link from the element. Kept after it is
  // redeemed (and gone from the address bar) to renew expired sessions.
  #link = linkFromHash();

  protected override createRenderRoot() {
    const root = super.createRenderRoot() as ShadowRoot;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#theme];
    root.addEventListener('porch-error', this.#handleHostedError);
    return root;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#handleHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#handleHashChange);
  }

  async #open(base: PorchClient, session: string | undefined, link: string | undefined, signal: AbortSignal): Promise<PortalMe> {
    let client = session ? base.withSession(session) : await this.#redeem(base, link, signal);
    let me: PortalMe;
    try {
      me = await client.me(signal);
    } catch (error) {
      if (!session || !link || toPorchApiError(error).code !== 'SESSION_EXPIRED') throw error;
      client = await this.#redeem(base, link, signal);
      me = await client.me(signal);
    }
    await Promise.all(this.#sections(me).map((section) => section.load()));
    this.fallbackLang = me.profile.language;
    this.localize();
    this.#applyTheme(me.profile.theme);
    const shown = this.#task.value;
    this.#provider.setValue({ client, session: { scopes: me.scopes, ticketId: me.ticketId } });
    if (shown?.ticketId !== me.ticketId || String(shown.scopes) !== String(me.scopes)) {
      this.emit(new PorchSessionEvent({ scopes: me.scopes, ticketId: me.ticketId }));
    }
    return me;
  }

  async #redeem(base: PorchClient, link: string | undefined, signal: AbortSignal): Promise<PorchClient> {
    if (!link) throw new PorchApiError('NO_TOKEN');
    const { session } = await base.redeem(link, signal);
    removeLinkFromHash();
    return base.withSession(session);
  }

  #applyTheme(theme: ThemeTokens): void {
    this.#theme.replaceSync(':host {}');
    const { style } = this.#theme.cssRules[0] as CSSStyleRule;
    for (const [key, value] of Object.entries(theme)) {
      const name = THEME[key as keyof ThemeTokens];
      // setProperty keeps a value inside its own declaration, so a theme value cannot add other rules.
      if (name && value) style.setProperty(name, value);
    }
  }

  #sections(me: PortalMe): PortalSection[] {
    return SECTIONS.filter((section) => me.scopes.includes(section.scope));
  }

  #handleHashChange = (): void => {
    const link = linkFromHash();
    if (!link || link === this.#link) return;
    this.#link = link;
    this.requestUpdate();
  };

  // Runs before the page's listeners: an expired session is the portal's to renew, not the page's to hear about.
  #handleHostedError = (event: Event): void => {
    if ((event as PorchErrorEvent).detail.code !== 'SESSION_EXPIRED') return;
    event.preventDefault();
    event.stopPropagation();
    if (this.#task.status !== TaskStatus.PENDING) void this.#task.run();
  };

  #renderPortal(me: PortalMe) {
    const site = safeUrl(me.profile.redirectUrl);
    const logo = safeUrl(me.profile.logoUrl);
    const brand = html`${logo ? html`<img part="logo" class="logo" src=${logo} alt="" />` : nothing}
      <span class="company">${me.company.name}</span>`;
    return html`<header part="header" class="header">
        ${site ? html`<a class="brand" href=${site} aria-label=${this.t.portal.companySite(me.company.name)}>${brand}</a>` : html`<div class="brand">${brand}</div>`}
      </header>
      <div class="content">
        <h2 part="salutation" class="salutation">${me.profile.salutation ?? this.t.portal.greeting(me.customer.name)}</h2>
        <div part="panel" class="panel">${this.#sections(me).map((section) => section.render(me))}</div>
      </div>`;
  }

  #renderError(error: unknown) {
    const final = FINAL[toPorchApiError(error).code];
    return html`<div part="error" class="notice" role="alert">
      <p>${final ? final(this.t.portal) : this.t.error}</p>
      ${final ? nothing : html`<button type="button" @click=${() => this.#task.run()}>${this.t.retry}</button>`}
    </div>`;
  }

  override render() {
    const { status, value: me, error } = this.#task;
    return html`<div part="base" class="base" lang=${this.locale}>
      ${status === TaskStatus.ERROR
        ? this.#renderError(error)
        : me
          ? this.#renderPortal(me)
          : html`<div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${this.t.loading}</div>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-portal': PorchPortal;
  }
}
