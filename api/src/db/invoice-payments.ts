import { DomainError, notFound } from '../lib/outcomes';
import type { Tx } from './client';

export interface InvoiceSettingsRow {
  prefix: string;
  nextNumber: number;
  creditNotePrefix: string;
  nextCreditNoteNumber: number;
  address: string | null;
  country: string | null;
  stripeConfigured: boolean;
}

export async function getInvoiceSettings(tx: Tx): Promise<InvoiceSettingsRow> {
  const [row] = await tx<InvoiceSettingsRow[]>`
    select prefix, next_number as "nextNumber", credit_note_prefix as "creditNotePrefix",
           next_credit_note_number as "nextCreditNoteNumber", address, country, stripe_secret_key is not null as "stripeConfigured"
    from invoice_settings`;
  return (
    row ?? {
      prefix: 'INV-',
      nextNumber: 1,
      creditNotePrefix: 'CN-',
      nextCreditNoteNumber: 1,
      address: null,
      country: null,
      stripeConfigured: false,
    }
  );
}

/** Saves what is given; `stripe: null` disconnects Stripe. The credentials arrive sealed (the app's secret box). */
export async function saveInvoiceSettings(
  tx: Tx,
  tenantId: string,
  patch: {
    prefix?: string;
    creditNotePrefix?: string;
    address?: string | null;
    country?: string | null;
    stripe?: { secretKey: Buffer; webhookSecret: Buffer } | null;
  },
): Promise<InvoiceSettingsRow> {
  await tx`insert into invoice_settings (tenant_id) values (${tenantId}) on conflict (tenant_id) do nothing`;
  const set: Record<string, unknown> = {};
  if (patch.prefix !== undefined) set.prefix = patch.prefix;
  if (patch.creditNotePrefix !== undefined) set.credit_note_prefix = patch.creditNotePrefix;
  if (patch.address !== undefined) set.address = patch.address;
  if (patch.country !== undefined) set.country = patch.country;
  if (patch.stripe !== undefined) {
    set.stripe_secret_key = patch.stripe?.secretKey ?? null;
    set.stripe_webhook_secret = patch.stripe?.webhookSecret ?? null;
  }
  if (Object.keys(set).length) await tx`update invoice_settings set ${tx(set)}`;
  return getInvoiceSettings(tx);
}

/** The tenant's sealed Stripe credentials, or null without a Stripe connection. */
export async function sealedStripeCredentials(
  tx: Tx,
): Promise<{ secretKey: Uint8Array; webhookSecret: Uint8Array } | null> {
  const [row] = await tx<{ secretKey: Uint8Array | null; webhookSecret: Uint8Array | null }[]>`
    select stripe_secret_key as "secretKey", stripe_webhook_secret as "webhookSecret" from invoice_settings`;
  return row?.secretKey && row.webhookSecret ? { secretKey: row.secretKey, webhookSecret: row.webhookSecret } : null;
}

/**
 * Starts a Checkout attempt for one of the customer's invoices: answers the amount due (from our rows, never the
 * client) and the attempt number for the idempotency key. 404 for anything not the customer's sent invoice; 409
 * INVOICE_NOT_PAYABLE for a draft-free but void, paid or zero-due invoice.
 */
export async function startCheckoutAttempt(
  tx: Tx,
  customerId: string,
  id: string,
): Promise<{ number: string; currency: string; amountDue: number; attempt: number }> {
  const [row] = await tx<{ status: string; number: string; currency: string; due: string; attempt: number }[]>`
    update invoices set checkout_attempts = checkout_attempts + 1
    where id = ${id} and customer_id = ${customerId} and status <> 'draft'
    returning status, number, currency, total - amount_credited - amount_paid as due, checkout_attempts as attempt`;
  if (!row) throw notFound('Invoice');
  const amountDue = Number(row.due);
  if (!['sent', 'partially_paid'].includes(row.status) || amountDue <= 0) {
    throw new DomainError('invoice-not-payable', `This invoice is ${row.status.replace('_', ' ')}: nothing to pay`);
  }
  return { number: row.number, currency: row.currency, amountDue, attempt: row.attempt };
}

/** What a verified Stripe event means for an invoice, reduced to the few facts we apply. */
export type PaymentFact =
  | { kind: 'payment'; invoiceId: string | null; ref: string; amount: number; currency: string }
  | { kind: 'refund'; invoiceId: string | null; paymentRef: string; amountRefunded: number }
  | { kind: 'dispute'; invoiceId: string | null; paymentRef: string; disputeId: string; open: boolean; closed: boolean }
  | { kind: 'ignored' };

/**
 * Applies one verified Stripe event in the caller's transaction, once: the event id is recorded first and a repeat
 * (a replay, or the same event delivered 5× at once — the primary key makes the others wait, then do nothing) changes
 * nothing. Payments are keyed by their PaymentIntent, so checkout.session.completed and payment_intent.succeeded for
 * the same money count once, in either order. Refunds and disputes are kept by their PaymentIntent too, whether or
 * not its payment is known yet, and an invoice's amounts are recomputed from all of them: a refund or dispute that
 * arrives before its payment counts the moment the payment arrives (and its event is then recorded as matched).
 * An event that matches no invoice of the tenant is recorded as unmatched and acknowledged.
 */
