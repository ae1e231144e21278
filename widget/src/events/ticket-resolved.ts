export interface PorchTicketResolvedDetail {
  ticketId: string;
  resolvedAt: string;
}

/** The customer marked a ticket resolved (recorded by the API). Bubbles and crosses shadow roots. */
export class PorchTicketResolvedEvent extends CustomEvent<PorchTicketResolvedDetail> {
  constructor(detail: PorchTicketResolvedDetail) {
    super('porch-ticket-resolved', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-ticket-resolved': PorchTicketResolvedEvent;
  }
}
