import { AsyncLocalStorage } from 'node:async_hooks';

/** Work that did not finish in time; counted as "the database cannot be reached right now" (503 + Retry-After). */
export class DeadlineError extends Error {
  readonly code = 'DEADLINE_EXCEEDED';
}

const deadlines = new AsyncLocalStorage<AbortSignal>();

/** Aborted once the deadline of the work this runs inside of has passed (undefined outside any deadline). */
export const currentDeadline = (): AbortSignal | undefined => deadlines.getStore();

/**
 * `work()`, or a DeadlineError after `ms`. Whoever waits moves on; the work itself goes on until its statements end
 * (statement timeout), but a tenant transaction inside it rolls back instead of committing (see withTenant): work
 * that answered 503 leaves nothing behind.
 */
export function withDeadline<T>(work: () => Promise<T>, ms: number, what: string): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineError(`${what} took longer than ${ms} ms`)), ms);
  const expired = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
  );
  return Promise.race([deadlines.run(controller.signal, work), expired]).finally(() => clearTimeout(timer));
}
