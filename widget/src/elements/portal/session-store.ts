import type { PortalSession } from '../../api/types.js';
import type { PortalTheme } from './portal.theme.js';

/** What survives a reload: the session (this tab only) and, when the customer opted in, the device's refresh token. */
export interface StoredSession {
  session: string;
  expiresAt: string;
  /** The profile's theme as last seen, so the loading screen of a reload wears the company's look. */
  theme?: PortalTheme;
}

const PREFIX = 'porchlight';

/**
 * The portal's session in the company page's storage, keyed per tenant and API. The session goes to
 * `sessionStorage` (this tab, until it closes: a reload, back/forward and a restored tab keep it); the refresh token
 * of "keep me signed in on this device" goes to `localStorage`, and only after the customer chose it. Nothing is
 * written before a session exists. Storage that is switched off or full behaves as empty.
 */
export class SessionStore {
  readonly #key: string;

  constructor(api: string, tenant: string | undefined) {
    this.#key = `${PREFIX}:${tenant ?? ''}:${api}`;
  }

  /** The tab's session while it has not expired by the page's clock. */
  session(): StoredSession | undefined {
    const stored = read(() => sessionStorage, this.#key) as StoredSession | undefined;
    if (!stored || typeof stored.session !== 'string' || !(Date.parse(stored.expiresAt) > Date.now())) return undefined;
    return stored;
  }

  refreshToken(): string | undefined {
    const token = read(() => localStorage, this.#key);
    return typeof token === 'string' ? token : undefined;
  }

  save(opened: PortalSession): void {
    const { theme } = this.session() ?? {};
    write(() => sessionStorage, this.#key, { session: opened.session, expiresAt: opened.expiresAt, theme });
    if (opened.refreshToken) write(() => localStorage, this.#key, opened.refreshToken);
  }

  /** Keeps the profile's theme with the tab's session (nothing without one). */
  saveTheme(theme: PortalTheme): void {
    const stored = this.session();
    if (stored) write(() => sessionStorage, this.#key, { ...stored, theme });
  }

  /** Forgets the tab's session; with `device`, the remembered device too. */
  clear(device = true): void {
    remove(() => sessionStorage, this.#key);
    if (device) remove(() => localStorage, this.#key);
  }
}

function read(storage: () => Storage, key: string): unknown {
  try {
    const raw = storage().getItem(key);
    return raw === null ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function write(storage: () => Storage, key: string, value: unknown): void {
  try {
    storage().setItem(key, JSON.stringify(value));
  } catch {
    // Storage switched off or full: the session then lives in memory only.
  }
}

function remove(storage: () => Storage, key: string): void {
  try {
    storage().removeItem(key);
  } catch {
    // as above
  }
}
