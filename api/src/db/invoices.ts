import { computeTotals, minorDigits, MoneyOverflow, type LineInput } from '../lib/money';
import { DomainError, notFound } from '../lib/outcomes';
import type { InvoiceCreateInput, InvoicePatchInput, InvoiceView } from '../schemas/invoices';
import type { Tx } from './client';
import { iso } from './tickets';

export type LineFields = InvoiceCreateInput['lines'][number];

export const toLineInput = (line: LineFields): LineInput => ({
  quantityMilli: Math.round(line.quantity * 1000),
  unitPrice: line.unitPrice,
  discountBp: Math.round(line.discountPercent * 100),
  taxRateBp: Math.round(line.taxRate * 100),
});

export function totalsOf(lines: LineFields[]) {
  try {
    return computeTotals(lines.map(toLineInput));
  } catch (error) {
    if (!(error instanceof MoneyOverflow)) throw error;
    throw new DomainError('invalid', 'The amounts are too large', {
      issues: [{ path: error.path, message: error.message }],
    });
  }
}

const notDraft = () => new DomainError('invoice-not-draft', 'Only a draft invoice can change; this one was sent');

/** The UTC calendar day of `now`: an invoice is overdue from the day after its due date. */
const today = (now: Date) => now.toISOString().slice(0, 10);

interface Row {
  id: string;
  number: string;
  customerId: string;
  ticketId: string | null;
  currency: string;
  status: InvoiceView['status'];
  overdue: boolean;
  issueDate: string;
  dueDate: string;
  subtotal: string;
  taxTotal: string;
  total: string;
  amountPaid: string;
  amountRefunded: string;
  amountCredited: string;
  creditNotes: { id: string; number: string; issueDate: string; reason: string | null; total: number }[] | null;
  disputed: boolean;
  sentAt: Date | null;
  voidedAt: Date | null;
  paidAt: Date | null;
  createdAt: Date;
  lines: {
    description: string;
    quantityMilli: number;
    unitPrice: number;
    discountBp: number;
    taxRateBp: number;
    net: number;
    tax: number;
  }[];
}

const columns = (tx: Tx, now: Date) => tx`
  i.id, i.number, i.customer_id as "customerId", i.ticket_id as "ticketId", i.currency, i.status,
  (i.status in ('sent', 'partially_paid') and i.due_date < ${today(now)}::date) as overdue,
  to_char(i.issue_date, 'YYYY-MM-DD') as "issueDate", to_char(i.due_date, 'YYYY-MM-DD') as "dueDate",
  i.subtotal, i.tax_total as "taxTotal", i.total, i.amount_paid as "amountPaid", i.amount_refunded as "amountRefunded",
  i.amount_credited as "amountCredited",
  (select json_agg(json_build_object('id', n.id, 'number', n.number, 'issueDate', to_char(n.issue_date, 'YYYY-MM-DD'),
                                     'reason', n.reason, 'total', n.total) order by n.seq)
     from credit_notes n where n.invoice_id = i.id) as "creditNotes",
  i.disputed, i.sent_at as "sentAt", i.voided_at as "voidedAt", i.paid_at as "paidAt", i.created_at as "createdAt",
  (select json_agg(json_build_object('description', l.description, 'quantityMilli', l.quantity_milli,
                                     'unitPrice', l.unit_price, 'discountBp', l.discount_bp, 'taxRateBp', l.tax_rate_bp,
                                     'net', l.net, 'tax', l.tax) order by l.position)
     from invoice_lines l where l.invoice_id = i.id) as lines`;

function toView(row: Row): InvoiceView {
  const lines = row.lines.map((line) => ({
    description: line.description,
    quantity: Number(line.quantityMilli) / 1000,
    unitPrice: Number(line.unitPrice),
    discountPercent: line.discountBp / 100,
    taxRate: line.taxRateBp / 100,
    net: Number(line.net),
    tax: Number(line.tax),
  }));
  const byRate = new Map<number, { net: number; tax: number }>();
  for (const line of lines) {
    const sum = byRate.get(line.taxRate) ?? { net: 0, tax: 0 };
    byRate.set(line.taxRate, { net: sum.net + line.net, tax: sum.tax + line.tax });
  }
  const total = Number(row.total);
  const paid = Number(row.amountPaid);
  const refunded = Number(row.amountRefunded);
  const credited = Number(row.amountCredited);
  const closed = row.status === 'void' || row.status === 'refunded' || row.status === 'credited';
  return {
    id: row.id,
    number: row.number,
    customerId: row.customerId,
    ticketId: row.ticketId,
    currency: row.currency,
    minorDigits: minorDigits(row.currency),
    status: row.status,
    overdue: row.overdue,
    issueDate: row.issueDate,
    dueDate: row.dueDate,
    lines,
    taxes: [...byRate.entries()].sort(([a], [b]) => a - b).map(([rate, sum]) => ({ rate, ...sum })),
    subtotal: Number(row.subtotal),
    taxTotal: Number(row.taxTotal),
    total,
    amountPaid: paid - refunded,
    amountRefunded: refunded,
    amountCredited: credited,
    // A refund returns money; it never makes the invoice due again.
    amountDue: closed ? 0 : Math.max(0, total - credited - paid),
    creditNotes: (row.creditNotes ?? []).map((note) => ({ ...note, total: Number(note.total) })),
    disputed: row.disputed,
    sentAt: iso(row.sentAt),
    voidedAt: iso(row.voidedAt),
    paidAt: iso(row.paidAt),
    createdAt: iso(row.createdAt)!,
  };
}

