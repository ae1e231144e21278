import { mailLanguage } from '../schemas/activation';
import { THREAD_MAIL } from '../lib/thread-mail';
import { notFound } from '../lib/outcomes';
import type { Tx } from './client';
import { profileForTicket } from './profiles';
import { iso } from './tickets';

export type MessageAuthor = 'company' | 'customer';

export interface MessageView {
  id: string;
  author: MessageAuthor;
  /** Who wrote it: the name kept with the message, else the side's name now (the company's, the customer's). */
  authorName: string;
  body: string;
  createdAt: string;
}

export interface MessageThread {
  timezone: string;
  items: MessageView[];
  /** The company's messages the customer has not read yet. */
  unread: number;
  /** The oldest of them (where the widget draws "New"); null when all are read. */
  firstUnreadId: string | null;
}

/** At most one thread mail per ticket and side this often; what is written meanwhile goes into the next one. */
export const THREAD_MAIL_MS = 10 * 60_000;

/** The outbox trigger of the mail that tells the customer about the company's new messages. */
export const THREAD_MAIL_TRIGGER = 'thread_to_customer';

type Row = Omit<MessageView, 'createdAt'> & { createdAt: Date; seq: string };

async function threadRows(tx: Tx, ticketId: string, only?: string) {
  return tx<Row[]>`
    select m.id, m.author, m.body, m.created_at as "createdAt", m.seq::text as seq,
           coalesce(m.author_name, case m.author when 'company' then n.name else c.name end) as "authorName"
    from ticket_comments m
    join tickets t on t.id = m.ticket_id
    join customers c on c.id = t.customer_id
    join tenants n on n.id = m.tenant_id
    where m.ticket_id = ${ticketId} ${only ? tx`and m.id = ${only}` : tx``}
    order by m.created_at, m.seq`;
}

const toView = ({ seq: _seq, ...row }: Row): MessageView => ({ ...row, createdAt: iso(row.createdAt)! });

/**
 * The ticket's thread, oldest first — the company's infos and messages and the customer's — with the zone of its
 * site and where the customer stopped reading.
 */
export async function listMessages(tx: Tx, ticketId: string): Promise<MessageThread> {
  const [ticket] = await tx<{ timezone: string; readSeq: string }[]>`
    select l.timezone, t.messages_read_seq::text as "readSeq"
    from tickets t join locations l on l.id = t.location_id where t.id = ${ticketId}`;
  if (!ticket) throw notFound('Ticket');
  const rows = await threadRows(tx, ticketId);
  const unread = rows.filter((row) => row.author === 'company' && BigInt(row.seq) > BigInt(ticket.readSeq));
  return {
    timezone: ticket.timezone,
    items: rows.map(toView),
    unread: unread.length,
    firstUnreadId: unread[0]?.id ?? null,
  };
}

/**
 * Writes a message and the `message` ticket event that tells the ticket's open streams, in the caller's
 * transaction. A customer's message also marks everything before it read: they wrote with the thread in view.
 */
export async function insertMessage(
  tx: Tx,
  tenantId: string,
  message: { ticketId: string; author: MessageAuthor; authorName: string | null; body: string; now: Date },
): Promise<{ message: MessageView; eventId: string }> {
  const [created] = await tx<{ id: string; seq: string }[]>`
    insert into ticket_comments (tenant_id, ticket_id, author, author_name, body, message, created_at)
    select ${tenantId}, id, ${message.author}, ${message.authorName}, ${message.body}, true, ${message.now}
    from tickets where id = ${message.ticketId}
    returning id, seq::text as seq`;
  if (!created) throw notFound('Ticket');
  const [event] = await tx<{ id: string }[]>`
    insert into ticket_events (tenant_id, ticket_id, kind, status, hold, technician_first_name, occurred_at)
    select ${tenantId}, id, 'message', status, hold, technician_first_name, ${message.now}
    from tickets where id = ${message.ticketId}
    returning id::text`;
  if (message.author === 'customer') {
    await tx`update tickets set messages_read_seq = greatest(messages_read_seq, ${created.seq}::bigint)
             where id = ${message.ticketId}`;
  }
  const [row] = await threadRows(tx, message.ticketId, created.id);
  return { message: toView(row!), eventId: event!.id };
}

/** The customer has read the thread up to this message (never moves back); answers what is still unread. */
export async function markMessagesRead(tx: Tx, ticketId: string, messageId: string): Promise<MessageThread> {
  const [updated] = await tx`
    update tickets t set messages_read_seq = greatest(t.messages_read_seq, m.seq)
    from ticket_comments m where t.id = ${ticketId} and m.id = ${messageId} and m.ticket_id = t.id
    returning t.id`;
  if (!updated) throw notFound('Message');
  return listMessages(tx, ticketId);
}

/**
 * Tells the customer by mail about the company's new message, throttled: the first message of a quiet thread
 * mails at once; within {@link THREAD_MAIL_MS} of the last thread mail of the ticket the next one waits for the
 * window's end, and every message written until that mail is claimed is folded into it. Nothing is written when
 * the customer has no email address (there is no one to tell).
 */
export async function queueThreadMail(tx: Tx, tenantId: string, ticketId: string, body: string, now: Date) {
  // Serialises the thread's mails, so two messages committing together fold instead of both mailing.
  await tx`select pg_advisory_xact_lock(hashtext(${`${tenantId}:${ticketId}:${THREAD_MAIL_TRIGGER}`}))`;
  const [folded] = await tx`
    update outbox set context = jsonb_set(context, '{messages.text}', to_jsonb((context->>'messages.text') || ${`\n\n${body}`}::text))
    where ticket_id = ${ticketId} and trigger = ${THREAD_MAIL_TRIGGER} and state = 'pending' and attempts = 0
    returning id`;
  if (folded) return;
  const [ticket] = await tx<
    { email: string | null; locale: string | null; customerName: string; title: string; company: string }[]
  >`
    select c.email, c.locale, c.name as "customerName", t.title, n.name as company
    from tickets t join customers c on c.id = t.customer_id join tenants n on n.id = t.tenant_id
    where t.id = ${ticketId}`;
  if (!ticket?.email) return;
  // The window runs from when the last mail was due (a folded mail waits for the end of its window).
  const [last] = await tx<{ createdAt: Date }[]>`
    select max(next_attempt_at) as "createdAt" from outbox
    where ticket_id = ${ticketId} and trigger = ${THREAD_MAIL_TRIGGER} and state in ('pending', 'sent')`;
  const windowEnd = last?.createdAt ? last.createdAt.getTime() + THREAD_MAIL_MS : 0;
  const due = new Date(Math.max(now.getTime(), windowEnd));
  // The link in the mail opens the ticket as its profile's links do (booking too, where the profile books).
  const profile = await profileForTicket(tx, ticketId);
  const language = mailLanguage(ticket.locale, profile?.language);
  const context = {
    'customer.name': ticket.customerName,
    'company.name': ticket.company,
    'ticket.title': ticket.title,
    'messages.text': body,
  };
  await tx`
    insert into outbox (tenant_id, ticket_id, trigger, channel, recipient, language, portal_mode, template, context,
                        next_attempt_at, created_at)
    values (${tenantId}, ${ticketId}, ${THREAD_MAIL_TRIGGER}, 'email', ${ticket.email}, ${language}, ${profile?.mode ?? 'tracking'},
            ${tx.json(THREAD_MAIL[language])}, ${tx.json(context)}, ${due}, ${now})`;
}
