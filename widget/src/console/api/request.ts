import { PorchApiError } from '../../api/errors.js';
import type { ErrorEnvelope } from '../../api/types.js';

/** The failure with the first field path the API named (400s), for showing next to the code. */
export class ConsoleApiError extends PorchApiError {
  constructor(
    error: PorchApiError,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(error.code, error.status, error.message, error.requestId);
  }
}

const CSRF_COOKIES = ['__Host-porch_csrf', 'porch_csrf'];

/** One call to the API: method, path, JSON (or a file) and an abort signal; answers the parsed JSON. */
export type ApiRequest = <T>(method: string, path: string, body?: unknown, signal?: AbortSignal) => Promise<T>;

/**
 * The console's one request function: same origin (`base`), the session in its HttpOnly cookie, and on every write
 * the session's CSRF token (from the readable cookie) in X-CSRF-Token. The browser adds the same-origin `Origin`
 * itself. A failure is a ConsoleApiError: the error envelope's code and message and the 400's field issues.
 */
export function requester(base = ''): ApiRequest {
  return async <T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') {
      const csrf = csrfToken();
      if (csrf) headers['x-csrf-token'] = csrf;
    }
    if (body !== undefined && !(body instanceof Blob)) headers['content-type'] = 'application/json';
    if (body instanceof Blob) headers['content-type'] = body.type || 'application/octet-stream';
    let response: Response;
    try {
      response = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
        signal,
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ConsoleApiError(new PorchApiError('NETWORK_ERROR', 0, 'Network error'));
    }
    const payload: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
    if (response.ok) return payload as T;
    const envelope = (payload as Partial<ErrorEnvelope> | undefined)?.error;
    throw new ConsoleApiError(
      new PorchApiError(
        envelope?.code ?? 'INTERNAL',
        response.status,
        envelope?.message ?? `HTTP ${response.status}`,
        envelope?.requestId ?? response.headers.get('x-request-id'),
      ),
      envelope?.issues ?? [],
    );
  };
}

function csrfToken(): string | undefined {
  const cookies = new Map(
    document.cookie.split('; ').map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), decodeURIComponent(pair.slice(at + 1))] as const;
    }),
  );
  for (const name of CSRF_COOKIES) if (cookies.get(name)) return cookies.get(name);
  return undefined;
}

/** One line for a failure: the code, the API's message and the first field it named. */
export function describeError(error: unknown): string {
  if (!(error instanceof PorchApiError)) return String(error);
  const issue = error instanceof ConsoleApiError ? error.issues[0] : undefined;
  return `${error.code}: ${error.message}${issue ? ` (${issue.path}: ${issue.message})` : ''}`;
}
