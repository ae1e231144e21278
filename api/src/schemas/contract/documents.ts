/** The contract shared with the widget (types and plain constants only): a ticket's documents. */

/** A document on a ticket (`GET|POST /v1/portal/tickets/:id/documents`; the admin API's too). */
export interface TicketDocument {
  id: string;
  /** The sanitised file name (its extension fits the detected type). */
  name: string;
  /** Decided from the file's bytes, e.g. `application/pdf`, `text/plain; charset=utf-8`. */
  contentType: string;
  size: number;
  uploadedBy: 'customer' | 'company';
  createdAt: string;
}

/** `GET /v1/portal/tickets/:id/documents`: oldest first, and the largest file an upload may carry. */
export interface TicketDocuments {
  items: TicketDocument[];
  maxFileBytes: number;
}
