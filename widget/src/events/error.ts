import type { ErrorCode } from '../api/types.js';

export interface PorchErrorDetail {
  code: ErrorCode;
}

/**
 * A load failed. Bubbles and crosses shadow roots. Cancelable: a listener that recovers from the failure calls
 * `preventDefault()` (`<porch-portal>` does, for `SESSION_EXPIRED` from an element it hosts, while it renews the
 * session); the element that loads data then waits in its loading state for new input instead of showing its
 * error state. `<porch-portal>`'s own failures always show why.
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
