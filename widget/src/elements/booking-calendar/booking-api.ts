import type { PorchClient } from '../../api/client.js';
import { PorchApiError } from '../../api/errors.js';
import type { BookingAvailability, BookingResult, BookingSlots, ErrorEnvelope } from '../../api/types.js';

/**
 * The booking calls, beside the element so the shared client (and the timeline's bundle) stays as it is. Uses the
 * client's base URL and session; failures become PorchApiError like the client's.
 */
export class BookingApi {
  constructor(
    private readonly client: PorchClient,
    private readonly ticketId: string,
  ) {}

  availability(from: string, to: string, signal?: AbortSignal): Promise<BookingAvailability> {
    return this.#call('GET', `/availability?from=${from}&to=${to}`, signal);
  }

  slots(date: string, signal?: AbortSignal): Promise<BookingSlots> {
    return this.#call('GET', `/slots?date=${date}`, signal);
  }

  /** Books or moves the visit; repeat with the same `idempotencyKey` after a network failure. */
  book(slotId: string, idempotencyKey: string): Promise<BookingResult> {
    return this.#call('PUT', '/appointment', undefined, { slotId }, { 'idempotency-key': idempotencyKey });
  }

  waitlist(join: boolean): Promise<{ waitlisted: boolean }> {
    return this.#call(join ? 'PUT' : 'DELETE', '/waitlist');
  }

  async #call<T>(method: string, path: string, signal?: AbortSignal, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (this.client.session) headers.authorization = `Bearer ${this.client.session}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.client.baseUrl}/v1/portal/tickets/${encodeURIComponent(this.ticketId)}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new PorchApiError('NETWORK_ERROR', 0, error instanceof Error ? error.message : 'Network error');
    }
    const payload = (await response.json().catch(() => undefined)) as unknown;
    if (response.ok) return payload as T;
    const envelope = (payload as Partial<ErrorEnvelope> | undefined)?.error;
    throw new PorchApiError(envelope?.code ?? 'INTERNAL', response.status, envelope?.message ?? `HTTP ${response.status}`, envelope?.requestId ?? null);
  }
}
