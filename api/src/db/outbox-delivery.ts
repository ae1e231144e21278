/** The outbox worker's side: leasing due messages, preparing each delivery, recording how it went. */
import { sha256 } from '../lib/tokens';
import { renderText, usesPlaceholder, type TemplateValues } from '../lib/templates';
import type { Channel, Language } from '../schemas/activation';
import type { PortalMode } from '../schemas/contract/access';
import { issueLoginLink } from './access';
import type { Tx } from './client';
import { createTicketLink } from './links';
import { INVOICE_MAIL_TRIGGER, LOGIN_LINK_TRIGGER, type MessageTemplate } from './outbox';
import { STAFF_INVITE_TRIGGER, STAFF_SIGN_IN_TRIGGER, staffMailValues, type StaffMailTrigger } from './staff';

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
      staffId: string | null;
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
    select o.id, o.attempts as attempt, o.ticket_id as "ticketId", o.customer_id as "customerId", o.staff_id as "staffId",
           o.trigger, o.channel,
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
    if (row.trigger === STAFF_INVITE_TRIGGER || row.trigger === STAFF_SIGN_IN_TRIGGER) {
      const trigger = row.trigger as StaffMailTrigger;
      const consoleUrl = String((row.context as { consoleUrl?: string }).consoleUrl ?? '');
      const link = await staffMailValues(tx, tenantId, { ...row, staffId: row.staffId!, trigger, consoleUrl }, now);
      if (!link) {
        await markAttemptFailed(
          tx,
          { tenantId, id: row.id, attempt: row.attempt },
          { reason: 'STAFF_EMAIL_CHANGED', message: 'The staff member’s address changed after the mail was queued' },
          null,
        );
        continue;
      }
      Object.assign(values, link, { 'company.name': row.company });
      messageKey = `${row.id}.${row.attempt}`;
    } else if (row.trigger === LOGIN_LINK_TRIGGER || row.trigger === INVOICE_MAIL_TRIGGER) {
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
    } else if (row.ticketId === null) {
      // A customer's action without a ticket (an invoice sent without one): the company's portal page, on the
      // invoice, with no token — the invoice mail itself carries the login link, and minting another login link
      // here would revoke that one.
      const page = (row.portalUrl ?? '').split('#')[0]!;
      values['portal.link'] = values['invoice.id'] ? `${page}#invoice=${values['invoice.id']}` : page;
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
