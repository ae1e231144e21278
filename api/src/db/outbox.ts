import { DomainError, notFound } from '../lib/outcomes';
import { sha256 } from '../lib/tokens';
import { renderText, usesPlaceholder, type TemplateValues } from '../lib/templates';
import { INVOICE_MAIL, LOGIN_LINK_MAIL } from '../lib/login-link-mail';
import { LANGUAGES, type Channel, type Language, type OutboxMessageView, type Trigger } from '../schemas/activation';
import type { PortalMode } from '../schemas/contract';
import { issueLoginLink } from './access';
import type { Tx } from './client';
import { createTicketLink } from './links';
import { iso } from './tickets';

/** The same kind of link to the same address at most this often, unless the dispatcher forces it. */
export const THROTTLE_MS = 60_000;

export interface MessageTemplate {
  subject?: string;
  body: string;
}

export interface NewMessage {
  ticketId: string;
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
    insert into outbox (tenant_id, ticket_id, action_id, trigger, channel, recipient, language, portal_mode, template,
                        context, state, failure_reason, next_attempt_at, forced, resend_of, created_at)
    values (${tenantId}, ${message.ticketId}, ${message.actionId}, ${message.trigger}, ${message.channel}, ${recipient},
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
  const language =
    [customer.locale?.slice(0, 2), customer.profileLanguage].find((l): l is Language =>
      LANGUAGES.includes(l as Language),
    ) ?? 'en';
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

// ——— The worker's side ———

export interface ClaimedMessage {
  tenantId: string;
  id: string;
  attempt: number;
}

/**
 * Leases up to `limit` due messages across tenants (security-definer function; runs with no tenant set). A message
 * whose lease ran out after `maxAttempts` attempts (its worker died each time) fails with WORKER_CRASHED instead.
 */
export function claimDue(
  tx: Tx,
  now: Date,
  leaseMs: number,
  limit: number,
  maxAttempts: number,
): Promise<ClaimedMessage[]> {
  return tx<ClaimedMessage[]>`
    select tenant_id as "tenantId", id, attempt
    from porch_outbox_claim(${now}, ${new Date(now.getTime() + leaseMs)}, ${limit}, ${maxAttempts})`;
}

export interface Delivery {
  id: string;
  /** The Message-ID's local part: the outbox id, stable across attempts (a login link's adds the attempt, see below). */
  messageKey: string;
  channel: 'email' | 'sms';
  recipient: string;
  language: Language;
  company: { name: string; logoUrl: string | null };
  subject: string;
  template: MessageTemplate;
  values: TemplateValues;
  /** Sent with automated emails so the customer can opt out of them. */
  automated: boolean;
}

/**
 * Makes claimed messages (one tenant's) ready to send: mints each portal link now, so its token exists only in
 * memory and in the message, and returns everything to render. An info is delivered right here: the comment and
 * "sent" commit together. Messages whose lease went to another worker meanwhile are left out.
 */
export async function prepareDeliveries(
  tx: Tx,
  tenantId: string,
  claimed: ClaimedMessage[],
  now: Date,
): Promise<(Delivery & { attempt: number })[]> {
  const rows = await tx<
    {
      id: string;
      attempt: number;
      ticketId: string | null;
      customerId: string | null;
      customerEmail: string | null;
      customerName: string | null;
      trigger: string;
      channel: Channel;
      recipient: string | null;
      language: Language;
      portalMode: PortalMode;
      template: MessageTemplate;
      context: TemplateValues;
      actionId: string | null;
      company: string;
      logoUrl: string | null;
      portalUrl: string | null;
    }[]
  >`
    select o.id, o.attempts as attempt, o.ticket_id as "ticketId", o.customer_id as "customerId", o.trigger, o.channel,
           o.recipient, o.language, o.portal_mode as "portalMode", o.template, o.context, o.action_id as "actionId",
           n.name as company, n.portal_url as "portalUrl", cu.email as "customerEmail", cu.name as "customerName",
           (select p.logo_url from portal_profiles p
             where p.id = coalesce((select coalesce(t.profile_id, pr.profile_id) from tickets t left join projects pr on pr.id = t.project_id
                                     where t.id = o.ticket_id),
                                   (select d.id from portal_profiles d where d.is_default))) as "logoUrl"
    from outbox o
    join unnest(${claimed.map((c) => c.id)}::uuid[], ${claimed.map((c) => c.attempt)}::int[]) as c(id, attempt)
      on c.id = o.id and c.attempt = o.attempts
    join tenants n on n.id = o.tenant_id
    left join customers cu on cu.id = o.customer_id
    where o.state = 'pending'`;
  const deliveries: (Delivery & { attempt: number })[] = [];
  for (const row of rows) {
    const values: TemplateValues = { ...row.context };
    let messageKey = row.id;
    if (row.channel === 'info') {
      // The reader of an info is already in the portal: the link is the portal page itself, never a token at rest.
      values['portal.link'] = (row.portalUrl ?? '').split('#')[0];
      await tx`
        insert into ticket_comments (tenant_id, ticket_id, author, body, outbox_id, created_at)
        values (${tenantId}, ${row.ticketId}, 'company', ${renderText(row.template.body, values)}, ${row.id}, ${now})
        on conflict (outbox_id) do nothing`;
      await markSent(tx, [{ id: row.id, attempt: row.attempt }], now);
      continue;
    }
    if (row.trigger === LOGIN_LINK_TRIGGER || row.trigger === INVOICE_MAIL_TRIGGER) {
      // The link opens all of the customer's jobs: it goes only to the address the customer has now.
      if (row.customerEmail?.toLowerCase() !== row.recipient?.toLowerCase()) {
        await markAttemptFailed(
          tx,
          { tenantId, id: row.id, attempt: row.attempt },
          { reason: 'CUSTOMER_EMAIL_CHANGED', message: 'The customer’s email address changed after the request' },
          null,
        );
        continue;
      }
      // Newest-only, also across attempts: each attempt mints a link and revokes the one before, so at most one
      // login link of the customer works. A retry after a crash therefore is a new mail (its own Message-ID), so a
      // receiving system that drops duplicates by Message-ID cannot keep only the earlier, revoked one.
      const link = await issueLoginLink(tx, tenantId, row.customerId!, now);
      values['customer.name'] = row.customerName!;
      values['company.name'] = row.company;
      // An invoice mail lands on its invoice: the portal keeps `invoice=` in the fragment after taking the token.
      values['portal.link'] = values['invoice.id'] ? `${link.url}&invoice=${values['invoice.id']}` : link.url;
      values['link.minutes'] = String(Math.round((Date.parse(link.expiresAt) - now.getTime()) / 60_000));
      messageKey = `${row.id}.${row.attempt}`;
    } else if (
      usesPlaceholder(row.template.body, 'portal.link') ||
      usesPlaceholder(row.template.subject ?? '', 'portal.link')
    ) {
      // A fresh link per attempt: an earlier attempt may have reached the customer before its worker died, and
      // that link must keep working, so nothing is re-keyed.
      const link = await createTicketLink(tx, tenantId, row.ticketId!, row.portalMode, now);
      await tx`update outbox set link_id = (select id from ticket_links where token_hash = ${sha256(link.token)}) where id = ${row.id}`;
      values['portal.link'] = link.url;
    }
    deliveries.push({
      id: row.id,
      messageKey,
      attempt: row.attempt,
      channel: row.channel,
      recipient: row.recipient!,
      language: row.language,
      company: { name: row.company, logoUrl: row.logoUrl },
      subject: renderText(row.template.subject ?? '', values),
      template: row.template,
      values,
      automated: row.actionId !== null,
    });
  }
  return deliveries;
}

/** Marks attempts delivered in one statement; an attempt whose lease was lost meanwhile is left to its new owner. */
export async function markSent(
  tx: Tx,
  sent: { id: string; attempt: number; providerRef?: string; smsSegments?: number }[],
  now: Date,
) {
  if (sent.length === 0) return;
  await tx`
    update outbox o set state = 'sent', sent_at = ${now}, locked_until = null, last_error = null,
                        provider_ref = s.ref, sms_segments = s.segments
    from unnest(${sent.map((m) => m.id)}::uuid[], ${sent.map((m) => m.attempt)}::int[],
                ${sent.map((m) => m.providerRef ?? null)}::text[], ${sent.map((m) => m.smsSegments ?? null)}::int[])
      as s(id, attempt, ref, segments)
    where o.id = s.id and o.attempts = s.attempt and o.state = 'pending'`;
}

/** Records a failed attempt: retried at `retryAt`, or failed for good with `reason` when retryAt is null. */
export async function markAttemptFailed(
  tx: Tx,
  claimed: ClaimedMessage,
  error: { reason: string; message: string; smsSegments?: number },
  retryAt: Date | null,
) {
  await tx`
    update outbox set locked_until = null, last_error = ${error.message.slice(0, 500)},
                      state = ${retryAt ? 'pending' : 'failed'}, failure_reason = ${retryAt ? null : error.reason},
                      next_attempt_at = coalesce(${retryAt}, next_attempt_at),
                      sms_segments = coalesce(${error.smsSegments ?? null}, sms_segments)
    where id = ${claimed.id} and attempts = ${claimed.attempt} and state = 'pending'`;
}