export async function applyStripeEvent(
  tx: Tx,
  tenantId: string,
  event: { id: string; type: string },
  fact: PaymentFact,
  now: Date,
): Promise<{ duplicate: boolean; invoiceId: string | null }> {
  const paymentRef = fact.kind === 'payment' ? fact.ref : fact.kind === 'ignored' ? null : fact.paymentRef;
  // Events of one payment apply one at a time: a refund committing alongside its payment must see it, or neither
  // transaction would count the refund for the invoice.
  if (paymentRef) await tx`select pg_advisory_xact_lock(hashtext(${`stripe:${tenantId}:${paymentRef}`}))`;
  const invoiceId = fact.kind === 'ignored' ? null : await matchInvoice(tx, fact);
  const inserted = await tx`
    insert into stripe_events (tenant_id, event_id, type, invoice_id, matched, payment_ref, received_at)
    values (${tenantId}, ${event.id}, ${event.type}, ${invoiceId}, ${invoiceId !== null}, ${paymentRef}, ${now})
    on conflict do nothing returning 1`;
  if (inserted.length === 0) return { duplicate: true, invoiceId };
  if (fact.kind === 'payment' && invoiceId) {
    await tx`
      insert into invoice_payments (tenant_id, invoice_id, stripe_ref, kind, amount, created_at)
      values (${tenantId}, ${invoiceId}, ${fact.ref}, 'payment', ${fact.amount}, ${now})
      on conflict do nothing`;
    // Refunds or disputes of this payment that came first are about this invoice after all.
    await tx`update stripe_events set invoice_id = ${invoiceId}, matched = true
             where payment_ref = ${fact.ref} and not matched`;
  } else if (fact.kind === 'refund' && fact.amountRefunded > 0) {
    await tx`
      insert into stripe_refunds (tenant_id, payment_ref, amount, updated_at)
      values (${tenantId}, ${fact.paymentRef}, ${fact.amountRefunded}, ${now})
      on conflict (tenant_id, payment_ref) do update
        set amount = greatest(stripe_refunds.amount, excluded.amount), updated_at = excluded.updated_at`;
  } else if (fact.kind === 'dispute') {
    await tx`
      insert into stripe_disputes (tenant_id, dispute_id, payment_ref, open, closed, updated_at)
      values (${tenantId}, ${fact.disputeId}, ${fact.paymentRef}, ${fact.open}, ${fact.closed}, ${now})
      on conflict (tenant_id, dispute_id) do update
        set open = excluded.open, closed = true, updated_at = excluded.updated_at
        where excluded.closed`;
  }
  if (invoiceId) await recomputeInvoice(tx, invoiceId, now);
  return { duplicate: false, invoiceId };
}

/**
 * An invoice's money and state from its rows: payments recorded for it, the refunds and open disputes of those
 * payments, its credit notes. A refund never makes an invoice due again (the amount due counts payments before
 * refunds); everything paid returned is `refunded`, part of a settled invoice's payment `partially_refunded`, and a
 * partly paid invoice with a partial refund stays `partially_paid` with the same amount due.
 */
export async function recomputeInvoice(tx: Tx, invoiceId: string, now: Date): Promise<void> {
  await tx`select 1 from invoices where id = ${invoiceId} for update`;
  await tx`
    update invoices i set amount_paid = m.paid, amount_refunded = m.refunded, amount_credited = m.credited,
      disputed = m.disputed,
      status = case when i.status in ('draft', 'void') then i.status
                    when m.refunded > 0 and m.refunded >= m.paid then 'refunded'
                    when m.credited >= i.total then 'credited'
                    when m.paid + m.credited >= i.total then
                      case when m.refunded > 0 then 'partially_refunded' else 'paid' end
                    when m.paid > 0 then 'partially_paid'
                    else 'sent' end,
      paid_at = case when m.paid > 0 and m.paid + m.credited >= i.total then coalesce(i.paid_at, ${now}) end
    from (select coalesce(sum(p.amount), 0) as paid,
                 coalesce(sum(least(coalesce(r.amount, 0), p.amount)), 0) as refunded,
                 (select coalesce(sum(n.total), 0) from credit_notes n where n.invoice_id = ${invoiceId}) as credited,
                 coalesce(bool_or(exists (select 1 from stripe_disputes d where d.payment_ref = p.stripe_ref and d.open)),
                          false) as disputed
          from invoice_payments p left join stripe_refunds r on r.payment_ref = p.stripe_ref
          where p.invoice_id = ${invoiceId} and p.kind = 'payment') m
    where i.id = ${invoiceId}`;
}

/** The invoice an event is about: the payment it refers to (refunds, disputes), else the invoice its metadata names. */
async function matchInvoice(tx: Tx, fact: Exclude<PaymentFact, { kind: 'ignored' }>): Promise<string | null> {
  if (fact.kind !== 'payment') {
    const [row] = await tx<{ invoiceId: string }[]>`
      select invoice_id as "invoiceId" from invoice_payments where stripe_ref = ${fact.paymentRef} and kind = 'payment'`;
    if (row) return row.invoiceId;
  }
  if (fact.invoiceId && /^[0-9a-f-]{36}$/i.test(fact.invoiceId)) {
    const currency = fact.kind === 'payment' ? fact.currency.toUpperCase() : null;
    const [row] = await tx<{ id: string }[]>`
      select id from invoices where id = ${fact.invoiceId} and (${currency}::text is null or currency = ${currency})`;
    if (row) return row.id;
  }
  return null;
}
