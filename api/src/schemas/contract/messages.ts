/** The contract shared with the widget (types and plain constants only): a ticket's message thread. */

/** The longest message body either side may write on a ticket's thread, in characters. */
export const MESSAGE_BODY_MAX = 5000;

/** One message of a ticket's thread (`GET /v1/portal/tickets/:id/messages`), from the company or the customer. */
export interface PortalMessage {
  id: string;
  author: 'company' | 'customer';
  /** Who wrote it, for display (the company's or the customer's name). */
  authorName: string;
  body: string;
  createdAt: string;
}

/**
 * `GET /v1/portal/tickets/:id/messages` answer: the thread oldest first, the zone of the ticket's site, and how much
 * of the company's writing the customer has not read (`firstUnreadId`: where "New" goes; null when all is read).
 */
export interface PortalMessages {
  timezone: string;
  items: PortalMessage[];
  unread: number;
  firstUnreadId: string | null;
}
