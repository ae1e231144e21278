import { DomainError, notFound } from '../lib/outcomes';
import type { CreditNoteCreateInput, CreditNoteView } from '../schemas/invoices';
import type { Tx } from './client';
import { recomputeInvoice } from './invoice-payments';
import { toLineInput, totalsOf } from './invoices';
import { iso } from './tickets';

interface StoredLine {
  description: string;
  quantityMilli: number;
  unitPrice: number;
  discountBp: number;
  taxRateBp: number;
  net: number;
  tax: number;
}

/**
 * Splits a gross amount over the invoice's tax rates in proportion to each rate's gross (largest remainder, so the
 * parts add up to the amount exactly), and each part into net = part ÷ (1 + rate), rounded half up, and tax = the
 * rest. BigInt throughout: no float ever touches an amount.
 */
export function splitAmount(
  amount: number,
  rates: { rateBp: number; gross: number }[],
): { rateBp: number; net: number; tax: number }[] {
  const whole = rates.reduce((sum, r) => sum + BigInt(r.gross), 0n);
  if (whole === 0n) return [];
  const shares = rates.map((r, index) => {
    const exact = BigInt(amount) * BigInt(r.gross);
    return { index, part: exact / whole, remainder: exact % whole };
  });
  let left = BigInt(amount) - shares.reduce((sum, s) => sum + s.part, 0n);
  for (const share of [...shares].sort((a, b) =>
    b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.index - b.index,
  )) {
    if (left === 0n) break;
    share.part += 1n;
    left -= 1n;
  }
  return shares
    .filter((s) => s.part > 0n)
    .map(({ index, part }) => {
      const rateBp = BigInt(rates[index]!.rateBp);
      const net = (part * 20_000n + 10_000n + rateBp) / (2n * (10_000n + rateBp));
      return { rateBp: rates[index]!.rateBp, net: Number(net), tax: Number(part - net) };
    });
}

const percent = (bp: number) => String(bp / 100);

/**
 * A credit note against a sent invoice, with lines (rounded like an invoice's) or a gross amount (split over the
 * invoice's tax rates). The invoice row is locked, so concurrent credit notes of one invoice queue and their sum
 * can never pass the invoice's total (409 CREDIT_EXCEEDS_INVOICE). The number comes from the tenant's own
 * credit-note counter in the same transaction: no gaps, no duplicates. The invoice's amount due drops by its total.
 */
