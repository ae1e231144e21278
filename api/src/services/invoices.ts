import { fireAutomatedActions } from '../db/automated-actions';
import { getInvoice, markInvoiceSent } from '../db/invoices';
import { enqueueLoginLinkMail } from '../db/outbox';
import type { Tx } from '../db/tenant-db';
import { toDecimal } from '../lib/money';
import { customerEmailMissing } from '../lib/outcomes';
import type { InvoiceView } from '../schemas/invoices';

/**
 * Sends a draft, all in the caller's transaction: marks it sent (from then on immutable), queues the mail with a
 * login link that opens the portal on this invoice (minted when the worker delivers it, like every login link), and
 * fires the `invoice_sent` automated actions of its ticket, if it has one. A customer without an address refuses the
 * whole send (422 CUSTOMER_EMAIL_MISSING): the invoice stays a draft and no message is written.
 */
export async function sendInvoice(
  tx: Tx,
  tenantId: string,
  id: string,
  now: Date,
): Promise<{ invoice: InvoiceView; messageId: string }> {
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
  return { invoice, messageId: message.id };
}
