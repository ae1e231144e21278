export interface PorchShareRevokedDetail {
  ticketId: string;
  /** The revoked share link's id. */
  id: string;
}

/** The customer revoked a share link: it cannot be opened any more. Bubbles and crosses shadow roots. */
export class PorchShareRevokedEvent extends CustomEvent<PorchShareRevokedDetail> {
  constructor(detail: PorchShareRevokedDetail) {
    super('porch-share-revoked', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-share-revoked': PorchShareRevokedEvent;
  }
}
