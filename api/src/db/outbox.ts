import { DomainError, notFound } from '../lib/outcomes';
import { usesPlaceholder, type TemplateValues } from '../lib/templates';
import { INVOICE_MAIL, LOGIN_LINK_MAIL } from '../lib/login-link-mail';
import { mailLanguage, type Channel, type Language, type OutboxMessageView, type Trigger } from '../schemas/activation';
import type { PortalMode } from '../schemas/contract/access';
import type { Tx } from './client';
import { iso } from './tickets';

/** The same kind of link to the same address at most this often, unless the dispatcher forces it. */
export const THROTTLE_MS = 60_000;

export interface MessageTemplate {
  subject?: string;
  body: string;
}

export interface NewMessage {
  /** The ticket the message is about; null for a customer's message without one (then `customerId`). */
  ticketId: string | null;
  customerId?: string;
  actionId: string | null;
  trigger: Trigger | 'resend';
  channel: Channel;
  /** The customer's address for the channel as it is now; null when the customer has none. */
  recipient: string | null;
  language: Language;
  portalMode: PortalMode;
  template: MessageTemplate;
  context: TemplateValues;
  forced?: boolean;
  resendOf?: string;
}

/** E.164 from what a dispatcher typed (`+49 30 1234567`, `0049…`); null when it cannot be one. */
export function toE164(phone: string): string | null {
  const compact = phone.replace(/[\s()./-]/g, '').replace(/^00/, '+');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}

/**
 * Writes a message to the outbox inside the caller's transaction. A message that cannot go out is still written,
 * with the reason, so the dispatcher sees it: no email address → failed CUSTOMER_EMAIL_MISSING (likewise for SMS),
 * the same kind of link to the same address within 60 s → suppressed THROTTLED (unless forced).
 */
export async function enqueueMessage(
  tx: Tx,
  tenantId: string,
  message: NewMessage,
  now: Date,
): Promise<{ id: string; state: OutboxMessageView['state']; failureReason: string | null }> {
  let recipient = message.recipient;
  let state: OutboxMessageView['state'] = 'pending';
  let reason: string | null = null;
  if (message.channel === 'email' && !recipient) [state, reason] = ['failed', 'CUSTOMER_EMAIL_MISSING'];
  if (message.channel === 'sms') {
    if (!recipient) [state, reason] = ['failed', 'CUSTOMER_PHONE_MISSING'];
    else if (!(recipient = toE164(recipient)))
      [state, reason, recipient] = ['failed', 'CUSTOMER_PHONE_INVALID', message.recipient];
  }
  if (message.channel === 'info') recipient = null;
  const carriesLink = usesPlaceholder(message.template.body, 'portal.link');
  if (state === 'pending' && recipient && carriesLink && !message.forced) {
    // Serialises enqueues to one address, so two changes committing together cannot both pass the check.
    await tx`select pg_advisory_xact_lock(hashtext(${`${tenantId}:${recipient}`}))`;
    const [recent] = await tx`
      select 1 from outbox
      where channel = ${message.channel} and recipient = ${recipient} and portal_mode = ${message.portalMode}
        and state in ('pending', 'sent') and created_at > ${new Date(now.getTime() - THROTTLE_MS)}
        and template->>'body' like '%portal.link%'
      limit 1`;
    if (recent) [state, reason] = ['suppressed', 'THROTTLED'];
  }
  const [row] = await tx<{ id: string }[]>`
    insert into outbox (tenant_id, ticket_id, customer_id, action_id, trigger, channel, recipient, language, portal_mode,
                        template, context, state, failure_reason, next_attempt_at, forced, resend_of, created_at)
    values (${tenantId}, ${message.ticketId}, ${message.customerId ?? null}, ${message.actionId}, ${message.trigger}, ${message.channel}, ${recipient},
            ${message.language}, ${message.portalMode}, ${tx.json(message.template as never)}, ${tx.json(message.context as never)},
            ${state}, ${reason}, ${now}, ${message.forced ?? false}, ${message.resendOf ?? null}, ${now})
    returning id`;
  return { id: row!.id, state, failureReason: reason };
}

/** Login-link mails carry this trigger; they belong to a customer, not to a ticket. */
export const LOGIN_LINK_TRIGGER = 'login_link';

/** Invoice mails carry this trigger: a login-link mail whose link opens the portal on the invoice. */
export const INVOICE_MAIL_TRIGGER = 'invoice_mail';

/**
 * Queues a login-link mail to the customer's address, in the caller's transaction. The link is minted only when the
 * worker delivers it. 404 for an unknown customer, 422 CUSTOMER_EMAIL_MISSING without an address.
 */
