import type { Appointment } from '../api/types.js';

export interface PorchBookedDetail {
  ticketId: string;
  appointment: Appointment;
}

/** The customer booked a visit (the ticket had none). Bubbles and crosses shadow roots. */
export class PorchBookedEvent extends CustomEvent<PorchBookedDetail> {
  constructor(detail: PorchBookedDetail) {
    super('porch-booked', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-booked': PorchBookedEvent;
  }
}
