import type { StatusKey } from '../api/types.js';

export interface PorchStatusChangedDetail {
  ticketId: string;
  status: StatusKey;
  previous: StatusKey;
}

/**
 * The shown ticket moved to another status: live, or by a later load of the same ticket (never for the first load).
 * After a reconnect that catches up on several events, it fires once, from the status shown before to the current
 * one. Bubbles and crosses shadow roots.
 */
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
