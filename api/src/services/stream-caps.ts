import { ApiError } from '../lib/errors';

/** How many event streams one session and one client address may hold open on one API process. */
export interface StreamLimits {
  perSession: number;
  perClient: number;
}

export const STREAM_LIMITS: StreamLimits = { perSession: 10, perClient: 100 };

/** What a refused stream is told to wait: long enough to let a tab close, short enough for a real reconnect. */
const RETRY_AFTER_SECONDS = 10;

/**
 * Open event streams per session and per client address, counted in this process. A stream is a connection held
 * by this process (it costs this process's memory and sockets), so the cap is per process by design: behind a load
 * balancer spreading clients over N processes a client may hold up to N × the cap in all.
 */
export class StreamCaps {
  #bySession = new Map<string, number>();
  #byClient = new Map<string, number>();

  constructor(private readonly limits: StreamLimits) {}

  /** Takes a slot for a new stream, or refuses with 429 RATE_LIMITED; the answer gives the slot back (once). */
  open(session: string, client: string): () => void {
    const sessions = this.#bySession.get(session) ?? 0;
    const clients = this.#byClient.get(client) ?? 0;
    if (sessions >= this.limits.perSession || clients >= this.limits.perClient) {
      throw new ApiError(429, 'RATE_LIMITED', 'Too many open event streams; close one first', {
        retryAfter: RETRY_AFTER_SECONDS,
      });
    }
    this.#bySession.set(session, sessions + 1);
    this.#byClient.set(client, clients + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      decrement(this.#bySession, session);
      decrement(this.#byClient, client);
    };
  }
}

function decrement(counts: Map<string, number>, key: string) {
  const left = (counts.get(key) ?? 1) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}
