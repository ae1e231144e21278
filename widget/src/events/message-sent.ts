export interface PorchMessageSentDetail {
  ticketId: string;
  /** The message as the API stored it. */
  messageId: string;
}

/** The customer's message reached the company (stored by the API). Bubbles and crosses shadow roots. */
export class PorchMessageSentEvent extends CustomEvent<PorchMessageSentDetail> {
  constructor(detail: PorchMessageSentDetail) {
    super('porch-message-sent', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-message-sent': PorchMessageSentEvent;
  }
}
