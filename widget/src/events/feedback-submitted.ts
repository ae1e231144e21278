export interface PorchFeedbackSubmittedDetail {
  ticketId: string;
  /** Stars given, 1–5. */
  rating: number;
}

/** The customer gave feedback on a ticket's visit (recorded by the API). Bubbles and crosses shadow roots. */
export class PorchFeedbackSubmittedEvent extends CustomEvent<PorchFeedbackSubmittedDetail> {
  constructor(detail: PorchFeedbackSubmittedDetail) {
    super('porch-feedback-submitted', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-feedback-submitted': PorchFeedbackSubmittedEvent;
  }
}