export async function enqueueLoginLinkMail(
  tx: Tx,
  tenantId: string,
  customerId: string,
  now: Date,
  resendOf: string | null = null,
  invoice: TemplateValues | null = null,
): Promise<{ id: string }> {
  const [customer] = await tx<{ email: string | null; locale: string | null; profileLanguage: string | null }[]>`
    select email, locale, (select language from portal_profiles where is_default) as "profileLanguage"
    from customers where id = ${customerId}`;
  if (!customer) throw notFound('Customer');
  if (!customer.email)
    throw new DomainError('customer-email-missing', 'The customer has no email address to send a login link to');
  const language = mailLanguage(customer.locale, customer.profileLanguage);
  const [trigger, template] = invoice
    ? [INVOICE_MAIL_TRIGGER, INVOICE_MAIL[language]]
    : [LOGIN_LINK_TRIGGER, LOGIN_LINK_MAIL[language]];
  const [row] = await tx<{ id: string }[]>`
    insert into outbox (tenant_id, customer_id, trigger, channel, recipient, language, template, context, state,
                        next_attempt_at, resend_of, created_at)
    values (${tenantId}, ${customerId}, ${trigger}, 'email', ${customer.email}, ${language},
            ${tx.json(template)}, ${tx.json((invoice ?? {}) as never)}, 'pending', ${now}, ${resendOf}, ${now})
    returning id`;
  return row!;
}

/**
 * "Email me a new link": queues the mail when a customer has this address (the newest such customer), else
 * nothing. Answers nothing: the caller must not learn whether the address is known.
 */
export async function requestLoginLinkMail(tx: Tx, tenantId: string, email: string, now: Date): Promise<void> {
  const [customer] = await tx<{ id: string }[]>`
    select id from customers where lower(email) = lower(${email}) order by created_at desc, seq desc limit 1`;
  if (customer) await enqueueLoginLinkMail(tx, tenantId, customer.id, now);
}

const messageColumns = (tx: Tx) => tx`
  id, ticket_id as "ticketId", customer_id as "customerId", action_id as "actionId", trigger, channel, recipient, state,
  failure_reason as "failureReason", last_error as "lastError", attempts,
  case when state = 'pending' then next_attempt_at end as "nextAttemptAt", sms_segments as "smsSegments", forced,
  resend_of as "resendOf", created_at as "createdAt", sent_at as "sentAt"`;

type MessageRow = Omit<OutboxMessageView, 'nextAttemptAt' | 'createdAt' | 'sentAt'> & {
  nextAttemptAt: Date | null;
  createdAt: Date;
  sentAt: Date | null;
};
const toView = (row: MessageRow): OutboxMessageView => ({
  ...row,
  nextAttemptAt: iso(row.nextAttemptAt),
  createdAt: iso(row.createdAt)!,
  sentAt: iso(row.sentAt),
});

/** Every message of a ticket, newest first: the dispatcher's view of what went out. */
export async function listTicketMessages(tx: Tx, ticketId: string): Promise<OutboxMessageView[]> {
  const [ticket] = await tx`select 1 from tickets where id = ${ticketId}`;
  if (!ticket) throw notFound('Ticket');
  const rows = await tx<MessageRow[]>`
    select ${messageColumns(tx)} from outbox where ticket_id = ${ticketId} order by created_at desc, id desc`;
  return rows.map(toView);
}

export async function getMessage(tx: Tx, id: string): Promise<OutboxMessageView> {
  const [row] = await tx<MessageRow[]>`select ${messageColumns(tx)} from outbox where id = ${id}`;
  if (!row) throw notFound('Message');
  return toView(row);
}

/**
 * The dispatcher's resend: a new message with the same template, to the customer's address as it is now (it may
 * have been added since the first try). Within the throttle window it answers 429 RATE_LIMITED unless forced.
 */
export async function resendMessage(
  tx: Tx,
  tenantId: string,
  id: string,
  force: boolean,
  now: Date,
): Promise<OutboxMessageView> {
  const [login] = await tx<{ customerId: string; trigger: string; context: TemplateValues }[]>`
    select customer_id as "customerId", trigger, context from outbox
    where id = ${id} and trigger in (${LOGIN_LINK_TRIGGER}, ${INVOICE_MAIL_TRIGGER})`;
  if (login) {
    const invoice = login.trigger === INVOICE_MAIL_TRIGGER ? login.context : null;
    return getMessage(tx, (await enqueueLoginLinkMail(tx, tenantId, login.customerId, now, id, invoice)).id);
  }
  const [original] = await tx<
    {
      ticketId: string;
      actionId: string | null;
      channel: Channel;
      language: Language;
      portalMode: PortalMode;
      template: MessageTemplate;
      context: TemplateValues;
      email: string | null;
      phone: string | null;
    }[]
  >`
    select o.ticket_id as "ticketId", o.action_id as "actionId", o.channel, o.language, o.portal_mode as "portalMode",
           o.template, o.context, c.email, c.phone
    from outbox o join tickets t on t.id = o.ticket_id join customers c on c.id = t.customer_id
    where o.id = ${id}`;
  if (!original) throw notFound('Message');
  const recipient = original.channel === 'email' ? original.email : original.channel === 'sms' ? original.phone : null;
  const created = await enqueueMessage(
    tx,
    tenantId,
    { ...original, trigger: 'resend', recipient, forced: force, resendOf: id },
    now,
  );
  if (created.failureReason === 'THROTTLED') {
    throw new DomainError(
      'rate-limited',
      'This link went to the same address less than 60 s ago; resend with force to send it anyway',
      { retryAfter: THROTTLE_MS / 1000 },
    );
  }
  return getMessage(tx, created.id);
}
