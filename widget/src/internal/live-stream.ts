import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PorchClient } from '../api/client.js';
import { PorchApiError, toPorchApiError } from '../api/errors.js';
import { readSse } from '../api/sse.js';
import type { TicketStreamMessage } from '../api/types.js';

/** Options for {@link LiveStream}. */
export interface LiveStreamOptions {
  /** Each new message of the ticket's stream, in event order, never twice for one event id. */
  onMessage(message: TicketStreamMessage): void;
  /**
   * A failure that reconnecting cannot mend: the session expired (also when the server ends the stream with
   * `session-expired`), the ticket is not the session's, the portal is off. The stream stays closed until the next
   * {@link LiveStream.open}.
   */
  onFailure(error: PorchApiError): void;
}

/** Delay before the first reconnect after a failure; it doubles with each further failure in a row. */
const FIRST_RETRY_MS = 1000;
/** The longest delay between reconnects. */
const MAX_RETRY_MS = 30_000;

/**
 * A ticket's live events (`GET /v1/portal/tickets/:id/events`) for an element, read with fetch so the session
 * travels in the Authorization header. It is open only while the element is connected and the tab visible: a hidden
 * tab closes it, showing the tab resumes at once. After a network error, a server error or the end of the stream it
 * reconnects after a delay that doubles per failure in a row (with jitter, so clients do not return in step), or
 * after the `retryMs` of a server's `event: reconnect`. Every reconnect sends the last event id seen as
 * `Last-Event-ID`, so the server replays exactly what was missed, and anything not newer is ignored.
 */
export class LiveStream implements ReactiveController {
  /** True from a lost connection until the next one is open. */
  reconnecting = false;

  #host: ReactiveControllerHost;
  #options: LiveStreamOptions;
  #ticket?: { client: PorchClient; id: string };
  #lastEventId: string | null = null;
  #failures = 0;
  /**
   * Whether the host is in the document. An element can open its stream after it left (a load or the lazily loaded
   * stream module finishing late); such a stream would hold one of the browser's six connections to the API forever.
   */
  #hostInDocument = false;
  /** Aborts the open connection, or the wait before the next one. */
  #abort?: AbortController;

  constructor(host: ReactiveControllerHost, options: LiveStreamOptions) {
    (this.#host = host).addController(this);
    this.#options = options;
  }

  hostConnected(): void {
    this.#hostInDocument = true;
    document.addEventListener('visibilitychange', this.#handleVisibility);
    this.#connect();
  }

  hostDisconnected(): void {
    this.#hostInDocument = false;
    document.removeEventListener('visibilitychange', this.#handleVisibility);
    this.#abort?.abort();
  }

  /** Follows ticket `id` from its newest event on, closing the stream of any previous open(). */
  open(client: PorchClient, id: string): void {
    this.#ticket = { client, id };
    this.#lastEventId = null;
    this.#failures = 0;
    this.#connect();
  }

  /** Closes the stream for good (until the next open()). */
  close(): void {
    this.#ticket = undefined;
    this.#abort?.abort();
    this.#setReconnecting(false);
  }

  #handleVisibility = (): void => {
    if (document.visibilityState === 'hidden') this.#abort?.abort();
    else this.#connect();
  };

  /** Connects now, in place of the open connection or the wait for the next. */
  #connect(): void {
    this.#abort?.abort();
    if (!this.#ticket || !this.#hostInDocument || document.visibilityState === 'hidden') return;
    this.#abort = new AbortController();
    void this.#run(this.#ticket, this.#abort.signal);
  }

  async #run({ client, id }: { client: PorchClient; id: string }, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let retryMs: number | undefined;
      try {
        const response = await client.events(id, this.#lastEventId, signal);
        this.#failures = 0;
        this.#setReconnecting(false);
        await readSse(response.body!, ({ event, data, id: eventId }) => {
          if (signal.aborted) return;
          if (event === 'reconnect') retryMs = (JSON.parse(data) as { retryMs: number }).retryMs;
          if (event === 'session-expired') throw new PorchApiError('SESSION_EXPIRED', 401);
          if (event !== 'ticket' || !eventId || !newer(eventId, this.#lastEventId)) return;
          this.#lastEventId = eventId;
          this.#options.onMessage(JSON.parse(data) as TicketStreamMessage);
        });
      } catch (error) {
        if (signal.aborted) return;
        const failure = toPorchApiError(error);
        // A 4xx says this session may not follow this ticket, and asking again cannot change that; a 429 passes.
        if (failure.status >= 400 && failure.status < 500 && failure.status !== 429) {
          this.close();
          this.#options.onFailure(failure);
          return;
        }
      }
      this.#setReconnecting(true);
      const delay =
        retryMs ?? Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.#failures++) * (0.5 + Math.random() / 2);
      await wait(delay, signal);
    }
  }

  #setReconnecting(reconnecting: boolean): void {
    this.reconnecting = reconnecting;
    this.#host.requestUpdate();
  }
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** Event ids are decimal strings that may pass 2^53. */
const newer = (id: string, than: string | null) => than === null || BigInt(id) > BigInt(than);
