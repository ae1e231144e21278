import { PorchApiError } from './errors.js';
import type { ErrorEnvelope, PortalMe, PortalSession, PortalTicket } from './types.js';

/** Options for {@link PorchClient}. */
export interface PorchClientOptions {
  /** Base URL of the Porchlight API, e.g. `https://api.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** Session JWT sent as `Authorization: Bearer …`; not needed for {@link PorchClient.redeem}. */
  session?: string;
}

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

  /** Exchanges a portal link token for a session (`POST /v1/portal/session`, no auth). */
  redeem(token: string, signal?: AbortSignal): Promise<PortalSession> {
    return this.request('POST', '/v1/portal/session', signal, { token });
  }

  /** Branding, profile and scopes of the current session (`GET /v1/portal/me`). */
  me(signal?: AbortSignal): Promise<PortalMe> {
    return this.request('GET', '/v1/portal/me', signal);
  }

  /** One ticket with its timeline steps (`GET /v1/portal/tickets/:id`). */
  ticket(id: string, signal?: AbortSignal): Promise<PortalTicket> {
    return this.request('GET', `/v1/portal/tickets/${encodeURIComponent(id)}`, signal);
  }

  /**
   * Opens the ticket's live events (`GET /v1/portal/tickets/:id/events`, `text/event-stream`), resuming after
   * `lastEventId` when given. The session goes in the Authorization header, which EventSource cannot send.
   */
  events(id: string, lastEventId: string | null, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    return this.#send('GET', `/v1/portal/tickets/${encodeURIComponent(id)}/events`, headers, signal);
  }

  /** Any JSON call of the portal API, with any extra `headers`; what every element's calls go through. */
  async request<T>(
    method: string,
    path: string,
    signal?: AbortSignal,
    body?: unknown,
    extra?: Record<string, string>,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
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
    if (this.session && path !== '/v1/portal/session') headers.authorization = `Bearer ${this.session}`;
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
  );
}
