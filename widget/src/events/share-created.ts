export interface PorchShareCreatedDetail {
  ticketId: string;
  /** The new share link's id (its token and URL are never part of an event). */
  id: string;
  label: string | null;
  expiresAt: string;
}

/** The customer created a view-only share link for a ticket. Bubbles and crosses shadow roots. */
export class PorchShareCreatedEvent extends CustomEvent<PorchShareCreatedDetail> {
  constructor(detail: PorchShareCreatedDetail) {
    super('porch-share-created', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-share-created': PorchShareCreatedEvent;
  }
}
