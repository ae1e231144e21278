import type { TicketDocument } from '../api/types.js';

export interface PorchDocumentUploadedDetail {
  ticketId: string;
  document: TicketDocument;
}

/** A document was uploaded to a ticket (stored by the API). Bubbles and crosses shadow roots. */
export class PorchDocumentUploadedEvent extends CustomEvent<PorchDocumentUploadedDetail> {
  constructor(detail: PorchDocumentUploadedDetail) {
    super('porch-document-uploaded', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'porch-document-uploaded': PorchDocumentUploadedEvent;
  }
}
