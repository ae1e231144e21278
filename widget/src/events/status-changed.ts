import type { StatusKey } from '../api/types.js';

export interface PorchStatusChangedDetail {
  ticketId: string;
  status: StatusKey;
  previous: StatusKey;
}

/** The shown ticket moved to another status since the previous load. Bubbles and crosses shadow roots. */
export class PorchStatusChangedEvent extends CustomEvent<PorchStatusChangedDetail> {
  constructor(detail: PorchStatusChangedDetail) {
    super('porch-status-changed', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-status-changed': PorchStatusChangedEvent;
  }
}
