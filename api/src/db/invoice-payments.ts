import { DomainError, notFound } from '../lib/outcomes';
import type { Tx } from './client';

export interface InvoiceSettingsRow {
  prefix: string;
  nextNumber: number;
  address: string | null;
  country: string | null;
  stripeConfigured: boolean;
}

export async function getInvoiceSettings(tx: Tx): Promise<InvoiceSettingsRow> {
  const [row] = await tx<InvoiceSettingsRow[]>`
    select prefix, next_number as "nextNumber", address, country, stripe_secret_key is not null as "stripeConfigured"
    from invoice_settings`;
  return row ?? { prefix: 'INV-', nextNumber: 1, address: null, country: null, stripeConfigured: false };
}

/** Saves what is given; `stripe: null` disconnects Stripe. The credentials arrive sealed (the app's secret box). */
export async function saveInvoiceSettings(
  tx: Tx,
  tenantId: string,
  patch: {
    prefix?: string;
    address?: string | null;
    country?: string | null;
    stripe?: { secretKey: Buffer; webhookSecret: Buffer } | null;
  },
): Promise<InvoiceSettingsRow> {
  await tx`insert into invoice_settings (tenant_id) values (${tenantId}) on conflict (tenant_id) do nothing`;
  const set: Record<string, unknown> = {};
  if (patch.prefix !== undefined) set.prefix = patch.prefix;
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
    returning status, number, currency, total - (amount_paid - amount_refunded) as due, checkout_attempts as attempt`;
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
  | { kind: 'dispute'; invoiceId: string | null; paymentRef: string; open: boolean }
  | { kind: 'ignored' };

/**
 * Applies one verified Stripe event in the caller's transaction, once: the event id is recorded first and a repeat
 * (a replay, or the same event delivered 5× at once — the primary key makes the others wait, then do nothing) changes
 * nothing. Payments are keyed by their PaymentIntent, so checkout.session.completed and payment_intent.succeeded for
 * the same money count once, in either order; refunds carry Stripe's cumulative amount, so order does not matter.
 * An event that matches no invoice of the tenant is recorded as unmatched and acknowledged.
 */
export async function applyStripeEvent(
  tx: Tx,
  tenantId: string,
  event: { id: string; type: string },
  fact: PaymentFact,
  now: Date,
): Promise<{ duplicate: boolean; invoiceId: string | null }> {
  const invoiceId = fact.kind === 'ignored' ? null : await matchInvoice(tx, fact);
  const inserted = await tx`
    insert into stripe_events (tenant_id, event_id, type, invoice_id, matched, received_at)
    values (${tenantId}, ${event.id}, ${event.type}, ${invoiceId}, ${invoiceId !== null}, ${now})
    on conflict do nothing returning 1`;
  if (inserted.length === 0) return { duplicate: true, invoiceId };
  if (!invoiceId) return { duplicate: false, invoiceId };
  // One invoice's money changes one at a time, so the recomputed state below sees every committed movement.
  await tx`select 1 from invoices where id = ${invoiceId} for update`;
  if (fact.kind === 'payment') {
    await tx`
      insert into invoice_payments (tenant_id, invoice_id, stripe_ref, kind, amount, created_at)
      values (${tenantId}, ${invoiceId}, ${fact.ref}, 'payment', ${fact.amount}, ${now})
      on conflict do nothing`;
  } else if (fact.kind === 'refund' && fact.amountRefunded > 0) {
    await tx`
      insert into invoice_payments (tenant_id, invoice_id, stripe_ref, kind, amount, created_at)
      values (${tenantId}, ${invoiceId}, ${fact.paymentRef}, 'refund', ${fact.amountRefunded}, ${now})
      on conflict (tenant_id, stripe_ref, kind) do update set amount = greatest(invoice_payments.amount, excluded.amount)`;
  } else if (fact.kind === 'dispute') {
    await tx`update invoices set disputed = ${fact.open} where id = ${invoiceId}`;
  }
  await tx`
    update invoices i set amount_paid = m.paid, amount_refunded = m.refunded,
      status = case when i.status in ('draft', 'void') then i.status
                    when m.paid - m.refunded >= i.total then 'paid'
                    when m.paid - m.refunded > 0 then 'partially_paid'
                    else 'sent' end,
      paid_at = case when m.paid - m.refunded >= i.total then coalesce(i.paid_at, ${now}) end
    from (select coalesce(sum(amount) filter (where kind = 'payment'), 0) as paid,
                 coalesce(sum(amount) filter (where kind = 'refund'), 0) as refunded
          from invoice_payments where invoice_id = ${invoiceId}) m
    where i.id = ${invoiceId}`;
  return { duplicate: false, invoiceId };
}

/** The invoice an event is about: its metadata names it, else (refunds, disputes) the payment it refers to. */
async function matchInvoice(tx: Tx, fact: Exclude<PaymentFact, { kind: 'ignored' }>): Promise<string | null> {
  if (fact.invoiceId && /^[0-9a-f-]{36}$/i.test(fact.invoiceId)) {
    const currency = fact.kind === 'payment' ? fact.currency.toUpperCase() : null;
    const [row] = await tx<{ id: string }[]>`
      select id from invoices where id = ${fact.invoiceId} and (${currency}::text is null or currency = ${currency})`;
    if (row) return row.id;
  }
  if (fact.kind === 'payment') return null;
  const [row] = await tx<{ invoiceId: string }[]>`
    select invoice_id as "invoiceId" from invoice_payments where stripe_ref = ${fact.paymentRef} and kind = 'payment'`;
  return row?.invoiceId ?? null;
}
