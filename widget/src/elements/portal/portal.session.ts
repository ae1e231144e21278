import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError, toPorchApiError } from '../../api/errors.js';
import type { ErrorCode, PortalMe, PortalSession, PortalTicket } from '../../api/types.js';
import { textsLanguage } from '../../i18n/index.js';
import { removeLinkFromHash } from './portal.address.js';
import type { PortalTheme } from './portal.theme.js';
import { SessionStore } from './session-store.js';

/** Answers to a stored or given session that another sign-in can fix. */
const SIGN_IN_AGAIN: ErrorCode[] = ['SESSION_EXPIRED', 'SESSION_INVALID', 'SESSION_REVOKED'];
/** A session is renewed after this share of its lifetime, and retried this long after a failed attempt. */
const RENEW_AT = 0.8;
const RENEW_RETRY_MS = 60_000;
const PROVIDER_TIMEOUT_MS = 15_000;

/** What the portal's host element gives the controller to sign in with. */
export interface SessionHost extends ReactiveControllerHost, Element {
  tenant?: string;
  sessionProvider?: () => Promise<string>;
}

/** The portal's first view: who the session is for and, for a ticket link, the ticket. */
interface FirstView {
  me: PortalMe;
  ticket?: PortalTicket;
}

/** An open session and its first view. */
export interface Opening extends FirstView {
  client: PorchClient;
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
  /** The redeem's answer carried the first view. */
  first?: FirstView;
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

/**
 * The portal's session mechanics: signing in (a link, the tab's stored session, a remembered device, the company's
 * provider), keeping the session in the tab's storage, renewing it before it ends, "keep me signed in" and sign-out.
 * `onClient` hears of each renewed session's client, so hosted elements get it.
 */
export class PortalSessionController implements ReactiveController {
  /** The customer chose to stay signed in on this device (a refresh token is stored). */
  remembered = false;

  #host: SessionHost;
  #onClient: (client: PorchClient) => void;
  #store?: SessionStore;
  #opened?: Opened;
  #renewTimer?: ReturnType<typeof setTimeout>;
  /** Signed out in this page: nothing signs in again until a new link is opened. */
  #signedOut = false;
  // A login link works once: after redeeming it, an expired session is renewed through the provider or not at all.
  #spent?: string;

  constructor(host: SessionHost, onClient: (client: PorchClient) => void) {
    (this.#host = host).addController(this);
    this.#onClient = onClient;
  }

  hostDisconnected(): void {
    clearTimeout(this.#renewTimer);
  }

  /** The portal opened the session itself: it renews it and offers sign-out. */
  get own(): boolean {
    return Boolean(this.#opened?.own);
  }

  /** The profile's theme this tab last saw for the stored session: the loading screen of a reload wears it. */
  storedTheme(api: string): PortalTheme | undefined {
    return new SessionStore(api, this.#host.tenant).session()?.theme;
  }

  /** Remembers the profile's theme with the tab's session. */
  keepTheme(theme: PortalTheme): void {
    if (this.#opened?.keep) this.#store?.saveTheme(theme);
  }

  /** Whether an expired session can be replaced: a link not yet spent, or the company's provider. */
  canSignIn(link: string | undefined): boolean {
    return Boolean((link && link !== this.#spent) || (this.#host.sessionProvider && this.#host.tenant));
  }

  /**
   * Opens the session: the page's `session` token, else a sign-in; then the first view, from the redeem's answer when
   * it carried one, else from `GET /v1/portal/me`. A refused stored or expired session signs in again once.
   */
  async open(
    base: PorchClient,
    session: string | undefined,
    link: string | undefined,
    signal: AbortSignal,
  ): Promise<Opening> {
    clearTimeout(this.#renewTimer);
    this.#store = new SessionStore(base.baseUrl, this.#host.tenant);
    let opened: Opened = session
      ? { client: base.withSession(session), own: false, keep: false }
      : await this.#signIn(base, link, signal);
    let first: FirstView;
    try {
      first = opened.first ?? (await this.#me(opened.client, signal));
    } catch (error) {
      const { code } = toPorchApiError(error);
      if (!SIGN_IN_AGAIN.includes(code)) throw error;
      if (opened.stored) this.#store.clear(false);
      else if (!session || code !== 'SESSION_EXPIRED' || !this.canSignIn(link)) throw error;
      opened = await this.#signIn(base, link, signal);
      first = opened.first ?? (await this.#me(opened.client, signal));
    }
    this.#opened = opened;
    this.remembered = opened.own && Boolean(this.#store.refreshToken());
    if (opened.own && opened.client.session) this.#schedule(opened.client.session);
    return { client: opened.client, ...first };
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
    this.#host.requestUpdate();
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
  }

  async #me(client: PorchClient, signal: AbortSignal): Promise<FirstView> {
    const { ticket, ...me } = await client.me(signal, textsLanguage(this.#host));
    return { me, ticket };
  }

  /** Takes a new session of the same kind: stores it when the portal keeps sessions, and renews it before it ends. */
  #adopt(opened: Opened, session: PortalSession): void {
    const client = opened.client.withSession(session.session);
    this.#opened = { ...opened, client };
    if (opened.keep) this.#store?.save(session);
    this.#onClient(client);
    this.#schedule(session.session);
  }

  #schedule(session: string): void {
    clearTimeout(this.#renewTimer);
    const seconds = lifetimeSeconds(session);
    if (seconds > 0) this.#renewTimer = setTimeout(() => void this.renew(), seconds * 1000 * RENEW_AT);
  }

  /**
   * A session: from a newly opened link (unless it was a single-use one already redeemed), else the tab's stored
   * one, else the remembered device's refresh token, else the company's provider.
   */
  async #signIn(base: PorchClient, link: string | undefined, signal: AbortSignal): Promise<Opened> {
    const store = this.#store!;
    let opened: PortalSession;
    if (link && link !== this.#spent) {
      opened = await base.redeem(link, signal, textsLanguage(this.#host));
      removeLinkFromHash();
      this.#signedOut = false;
      if (!opened.ticketId) this.#spent = link;
      store.save(opened);
      const first = opened.me && { me: opened.me, ticket: opened.ticket };
      return { client: base.withSession(opened.session), own: true, keep: true, first };
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
    const { sessionProvider, tenant } = this.#host;
    if (sessionProvider && tenant) {
      const assertion = await Promise.race([
        sessionProvider(),
        // A provider that never answers must not leave a spinner forever.
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new PorchApiError('NETWORK_ERROR')), PROVIDER_TIMEOUT_MS),
        ),
      ]);
      opened = await base.redeemIdentity(tenant, assertion, signal, textsLanguage(this.#host));
      // The provider mints again on a reload: nothing is stored unless the customer chooses to stay signed in.
      const first = opened.me && { me: opened.me, ticket: opened.ticket };
      return { client: base.withSession(opened.session), own: true, keep: false, first };
    }
    throw new PorchApiError(link ? 'SESSION_EXPIRED' : 'NO_TOKEN');
  }
}