export async function getInvoice(tx: Tx, id: string, now: Date): Promise<InvoiceView> {
  const [row] = await tx<Row[]>`select ${columns(tx, now)} from invoices i where i.id = ${id}`;
  if (!row) throw notFound('Invoice');
  return toView(row);
}

/**
 * The admin's list (optionally one customer's), newest first, by the invoice number's sequence: a page continues
 * below `beforeSeq`, so invoices created meanwhile (higher numbers) never shift or repeat a later page.
 */
export async function listInvoices(
  tx: Tx,
  now: Date,
  { customerId, beforeSeq, limit }: { customerId?: string; beforeSeq?: number; limit: number },
): Promise<{ items: InvoiceView[]; lastSeq: number | null; more: boolean }> {
  const rows = await tx<(Row & { seq: number })[]>`
    select ${columns(tx, now)}, i.seq from invoices i
    where ${customerId ? tx`i.customer_id = ${customerId}` : tx`true`}
      and ${beforeSeq === undefined ? tx`true` : tx`i.seq < ${beforeSeq}`}
    order by i.seq desc limit ${limit + 1}`;
  const page = rows.slice(0, limit);
  return { items: page.map(toView), lastSeq: page.at(-1)?.seq ?? null, more: rows.length > limit };
}

/** What the customer sees: their invoices once sent (never drafts), newest first. */
export async function listCustomerInvoices(tx: Tx, customerId: string, now: Date): Promise<InvoiceView[]> {
  const rows = await tx<Row[]>`
    select ${columns(tx, now)} from invoices i
    where i.customer_id = ${customerId} and i.status <> 'draft'
    order by i.issue_date desc, i.seq desc`;
  return rows.map(toView);
}

/** One of the customer's sent invoices; another customer's, another tenant's or a draft is "not found". */
export async function getCustomerInvoice(tx: Tx, customerId: string, id: string, now: Date): Promise<InvoiceView> {
  const invoice = await getInvoice(tx, id, now);
  if (invoice.customerId !== customerId || invoice.status === 'draft') throw notFound('Invoice');
  return invoice;
}

async function insertLines(
  tx: Tx,
  tenantId: string,
  invoiceId: string,
  lines: LineFields[],
  amounts = totalsOf(lines),
) {
  const inputs = lines.map(toLineInput);
  await tx`
    insert into invoice_lines (tenant_id, invoice_id, position, description, quantity_milli, unit_price, discount_bp,
                               tax_rate_bp, net, tax)
    select ${tenantId}, ${invoiceId}, l.* from unnest(
      ${lines.map((_, i) => i + 1)}::int[], ${lines.map((l) => l.description)}::text[],
      ${inputs.map((l) => l.quantityMilli)}::bigint[], ${inputs.map((l) => l.unitPrice)}::bigint[],
      ${inputs.map((l) => l.discountBp)}::int[], ${inputs.map((l) => l.taxRateBp)}::int[],
      ${amounts.lines.map((l) => l.net)}::bigint[], ${amounts.lines.map((l) => l.tax)}::bigint[]) as l`;
}

/**
 * A draft invoice with the next number of the tenant. The counter row is updated in this transaction: concurrent
 * creations queue on its lock, and a creation that fails rolls its number back, so numbers have no gaps.
 */
