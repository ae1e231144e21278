import type { Appointment } from '../api/types.js';

export interface PorchRescheduledDetail {
  ticketId: string;
  appointment: Appointment;
  /** The visit it replaced. */
  previous: Appointment;
}

/** The customer moved the visit to another window. Bubbles and crosses shadow roots. */
export class PorchRescheduledEvent extends CustomEvent<PorchRescheduledDetail> {
  constructor(detail: PorchRescheduledDetail) {
    super('porch-rescheduled', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-rescheduled': PorchRescheduledEvent;
  }
}
