import type { Scope } from '../api/types.js';

export interface PorchSessionDetail {
  scopes: Scope[];
  ticketId: string | null;
}

/** The portal opened a session (the session token itself is never exposed). Bubbles and crosses shadow roots. */
export class PorchSessionEvent extends CustomEvent<PorchSessionDetail> {
  constructor(detail: PorchSessionDetail) {
    super('porch-session', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-session': PorchSessionEvent;
  }
}
