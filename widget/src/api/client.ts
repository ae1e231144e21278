import { PorchApiError } from './errors.js';
import type {
  BookingAvailability,
  BookingResult,
  BookingSlots,
  ErrorEnvelope,
  LoginLinkRequested,
  PortalFeedback,
  PortalFeedbackState,
  PortalResolution,
  FeedbackAnswers,
  PortalJob,
  PortalJobPage,
  PortalInvoice,
  PortalMe,
  PortalSession,
  PortalShareLink,
  PortalShareLinkCreated,
  PortalTicket,
  PortalTicketComments,
} from './types.js';

const ticketPath = (id: string, rest = '') => `/v1/portal/tickets/${encodeURIComponent(id)}${rest}`;

/** The query of {@link PorchClient.jobs}; empty values are left out. */
export interface JobQuery {
  view: 'active' | 'history';
  cursor?: string | null;
  /** Search term, 3–200 characters. */
  q?: string;
  /** Comma-separated statuses. */
  status?: string;
  /** `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  /** A fragment of the service address. */
  location?: string;
  limit?: number;
}

/** Options for {@link PorchClient}. */
export interface PorchClientOptions {
  /** Base URL of the Porchlight API, e.g. `https://api.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** Session JWT sent as `Authorization: Bearer …`; not needed for {@link PorchClient.redeem}. */
  session?: string;
}

/** The query that asks for the profile's texts in `lang` (none: the profile's own language). */
const inLang = (lang: string) => (lang ? `?lang=${encodeURIComponent(lang)}` : '');

/**
 * Typed fetch wrapper for the portal API. Every method takes an AbortSignal; every failure is a
 * {@link PorchApiError}, except an abort, which rejects with the signal's own AbortError. {@link PorchClient.events}
 * answers the open `Response` of the event stream, to read with `readSse()`.
 *
 * @example
 * const client = new PorchClient({ baseUrl: 'https://api.example.com' });
 * const { session } = await client.redeem(linkToken, signal);
 * const me = await client.withSession(session).me(signal);
 */
export class PorchClient {
  readonly baseUrl: string;
  readonly session: string | undefined;

