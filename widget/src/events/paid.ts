export interface PorchPaidDetail {
  invoiceId: string;
}

/**
 * The customer came back from paying an invoice online (Stripe Checkout reported success). The invoice's status
 * follows once the company's payment provider confirms it. Bubbles and crosses shadow roots.
 */
export class PorchPaidEvent extends CustomEvent<PorchPaidDetail> {
  constructor(detail: PorchPaidDetail) {
    super('porch-paid', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-paid': PorchPaidEvent;
  }
}
