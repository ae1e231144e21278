/**
 * Test helpers that talk to the real API through the fixture server's control endpoints (proxied by
 * web-test-runner.config.mjs under /__fixtures). Nothing here imitates the API.
 */
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { FeedbackQuestion, StatusKey, StatusLabels, ThemeTokens } from '../api/types.js';

export interface TicketSetup {
  status?: StatusKey;
  /** An existing portal profile for the ticket, and the skills it needs (booking calendar tests). */
  profileId?: string;
  skills?: string[];
  /** Coordinates of the service location. */
  location?: { lat: number; lng: number };
  /** The technician's position, posted after the status. */
  position?: { lat: number; lng: number };
  technician?: string;
  eta?: { from: string; to: string };
  timezone?: string;
  language?: 'en' | 'de';
  title?: string;
  /** Branding of the ticket's own portal profile, created through the admin API. */
  profile?: {
    logoUrl?: string;
    redirectUrl?: string;
    salutation?: string;
    theme?: ThemeTokens;
    statusLabels?: StatusLabels;
    feedbackEnabled?: boolean;
    feedbackQuestions?: FeedbackQuestion[];
    /** The profile's modules, e.g. with `messages` for the thread. */
    modules?: string[];
  };
}

const post = (path: string, body: unknown) =>
  fetch(`/__fixtures${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** A call of the fixture server's control API (`/__fixtures/<path>`), which answers 201. */
export async function control<T = any>(path: string, body: unknown = {}): Promise<T> {
  const response = await post(path, body);
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<T>;
}

/** A call of the real admin API through the fixture server (which holds the API key). */
export async function admin<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch('/__fixtures/admin', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method, path, body }),
  });
  if (response.status !== 201)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<T>;
}

/** A ticket with an already redeemed session, for standalone elements. */
export const createSession = (setup: TicketSetup = {}) =>
  control<{ ticketId: string; session: string; api: string }>('/sessions', setup);

/** A ticket with an unredeemed portal link token. */
export const createTicketLink = (setup: TicketSetup = {}) =>
  control<{ ticketId: string; token: string; api: string }>('/tickets', setup);

/** A login link (single use) for a fresh ticket's customer; `used` redeems it once first. */
export const createLoginLink = (used = false) =>
  control<{ ticketId: string; token: string; api: string; tenant: string }>('/login-links', { used });

/** How many login-link mails ("email me a new link") the outbox holds. */
export const linkRequests = async (): Promise<number> =>
  ((await (await fetch('/__fixtures/login-link-requests')).json()) as { count: number }).count;

/** A ticket whose customer the company knows as `sub`, with the company's identity key registered. */
export const createIdentity = () =>
  control<{ ticketId: string; sub: string; api: string; tenant: string }>('/identity');

/** A JWT the company's server mints for its logged-in customer `sub`. */
export const mintIdentity = async (sub: string) => (await control<{ jwt: string }>('/identity/mint', { sub })).jwt;

/** An expired portal link token (of a ticket set up as `setup` says). */
export const createExpiredLink = (setup: TicketSetup = {}) => control<{ token: string }>('/links/expired', setup);

/** Records an event on a ticket (a status, a position, a hold), as the company's system would. */
export const moveTicket = (
  ticketId: string,
  event: {
    status?: StatusKey;
    technician?: { firstName: string };
    eta?: { from: string; to: string };
    position?: { lat: number; lng: number };
    hold?: 'on_hold' | 'cancelled' | null;
  },
) => control<unknown>(`/tickets/${encodeURIComponent(ticketId)}/events`, event);

/** Writes the company's info on a ticket, as a "create info" action does (`secondsAgo` back-dates it). */
export const addInfo = (ticketId: string, body: string, secondsAgo = 0) =>
  control<unknown>(`/tickets/${encodeURIComponent(ticketId)}/infos`, { body, secondsAgo });

/** Changes the tenant's settings through the admin API, e.g. `{mapTileUrl}` or `{precisePositionKm}`. */
export const setSettings = (patch: {
  mapTileUrl?: string | null;
  precisePositionKm?: number;
  portalEnabled?: boolean;
  portalDisabledMessage?: string | null;
  loginLinkTtlMinutes?: number;
  serviceRequestsEnabled?: boolean;
}) => control<unknown>('/settings', patch);

/** The ids of a ticket's events, oldest first, from the admin API. */
export async function eventIds(ticketId: string): Promise<string[]> {
  const response = await fetch(`/__fixtures/tickets/${encodeURIComponent(ticketId)}`);
  return ((await response.json()) as { events: { id: string }[] }).events.map((event) => event.id);
}

/** What the API saw of a ticket's event streams: how many are open, and each request's `Last-Event-ID`. */
export async function streamsOf(ticketId: string): Promise<{ open: number; resumedFrom: (string | null)[] }> {
  return (await fetch(`/__fixtures/streams/${encodeURIComponent(ticketId)}`)).json();
}

/** Cuts the connection of every open event stream, as a network drop would. */
export const dropStreams = () => control<{ dropped: number }>('/streams/drop');

/** Shuts the API down the graceful way (open streams are told to reconnect), then serves on. */
export const restartApi = () => control<unknown>('/restart');

/** Hides the test page behind another tab (a real `visibilitychange`), or shows it again. */
export const setPageVisible = (visible: boolean) => executeServerCommand('set-visibility', { visible });

/**
 * Sets the API's clock `offsetSeconds` ahead of real time (0 sets it back), so sessions and links expire without
 * waiting. A fixture server without `POST /clock` fails the test: a missing fixture never turns into a skip.
 */
export async function setApiClock(offsetSeconds: number): Promise<void> {
  await control<unknown>('/clock', { offsetSeconds });
}

/**
 * Records the URL of every fetch the page starts from now on, aborted or not; the real fetch still runs. Call the
 * returned `stop` (in `afterEach`) to put `window.fetch` back.
 */
export function recordFetches(): { urls: string[]; stop: () => void } {
  const urls: string[] = [];
  const real = window.fetch;
  window.fetch = (input, init) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return real(input, init);
  };
  return { urls, stop: () => (window.fetch = real) };
}

/** Makes every request to the API fail like a network outage until called again with `false`. */
export const blockApi = (api: string, blocked = true) =>
  executeServerCommand('block-urls', { urls: blocked ? [`${api}/*`] : [] });

/** Lets every request through again (for `afterEach`, after tests that block the API). */
export const unblockApi = () => executeServerCommand('block-urls', { urls: [] });

/** The element's shadow root, asserted present. */
export function shadow(el: Element): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`<${el.localName}> has no shadow root`);
  return el.shadowRoot;
}

