import type { PorchClient } from '../../api/client.js';
import type { BookingAvailability, BookingResult, BookingSlots } from '../../api/types.js';

/** The booking calls of one ticket, beside the element: the timeline's bundle does not carry them. */
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

  #call<T>(
    method: string,
    path: string,
    signal?: AbortSignal,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    return this.client.request(
      method,
      `/v1/portal/tickets/${encodeURIComponent(this.ticketId)}${path}`,
      signal,
      body,
      headers,
    );
  }
}
