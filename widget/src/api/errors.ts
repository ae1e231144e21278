import type { ErrorCode, ThemeTokens } from './types.js';

/**
 * Every failure the widget sees, from the API or from the network, with a stable `code`.
 * Branch on `code`, never on `message`.
 */
export class PorchApiError extends Error {
  override readonly name = 'PorchApiError';

  constructor(
    /** Stable error code shared with the API (`LINK_EXPIRED`, `NOT_FOUND`, `NETWORK_ERROR` …). */
    readonly code: ErrorCode,
    /** HTTP status, or 0 when no response arrived. */
    readonly status = 0,
    message: string = code,
    /** The API's request id, to quote to support. */
    readonly requestId: string | null = null,
    /** The company's look, when a link of theirs works no more (`LINK_EXPIRED`, `LINK_USED`, `SHARE_LINK_ENDED`). */
    readonly theme?: ThemeTokens,
  ) {
    super(message);
  }
}

/** Any thrown value as a PorchApiError (unknown failures become `INTERNAL`). */
export function toPorchApiError(error: unknown): PorchApiError {
  if (error instanceof PorchApiError) return error;
  return new PorchApiError('INTERNAL', 0, error instanceof Error ? error.message : String(error));
}