/** The first element in `el`'s shadow root with `part` among its parts. */
export function part(el: Element, name: string): HTMLElement | null {
  return shadow(el).querySelector<HTMLElement>(`[part~="${name}"]`);
}

/** How `locale` names `zone` beside a time ("Germany Time"): what a viewer in another zone reads. */
export const zoneName = (zone: string, locale = 'en') =>
  new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'shortGeneric' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName')!.value;

/**
 * `at` as a viewer elsewhere reads it: the site's time in `options` with the zone's name. Intl places the name and
 * may change the hour's pattern with it (German midnight is "0:09" alone but "00:09 MEZ"), so it is formatted whole.
 */
export const labelledTime = (at: Date, zone: string, locale: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale, { ...options, timeZone: zone, timeZoneName: 'shortGeneric' }).format(at);

/** Runs `test` as a viewer in `zone`: the browser's own time zone, emulated by Chromium. */
export async function inZone(zone: string, test: () => Promise<void>): Promise<void> {
  await executeServerCommand('set-timezone', { zone });
  try {
    await test();
  } finally {
    await executeServerCommand('set-timezone', { zone: '' });
  }
}

/** Text content with whitespace collapsed. */
export const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Every part name used in a shadow root (not in nested ones). */
export function renderedParts(el: Element): string[] {
  const names = [...shadow(el).querySelectorAll('[part]')].flatMap((node) => node.getAttribute('part')!.split(/\s+/));
  return [...new Set(names)].sort();
}

/** The `@csspart` and `@cssproperty` names in the JSDoc of an element's source file (`path` under widget/src). */
export async function documented(path: string): Promise<{ parts: string[]; properties: string[] }> {
  const source = await executeServerCommand<string, { path: string }>('read-source', { path });
  const names = (tag: string) =>
    [...source.matchAll(new RegExp(`^ \\* ${tag} ([\\w-]+)`, 'gm'))].map((m) => m[1]!).sort();
  return { parts: names('@csspart'), properties: names('@cssproperty') };
}

function* deep(root: Element | ShadowRoot): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deep(el.shadowRoot);
  }
}

/**
 * Elements in `host` and all its shadow trees that overflow horizontally: wider content than box, or a box that
 * sticks out of the host. Visually hidden texts are clipped on purpose and skipped.
 */