export async function createCreditNote(
  tx: Tx,
  tenantId: string,
  invoiceId: string,
  input: CreditNoteCreateInput,
  now: Date,
): Promise<CreditNoteView> {
  const [invoice] = await tx<{ status: string; number: string; total: string; credited: string }[]>`
    select status, number, total, amount_credited as credited from invoices where id = ${invoiceId} for update`;
  if (!invoice) throw notFound('Invoice');
  if (invoice.status === 'draft' || invoice.status === 'void') {
    throw new DomainError('invoice-not-creditable', `A ${invoice.status} invoice takes no credit note`);
  }
  let lines: StoredLine[];
  if (input.lines) {
    const amounts = totalsOf(input.lines);
    lines = input.lines.map((line, i) => ({
      description: line.description,
      ...toLineInput(line),
      ...amounts.lines[i]!,
    }));
  } else {
    const rates = await tx<{ rateBp: number; gross: string }[]>`
      select tax_rate_bp as "rateBp", sum(net + tax) as gross from invoice_lines
      where invoice_id = ${invoiceId} group by tax_rate_bp order by tax_rate_bp`;
    lines = splitAmount(
      input.amount!,
      rates.map((r) => ({ rateBp: r.rateBp, gross: Number(r.gross) })),
    ).map(({ rateBp, net, tax }) => ({
      description: rateBp ? `Credit on ${invoice.number} (${percent(rateBp)} % tax)` : `Credit on ${invoice.number}`,
      quantityMilli: 1000,
      unitPrice: net,
      discountBp: 0,
      taxRateBp: rateBp,
      net,
      tax,
    }));
  }
  const subtotal = lines.reduce((sum, l) => sum + l.net, 0);
  const taxTotal = lines.reduce((sum, l) => sum + l.tax, 0);
  const total = subtotal + taxTotal;
  if (total <= 0) {
    throw new DomainError('invalid', 'A credit note must credit something', {
      issues: [{ path: input.lines ? 'json.lines' : 'json.amount', message: 'Total is zero' }],
    });
  }
  const available = Number(invoice.total) - Number(invoice.credited);
  if (total > available) {
    throw new DomainError(
      'credit-exceeds-invoice',
      `The credit note totals ${total} minor units; only ${available} of the invoice's ${invoice.total} are left to credit`,
    );
  }
  const [counter] = await tx<{ seq: number; prefix: string }[]>`
    insert into invoice_settings (tenant_id, next_credit_note_number) values (${tenantId}, 2)
    on conflict (tenant_id) do update set next_credit_note_number = invoice_settings.next_credit_note_number + 1
    returning next_credit_note_number - 1 as seq, credit_note_prefix as prefix`;
  const [note] = await tx<{ id: string }[]>`
    insert into credit_notes (tenant_id, invoice_id, seq, number, reason, issue_date, subtotal, tax_total, total,
                              created_at)
    values (${tenantId}, ${invoiceId}, ${counter!.seq}, ${counter!.prefix + String(counter!.seq).padStart(4, '0')},
            ${input.reason ?? null}, ${now.toISOString().slice(0, 10)}, ${subtotal}, ${taxTotal}, ${total}, ${now})
    returning id`;
  await tx`
    insert into credit_note_lines (tenant_id, credit_note_id, position, description, quantity_milli, unit_price,
                                   discount_bp, tax_rate_bp, net, tax)
    select ${tenantId}, ${note!.id}, l.* from unnest(
      ${lines.map((_, i) => i + 1)}::int[], ${lines.map((l) => l.description)}::text[],
      ${lines.map((l) => l.quantityMilli)}::bigint[], ${lines.map((l) => l.unitPrice)}::bigint[],
      ${lines.map((l) => l.discountBp)}::int[], ${lines.map((l) => l.taxRateBp)}::int[],
      ${lines.map((l) => l.net)}::bigint[], ${lines.map((l) => l.tax)}::bigint[]) as l`;
  await recomputeInvoice(tx, invoiceId, now);
  return (await listCreditNotes(tx, invoiceId)).find((n) => n.id === note!.id)!;
}

/** An invoice's credit notes with their lines, oldest first; 404 for an invoice not of this tenant. */
export async function listCreditNotes(tx: Tx, invoiceId: string): Promise<CreditNoteView[]> {
  const [invoice] = await tx`select 1 from invoices where id = ${invoiceId}`;
  if (!invoice) throw notFound('Invoice');
  const rows = await tx<
    {
      id: string;
      number: string;
      invoiceId: string;
      currency: string;
      issueDate: string;
      reason: string | null;
      subtotal: string;
      taxTotal: string;
      total: string;
      createdAt: Date;
      lines: StoredLine[];
    }[]
  >`
    select n.id, n.number, n.invoice_id as "invoiceId", i.currency, to_char(n.issue_date, 'YYYY-MM-DD') as "issueDate",
           n.reason, n.subtotal, n.tax_total as "taxTotal", n.total, n.created_at as "createdAt",
           (select json_agg(json_build_object('description', l.description, 'quantityMilli', l.quantity_milli,
                                              'unitPrice', l.unit_price, 'discountBp', l.discount_bp,
                                              'taxRateBp', l.tax_rate_bp, 'net', l.net, 'tax', l.tax) order by l.position)
              from credit_note_lines l where l.credit_note_id = n.id) as lines
    from credit_notes n join invoices i on i.id = n.invoice_id
    where n.invoice_id = ${invoiceId} order by n.seq`;
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    invoiceId: row.invoiceId,
    currency: row.currency,
    issueDate: row.issueDate,
    reason: row.reason,
    lines: row.lines.map((l) => ({
      description: l.description,
      quantity: Number(l.quantityMilli) / 1000,
      unitPrice: Number(l.unitPrice),
      discountPercent: l.discountBp / 100,
      taxRate: l.taxRateBp / 100,
      net: Number(l.net),
      tax: Number(l.tax),
    })),
    subtotal: Number(row.subtotal),
    taxTotal: Number(row.taxTotal),
    total: Number(row.total),
    createdAt: iso(row.createdAt)!,
  }));
}
