import type { Payments } from './payments';
import { fireAutomatedActions, fireCustomerAutomatedActions } from '../db/automated-actions';
import { saveInvoiceSettings } from '../db/invoice-payments';
import {
  getCustomerInvoice,
  getInvoice,
  invoiceParties,
  listCustomerInvoices,
  listInvoices,
  markInvoiceSent,
} from '../db/invoices';
import { enqueueLoginLinkMail } from '../db/outbox';
import type { TenantDb } from '../db/tenant-db';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { toDecimal } from '../lib/money';
import { customerEmailMissing, notFound } from '../lib/outcomes';
import type { z } from '@hono/zod-openapi';
import type { InvoiceListQuery, InvoiceSettingsPatchInput, InvoiceView } from '../schemas/invoices';

/**
 * Sends a draft, all in one tenant transaction: marks it sent (from then on immutable), queues the mail with a
 * login link that opens the portal on this invoice (minted when the worker delivers it, like every login link), and
 * fires the `invoice_sent` automated actions — of its ticket, or of the customer for an invoice without one (actions
 * triggered per ticket only ran with a ticket before, so such invoices fired nothing). A customer without an address refuses the
 * whole send (422 CUSTOMER_EMAIL_MISSING): the invoice stays a draft and no message is written.
 */
export function sendInvoice(
  db: TenantDb,
  tenantId: string,
  id: string,
  now: Date,
): Promise<{ invoice: InvoiceView; messageId: string }> {
  return db.withTenant(tenantId, async (tx) => {
    const sent = await markInvoiceSent(tx, id, now);
    if (!sent.email) throw customerEmailMissing();
    const invoice = await getInvoice(tx, id, now);
    const message = await enqueueLoginLinkMail(tx, tenantId, sent.customerId, now, null, {
      'invoice.id': invoice.id,
      'invoice.number': invoice.number,
      'invoice.total': `${toDecimal(invoice.total, invoice.currency)} ${invoice.currency}`,
      'invoice.dueDate': invoice.dueDate,
    });
    if (sent.ticketId) await fireAutomatedActions(tx, tenantId, 'invoice_sent', sent.ticketId, { now });
    else {
      await fireCustomerAutomatedActions(tx, tenantId, 'invoice_sent', sent.customerId, {
        now,
        extra: { 'invoice.id': invoice.id },
      });
    }
    return { invoice, messageId: message.id };
  });
}

/** Saves the invoice settings; Stripe credentials are stored sealed (the server's one secret box, per tenant). */
export function updateInvoiceSettings(
  db: TenantDb,
  payments: Payments,
  tenantId: string,
  { stripe, ...rest }: InvoiceSettingsPatchInput,
) {
  const sealed = stripe
    ? {
        secretKey: payments.seal(tenantId, stripe.secretKey),
        webhookSecret: payments.seal(tenantId, stripe.webhookSecret),
      }
    : stripe;
  return db.withTenant(tenantId, (tx) => saveInvoiceSettings(tx, tenantId, { ...rest, stripe: sealed }));
}

/** Whose invoices a portal session sees: a ticket-link session only its ticket's, a customer-wide one all. */
export interface InvoiceViewer {
  tenantId: string;
  customerId: string;
  ticketId: string | null;
}

const visibleTo = (viewer: InvoiceViewer, invoice: InvoiceView) =>
  viewer.ticketId === null || invoice.ticketId === viewer.ticketId;

/** The customer's invoices the session may see (never drafts), newest first. */
export async function customerInvoices(db: TenantDb, viewer: InvoiceViewer, now: Date): Promise<InvoiceView[]> {
  const items = await db.withTenant(viewer.tenantId, (tx) => listCustomerInvoices(tx, viewer.customerId, now));
  return items.filter((invoice) => visibleTo(viewer, invoice));
}

/** One invoice the session may see; any other answers 404. */
export async function customerInvoice(db: TenantDb, viewer: InvoiceViewer, id: string, now: Date) {
  const invoice = await db.withTenant(viewer.tenantId, (tx) => getCustomerInvoice(tx, viewer.customerId, id, now));
  if (!visibleTo(viewer, invoice)) throw notFound('Invoice');
  return invoice;
}

/** What the PDF prints: the invoice the session may see, and the company and customer it is between. */
export function invoiceForPdf(db: TenantDb, viewer: InvoiceViewer, id: string, now: Date) {
  return db.withTenant(viewer.tenantId, async (tx) => {
    const invoice = await getCustomerInvoice(tx, viewer.customerId, id, now);
    if (!visibleTo(viewer, invoice)) throw notFound('Invoice');
    return { invoice, parties: await invoiceParties(tx, viewer.customerId) };
  });
}

/**
 * One page of the tenant's invoices, newest first. The cursor (`lib/cursor.ts`) is the last row's number sequence,
 * bound to the customer filter it was made for. Rows are read under the tenant's row-level security, so a cursor never reaches another tenant.
 */
export async function invoicePage(
  db: TenantDb,
  tenantId: string,
  { customerId, cursor, limit }: z.infer<typeof InvoiceListQuery>,
  now: Date,
): Promise<{ items: InvoiceView[]; nextCursor: string | null }> {
  const boundTo = customerId ?? null;
  const beforeSeq =
    cursor === undefined
      ? undefined
      : decodeCursor(cursor, boundTo, ([seq, ...rest]) =>
          Number.isSafeInteger(seq) && (seq as number) >= 1 && rest.length === 0 ? (seq as number) : undefined,
        );
  const page = await db.withTenant(tenantId, (tx) => listInvoices(tx, now, { customerId, beforeSeq, limit }));
  const nextCursor = page.more && page.lastSeq !== null ? encodeCursor([page.lastSeq], boundTo) : null;
  return { items: page.items, nextCursor };
}
