export interface PorchServiceRequestedDetail {
  id: string;
  reference: string;
}

/** The customer sent a service request; it is pending until the company decides. Bubbles and crosses shadow roots. */
export class PorchServiceRequestedEvent extends CustomEvent<PorchServiceRequestedDetail> {
  constructor(detail: PorchServiceRequestedDetail) {
    super('porch-service-requested', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-service-requested': PorchServiceRequestedEvent;
  }
}
