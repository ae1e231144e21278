import type { ErrorCode } from '../api/types.js';

export interface PorchErrorDetail {
  code: ErrorCode;
}

/** A load failed; the element shows its error state. Bubbles and crosses shadow roots. */
export class PorchErrorEvent extends CustomEvent<PorchErrorDetail> {
  constructor(detail: PorchErrorDetail) {
    super('porch-error', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-error': PorchErrorEvent;
  }
}
