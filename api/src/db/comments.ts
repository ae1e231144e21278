import { notFound } from '../lib/outcomes';
import type { Tx } from './client';
import { iso } from './tickets';

export interface CommentView {
  id: string;
  author: 'company' | 'customer';
  body: string;
  createdAt: string;
}

/**
 * The ticket's comments, oldest first (a thread reads top-down), with the zone of its site: the portal shows their
 * times in it, as it shows the timeline's. Only the infos: messages written on the thread (`db/messages.ts`) need
 * the thread's own scope and module.
 */
export async function listComments(tx: Tx, ticketId: string): Promise<{ timezone: string; items: CommentView[] }> {
  const [ticket] = await tx<{ timezone: string }[]>`
    select l.timezone from tickets t join locations l on l.id = t.location_id where t.id = ${ticketId}`;
  if (!ticket) throw notFound('Ticket');
  const rows = await tx<{ id: string; author: 'company' | 'customer'; body: string; createdAt: Date }[]>`
    select id, author, body, created_at as "createdAt" from ticket_comments where ticket_id = ${ticketId} and not message order by created_at, seq`;
  return { timezone: ticket.timezone, items: rows.map((row) => ({ ...row, createdAt: iso(row.createdAt)! })) };
}

/**
 * Writes a comment on the ticket, as the outbox does for a "create info" action (there within the message's
 * delivery, keyed by `outboxId` so a redelivery writes it once).
 */
export async function createComment(
  tx: Tx,
  tenantId: string,
  comment: { ticketId: string; author: 'company' | 'customer'; body: string; outboxId?: string | null; at: Date },
): Promise<void> {
  await tx`
    insert into ticket_comments (tenant_id, ticket_id, author, body, outbox_id, created_at)
    values (${tenantId}, ${comment.ticketId}, ${comment.author}, ${comment.body}, ${comment.outboxId ?? null}, ${comment.at})
    on conflict (outbox_id) do nothing`;
}
