/** The contract shared with the widget (types and plain constants only): a ticket's comments. */

/** A comment on a ticket, as `GET /v1/portal/tickets/:id/comments` lists it (oldest first): the company's infos. */
export interface PortalTicketComment {
  id: string;
  author: 'company' | 'customer';
  body: string;
  createdAt: string;
}

/** `GET /v1/portal/tickets/:id/comments` answer: the comments and the zone of the ticket's site. */
export interface PortalTicketComments {
  timezone: string;
  items: PortalTicketComment[];
}