export async function createInvoice(
  tx: Tx,
  tenantId: string,
  input: InvoiceCreateInput,
  now: Date,
): Promise<InvoiceView> {
  const issueDate = input.issueDate ?? today(now);
  if (input.dueDate < issueDate) {
    throw new DomainError('invalid', 'The due date is before the issue date', {
      issues: [{ path: 'json.dueDate', message: 'Before the issue date' }],
    });
  }
  const amounts = totalsOf(input.lines);
  const [customer] = await tx`select 1 from customers where id = ${input.customerId}`;
  if (!customer) throw notFound('Customer');
  if (input.ticketId) {
    const [ticket] = await tx`select 1 from tickets where id = ${input.ticketId} and customer_id = ${input.customerId}`;
    if (!ticket) throw notFound('Ticket');
  }
  const [counter] = await tx<{ seq: number; prefix: string }[]>`
    insert into invoice_settings (tenant_id, next_number) values (${tenantId}, 2)
    on conflict (tenant_id) do update set next_number = invoice_settings.next_number + 1
    returning next_number - 1 as seq, prefix`;
  const [row] = await tx<{ id: string }[]>`
    insert into invoices (tenant_id, customer_id, ticket_id, seq, number, currency, issue_date, due_date, subtotal,
                          tax_total, total, created_at)
    values (${tenantId}, ${input.customerId}, ${input.ticketId ?? null}, ${counter!.seq},
            ${counter!.prefix + String(counter!.seq).padStart(4, '0')}, ${input.currency}, ${issueDate}, ${input.dueDate},
            ${amounts.subtotal}, ${amounts.taxTotal}, ${amounts.total}, ${now})
    returning id`;
  await insertLines(tx, tenantId, row!.id, input.lines, amounts);
  return getInvoice(tx, row!.id, now);
}

/** Changes a draft's due date or lines (all lines at once); a sent invoice is immutable. */
export async function updateDraft(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: InvoicePatchInput,
  now: Date,
): Promise<InvoiceView> {
  const [current] = await tx<{ status: string; issueDate: string }[]>`
    select status, to_char(issue_date, 'YYYY-MM-DD') as "issueDate" from invoices where id = ${id} for update`;
  if (!current) throw notFound('Invoice');
  if (current.status !== 'draft') throw notDraft();
  if (patch.dueDate && patch.dueDate < current.issueDate) {
    throw new DomainError('invalid', 'The due date is before the issue date', {
      issues: [{ path: 'json.dueDate', message: 'Before the issue date' }],
    });
  }
  if (patch.lines) {
    const amounts = totalsOf(patch.lines);
    await tx`delete from invoice_lines where invoice_id = ${id}`;
    await insertLines(tx, tenantId, id, patch.lines, amounts);
    await tx`update invoices set subtotal = ${amounts.subtotal}, tax_total = ${amounts.taxTotal}, total = ${amounts.total}
             where id = ${id}`;
  }
  if (patch.dueDate) await tx`update invoices set due_date = ${patch.dueDate} where id = ${id}`;
  return getInvoice(tx, id, now);
}

/**
 * Marks a draft sent and answers whom to mail: the customer (with their address, if any) and the ticket it belongs
 * to. The caller queues the mail in the same transaction, so a refusal leaves the invoice a draft.
 */
export async function markInvoiceSent(
  tx: Tx,
  id: string,
  now: Date,
): Promise<{ customerId: string; email: string | null; ticketId: string | null }> {
  const [row] = await tx<{ status: string; customerId: string; email: string | null; ticketId: string | null }[]>`
    select i.status, i.customer_id as "customerId", c.email, i.ticket_id as "ticketId"
    from invoices i join customers c on c.id = i.customer_id where i.id = ${id} for update of i`;
  if (!row) throw notFound('Invoice');
  if (row.status !== 'draft') throw notDraft();
  await tx`update invoices set status = 'sent', sent_at = ${now} where id = ${id}`;
  return row;
}

/** Voids a draft or an unpaid sent invoice; an invoice with money on it needs a refund first. */
export async function voidInvoice(tx: Tx, id: string, now: Date): Promise<InvoiceView> {
  const [row] = await tx<{ status: string; paid: string; credited: string }[]>`
    select status, amount_paid - amount_refunded as paid, amount_credited as credited
    from invoices where id = ${id} for update`;
  if (!row) throw notFound('Invoice');
  if (row.status === 'void') return getInvoice(tx, id, now);
  if (Number(row.paid) > 0 || row.status === 'paid') {
    throw new DomainError('conflict', 'An invoice with payments cannot be voided; refund it first');
  }
  if (Number(row.credited) > 0) throw new DomainError('conflict', 'An invoice with credit notes cannot be voided');
  await tx`update invoices set status = 'void', voided_at = ${now} where id = ${id}`;
  return getInvoice(tx, id, now);
}

/** Who an invoice is from and to, as its PDF prints them. */
export async function invoiceParties(
  tx: Tx,
  customerId: string,
): Promise<{
  company: string;
  address: string | null;
  country: string | null;
  customer: string;
  locale: string | null;
  logoUrl: string | null;
}> {
  const [row] = await tx<
    {
      company: string;
      address: string | null;
      country: string | null;
      customer: string;
      locale: string | null;
      logoUrl: string | null;
    }[]
  >`
    select n.name as company, s.address, s.country, c.name as customer, c.locale,
           (select p.logo_url from portal_profiles p where p.is_default) as "logoUrl"
    from tenants n cross join customers c left join invoice_settings s on true
    where c.id = ${customerId}`;
  if (!row) throw notFound('Customer');
  return row;
}