  constructor({ baseUrl, session }: PorchClientOptions) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.session = session;
  }

  /** A client for the same API that sends `session`. */
  withSession(session: string): PorchClient {
    return new PorchClient({ baseUrl: this.baseUrl, session });
  }

  /**
   * Exchanges a portal link token for a session (`POST /v1/portal/session`, no auth); its first view's texts in
   * `lang`.
   */
  redeem(token: string, signal?: AbortSignal, lang = ''): Promise<PortalSession> {
    return this.#json('POST', `/v1/portal/session${inLang(lang)}`, signal, { token });
  }

  /** Exchanges a JWT the company minted for its logged-in customer for a session (`POST /v1/portal/session`). */
  redeemIdentity(tenant: string, assertion: string, signal?: AbortSignal, lang = ''): Promise<PortalSession> {
    return this.#json('POST', `/v1/portal/session${inLang(lang)}`, signal, { assertion, tenant });
  }

  /**
   * A fresh session in the same chain while this one lives (`POST /v1/portal/session/renew`); `remember` starts
   * "keep me signed in on this device" for a customer-wide session (the answer then carries a refresh token).
   */
  renew(remember = false, signal?: AbortSignal): Promise<PortalSession> {
    return this.#json('POST', '/v1/portal/session/renew', signal, remember ? { remember } : {});
  }

  /** Trades a remembered device's refresh token for a session and the next refresh token (no auth). */
  refresh(refreshToken: string, signal?: AbortSignal): Promise<PortalSession> {
    return this.#json('POST', '/v1/portal/session/refresh', signal, { refreshToken });
  }

  /** Ends this session server-side; `everywhere` also signs out every remembered device of the customer. */
  async signOut(everywhere = false): Promise<void> {
    await this.#send('POST', '/v1/portal/session/sign-out', { 'content-type': 'application/json' }, undefined, {
      everywhere,
    });
  }

  /** Asks for a new login link by email (`POST /v1/portal/login-links/request`, no auth); the same for any address. */
  requestLoginLink(tenant: string, email: string): Promise<LoginLinkRequested> {
    return this.#json('POST', '/v1/portal/login-links/request', undefined, { tenant, email });
  }

  /** Branding, profile and scopes of the current session (`GET /v1/portal/me`); the profile's texts in `lang` (`de`). */
  me(signal?: AbortSignal, lang = ''): Promise<PortalMe> {
    return this.#json('GET', `/v1/portal/me${inLang(lang)}`, signal);
  }

  /**
   * One page of the customer's jobs (`GET /v1/portal/jobs`): `active` (all of them, in progress first) or `history`
   * (newest completion first; pass the previous page's `nextCursor` with the same query for the next).
   */
  jobs(query: JobQuery, signal?: AbortSignal): Promise<PortalJobPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value));
    return this.#json('GET', `/v1/portal/jobs?${params}`, signal);
  }

  /** One of the customer's jobs, with the sections this session may open for it (`GET /v1/portal/jobs/:id`). */
  job(id: string, signal?: AbortSignal): Promise<PortalJob> {
    return this.#json('GET', `/v1/portal/jobs/${encodeURIComponent(id)}`, signal);
  }

  /** One ticket with its timeline steps (`GET /v1/portal/tickets/:id`). */
  ticket(id: string, signal?: AbortSignal): Promise<PortalTicket> {
    return this.#json('GET', ticketPath(id), signal);
  }

  /**
   * Opens the ticket's live events (`GET /v1/portal/tickets/:id/events`, `text/event-stream`), resuming after
   * `lastEventId` when given. The session goes in the Authorization header, which EventSource cannot send.
   */
  events(id: string, lastEventId: string | null, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    return this.#send('GET', ticketPath(id, '/events'), headers, signal);
  }

  /** The ticket's comments, oldest first, and its site's time zone (`GET /v1/portal/tickets/:id/comments`). */
  comments(id: string, signal?: AbortSignal): Promise<PortalTicketComments> {
    return this.#json('GET', ticketPath(id, '/comments'), signal);
  }

  /** The ticket's view-only share links (`GET /v1/portal/tickets/:id/share-links`). */
  shareLinks(id: string, signal?: AbortSignal): Promise<{ items: PortalShareLink[] }> {
    return this.#json('GET', ticketPath(id, '/share-links'), signal);
  }

  /** Creates a view-only link to the ticket; its URL and token are in this answer only. */
  createShareLink(id: string, label?: string): Promise<PortalShareLinkCreated> {
    return this.#json('POST', ticketPath(id, '/share-links'), undefined, label ? { label } : {});
  }

  /** Revokes one of the ticket's share links; answers it as revoked. */
  revokeShareLink(id: string, linkId: string): Promise<PortalShareLink> {
    return this.#json('DELETE', ticketPath(id, `/share-links/${encodeURIComponent(linkId)}`));
  }

  /** Whether feedback is offered on the ticket, the profile's questions and the answer given. */
  feedback(id: string, signal?: AbortSignal): Promise<PortalFeedbackState> {
    return this.#json('GET', ticketPath(id, '/feedback'), signal);
  }

  /** Gives feedback on the visit, once per ticket (409 `FEEDBACK_EXISTS` after). */
  submitFeedback(
    id: string,
    feedback: { rating: number; answers: FeedbackAnswers; comment?: string },
  ): Promise<PortalFeedback> {
    return this.#json('POST', ticketPath(id, '/feedback'), undefined, feedback);
  }

  /** When the customer marked the ticket resolved (`resolvedAt` null: not yet). */
  resolution(id: string, signal?: AbortSignal): Promise<PortalResolution> {
    return this.#json('GET', ticketPath(id, '/resolve'), signal);
  }

  /** Marks the ticket resolved; a repeat answers the first time. */
  resolve(id: string): Promise<PortalResolution> {
    return this.#json('POST', ticketPath(id, '/resolve'));
  }

  /** Each day's availability from `from` to `to` (`YYYY-MM-DD`, the site's days); the texts in `lang`. */
  availability(id: string, from: string, to: string, signal?: AbortSignal, lang = ''): Promise<BookingAvailability> {
    return this.#json('GET', ticketPath(id, `/availability?from=${from}&to=${to}&lang=${lang}`), signal);
  }

  /** The bookable windows of one day. */
  slots(id: string, date: string, signal?: AbortSignal): Promise<BookingSlots> {
    return this.#json('GET', ticketPath(id, `/slots?date=${date}`), signal);
  }

  /** Books or moves the visit; repeat with the same `idempotencyKey` after a network failure. */
  book(id: string, slotId: string, idempotencyKey: string): Promise<BookingResult> {
    return this.#json('PUT', ticketPath(id, '/appointment'), undefined, { slotId }, idempotencyKey);
  }

  /** Joins (or leaves) the waitlist for an earlier window. */
  waitlist(id: string, join: boolean): Promise<{ waitlisted: boolean }> {
    return this.#json(join ? 'PUT' : 'DELETE', ticketPath(id, '/waitlist'));
  }

  /** The customer's invoices, newest first (`GET /v1/portal/invoices`, scope `invoices`). */
  invoices(signal?: AbortSignal): Promise<{ items: PortalInvoice[] }> {
    return this.#json('GET', '/v1/portal/invoices', signal);
  }

  /** One invoice's PDF as a Blob, fetched with the session in the header (never in a URL). */
  async invoicePdf(id: string, signal?: AbortSignal): Promise<Blob> {
    const response = await this.#send('GET', `/v1/portal/invoices/${encodeURIComponent(id)}/pdf`, {}, signal);
    return response.blob();
  }

  /** Starts paying the invoice online; answers the Stripe Checkout page to send the customer to. */
  checkout(id: string, returnUrl: string): Promise<{ url: string }> {
    return this.#json('POST', `/v1/portal/invoices/${encodeURIComponent(id)}/checkout`, undefined, { returnUrl });
  }

  /**
   * A JSON call for the named functions that live in their own module with the element that uses them
   * (`api/messages.ts`, `api/service-requests.ts`), so the entry and timeline do not carry them; elements call
   * those, never this directly.
   */
  call<T>(method: string, path: string, signal?: AbortSignal, body?: unknown): Promise<T> {
    return this.#json(method, path, signal, body);
  }

  async #json<T>(
    method: string,
    path: string,
    signal?: AbortSignal,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const response = await this.#send(method, path, headers, signal, body);
    const payload: unknown = await response.json().catch(() => signal?.throwIfAborted());
    if (payload !== undefined) return payload as T;
    throw apiError(response, payload);
  }

  /** The response when it is a success; otherwise its error envelope as PorchApiError. */
  async #send(
    method: string,
    path: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
    body?: unknown,
  ): Promise<Response> {
    if (this.session && path !== '/v1/portal/session' && path !== '/v1/portal/session/refresh')
      headers.authorization = `Bearer ${this.session}`;
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        // Sessions travel only in the Authorization header: never send or store cookies.
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new PorchApiError('NETWORK_ERROR', 0, error instanceof Error ? error.message : 'Network error');
    }
    if (response.ok) return response;
    throw apiError(response, await response.json().catch(() => signal?.throwIfAborted()));
  }
}

/** A failed response as PorchApiError, from its error envelope when it has one. */
function apiError(response: Response, payload: unknown): PorchApiError {
  const envelope = (payload as Partial<ErrorEnvelope> | undefined)?.error;
  return new PorchApiError(
    envelope?.code ?? 'INTERNAL',
    response.status,
    envelope?.message ?? `HTTP ${response.status}`,
    envelope?.requestId ?? response.headers.get('x-request-id'),
    envelope?.theme,
  );
}
