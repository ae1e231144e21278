/** Work that did not finish in time; counted as "the database cannot be reached right now" (503 + Retry-After). */
export class DeadlineError extends Error {
  readonly code = 'DEADLINE_EXCEEDED';
}

/**
 * `work`, or a DeadlineError after `ms`. The work itself goes on (its statements end at the statement timeout);
 * whoever waits for it moves on.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