export function overflowing(host: Element): string[] {
  const bounds = host.getBoundingClientRect();
  const problems: string[] = [];
  for (const el of [host, ...deep(host.shadowRoot ?? host)]) {
    if (el.closest('.visually-hidden')) continue;
    const box = el.getBoundingClientRect();
    const name = `<${el.localName}${el.getAttribute('part') ? ` part="${el.getAttribute('part')}"` : ''} class="${el.getAttribute('class') ?? ''}">`;
    if (el.scrollWidth > el.clientWidth && el.clientWidth > 0)
      problems.push(`${name} scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
    if (box.width > 0 && (box.left < bounds.left - 0.5 || box.right > bounds.right + 0.5)) {
      problems.push(`${name} spans ${box.left}–${box.right}, outside ${bounds.left}–${bounds.right}`);
    }
  }
  return problems;
}

export const PHONE = { width: 320, height: 640 };
export const DESKTOP = { width: 800, height: 600 };

/** Runs `test` on a phone-sized viewport (320 px wide), and puts the desktop one back whatever happens. */
export async function onPhone(test: () => Promise<void>, height = PHONE.height): Promise<void> {
  await setViewport({ ...PHONE, height });
  try {
    await test();
  } finally {
    await setViewport(DESKTOP);
  }
}

/** Whether the element's text runs over more than one line. */
export function wraps(el: Element): boolean {
  return el.getBoundingClientRect().height > parseFloat(getComputedStyle(el).lineHeight) * 1.5;
}

const cssTextOf = (styles: unknown): string =>
  Array.isArray(styles)
    ? styles.map(cssTextOf).join('\n')
    : ((styles as { cssText?: string } | undefined)?.cssText ?? '');

/** The public `--porch-*` properties an element's styles read, sorted. */
export function porchProperties(styles: unknown): string[] {
  return [...new Set([...cssTextOf(styles).matchAll(/var\(\s*(--porch-[\w-]+)/g)].map((m) => m[1]!))].sort();
}

/**
 * Private tokens (`--_x`) of an element's styles that are defined but never used, or used but never defined, as in
 * Material Web's token tests.
 */
export function privateTokenProblems(styles: unknown): string[] {
  const cssText = cssTextOf(styles);
  const defined = new Set([...cssText.matchAll(/(--_[\w-]+)\s*:/g)].map((m) => m[1]));
  const used = new Set([...cssText.matchAll(/var\(\s*(--_[\w-]+)/g)].map((m) => m[1]));
  return [
    ...[...defined].filter((token) => !used.has(token)).map((token) => `${token} is defined but unused`),
    ...[...used].filter((token) => !defined.has(token)).map((token) => `${token} is used but undefined`),
  ];
}

/** A call to the real portal API from the test page, as the widget makes it (another origin, so CORS applies). */
export async function portalCall<T = unknown>(
  api: string,
  method: string,
  path: string,
  session?: string,
  body?: unknown,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session) headers.authorization = `Bearer ${session}`;
  const response = await fetch(api + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** The link token in a portal URL's `#porch=` fragment. */
export const tokenOf = (url: string) => new URLSearchParams(new URL(url).hash.slice(1)).get('porch');

/**
 * A fresh customer's sent invoices and a customer-wide session; `stripe` connects payments (to the fixture's local
 * Stripe stand-in). Per invoice: `void` voids it, `credit` adds a credit note of that gross amount, `refund` pays it
 * in full through a signed webhook and then refunds that much.
 */
export const createInvoices = (
  invoices: {
    currency?: string;
    dueDate?: string;
    lines?: unknown[];
    void?: boolean;
    credit?: number;
    refund?: number;
  }[],
  stripe = false,
) => control<{ api: string; session: string; invoiceIds: string[] }>('/invoices', { invoices, stripe });

/** A customer-wide session (login link) of a fresh customer with one job and so one location. */
export const createCustomerSession = () => control<{ api: string; session: string }>('/invoices', { invoices: [] });

/** What the API asked the fixture's Stripe stand-in (one entry per Checkout Session) and which pages were opened. */
export const stripeCalls = async () =>
  (await fetch('/__fixtures/stripe')).json() as Promise<{
    sessions: { id: string; path: string; amount: number; successUrl: string; cancelUrl: string }[];
    visits: string[];
  }>;

/** Like `createInvoices`, but with the customer's unredeemed login-link token, as the invoice mail carries it. */
export const createInvoiceMailLink = (invoices: { lines?: unknown[] }[]) =>
  control<{ api: string; token: string; tenant: string; invoiceIds: string[] }>('/invoices', {
    invoices,
    redeem: false,
  });
