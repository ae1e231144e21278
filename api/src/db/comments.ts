import { notFound } from '../lib/errors';
import type { Tx } from './client';
import { iso } from './tickets';

export interface CommentView {
  id: string;
  author: 'company' | 'customer';
  body: string;
  createdAt: string;
}

/** The ticket's comments, oldest first (a thread reads top-down). */
export async function listComments(tx: Tx, ticketId: string): Promise<CommentView[]> {
  const [ticket] = await tx`select 1 from tickets where id = ${ticketId}`;
  if (!ticket) throw notFound('Ticket');
  const rows = await tx<{ id: string; author: 'company' | 'customer'; body: string; createdAt: Date }[]>`
    select id, author, body, created_at as "createdAt" from ticket_comments where ticket_id = ${ticketId} order by created_at, id`;
  return rows.map((row) => ({ ...row, createdAt: iso(row.createdAt)! }));
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
