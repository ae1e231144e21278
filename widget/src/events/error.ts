import type { ErrorCode } from '../api/types.js';

export interface PorchErrorDetail {
  code: ErrorCode;
}

/**
 * A load failed, or a live stream cannot go on (its session expired, say). Bubbles and crosses shadow roots.
 * Cancelable: a listener that recovers from the failure calls `preventDefault()` (`<porch-portal>` does, for
 * `SESSION_EXPIRED` from an element it hosts, while it renews the session); the element then waits for new input
 * instead of showing its error state — in its loading state after a failed load, showing what it last had after a
 * stopped stream. `<porch-portal>`'s own failures always show why.
 */
export class PorchErrorEvent extends CustomEvent<PorchErrorDetail> {
  constructor(detail: PorchErrorDetail) {
    super('porch-error', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-error': PorchErrorEvent;
  }
}
