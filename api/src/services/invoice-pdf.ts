import { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { InvoiceView } from '../schemas/invoices';

/** US and Canada print on Letter; everyone else on A4. */
export const paperFor = (country: string | null) => (country === 'US' || country === 'CA' ? 'LETTER' : 'A4');

const LABELS = {
  en: {
    invoice: 'Invoice',
    date: 'Date',
    due: 'Due',
    to: 'Bill to',
    description: 'Description',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    discount: 'Discount',
    tax: 'Tax',
    amount: 'Amount',
    subtotal: 'Subtotal',
    taxAt: (rate: string) => `Tax ${rate} on`,
    total: 'Total',
    paid: 'Paid',
    refunded: 'Refunded',
    creditNote: (number: string, day: string) => `Credit note ${number} of ${day}`,
    amountDue: 'Amount due',
    void: 'VOID',
    fullyRefunded: 'REFUNDED',
  },
  de: {
    invoice: 'Rechnung',
    date: 'Datum',
    due: 'Fällig',
    to: 'Rechnung an',
    description: 'Beschreibung',
    quantity: 'Menge',
    unitPrice: 'Einzelpreis',
    discount: 'Rabatt',
    tax: 'USt.',
    amount: 'Betrag',
    subtotal: 'Zwischensumme',
    taxAt: (rate: string) => `USt. ${rate} auf`,
    total: 'Gesamt',
    paid: 'Bezahlt',
    refunded: 'Erstattet',
    creditNote: (number: string, day: string) => `Gutschrift ${number} vom ${day}`,
    amountDue: 'Offen',
    void: 'STORNIERT',
    fullyRefunded: 'ERSTATTET',
  },
};

export interface InvoiceDocument {
  invoice: InvoiceView;
  company: string;
  address: string | null;
  country: string | null;
  customer: string;
  locale: string | null;
  /** The company's logo (PNG or JPEG bytes), printed top right when given. */
  logo?: Buffer | null;
}

/** PNG and JPEG are what pdfkit embeds; anything else (SVG, WebP) is left out rather than failing the PDF. */
export function isEmbeddableImage(bytes: Buffer): boolean {
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return png || jpeg;
}

/**
 * The invoice as a PDF with real (selectable, searchable) text in the standard Helvetica: company, customer, every
 * line, taxes per rate and totals, amounts by `Intl.NumberFormat` in the invoice's currency. Returned as a stream
 * that pdfkit fills page by page, never buffered whole.
 */
export function invoicePdf({
  invoice,
  company,
  address,
  country,
  customer,
  locale,
  logo,
}: InvoiceDocument): ReadableStream {
  const language = locale?.slice(0, 2) === 'de' ? 'de' : 'en';
  const t = LABELS[language];
  const tag = language === 'de' ? 'de-DE' : 'en-US';
  const money = new Intl.NumberFormat(tag, { style: 'currency', currency: invoice.currency });
  const amount = (minor: number) => money.format(minor / 10 ** invoice.minorDigits);
  const percent = (value: number) => `${new Intl.NumberFormat(tag, { maximumFractionDigits: 2 }).format(value)} %`;
  const date = (day: string) =>
    new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

  const stamp = invoice.status === 'void' ? t.void : invoice.status === 'refunded' ? t.fullyRefunded : null;
  const doc = new PDFDocument({
    size: paperFor(country),
    margin: 50,
    info: { Title: `${t.invoice} ${invoice.number}`, Author: company },
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const columns = [
    { key: 'description', x: left, w: width * 0.4, align: 'left' as const },
    { key: 'quantity', x: left + width * 0.4, w: width * 0.1, align: 'right' as const },
    { key: 'unitPrice', x: left + width * 0.5, w: width * 0.17, align: 'right' as const },
    { key: 'tax', x: left + width * 0.67, w: width * 0.12, align: 'right' as const },
    { key: 'amount', x: left + width * 0.79, w: width * 0.21, align: 'right' as const },
  ];
  const row = (cells: string[], bold = false) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i]!.w - 4 }));
    const height = Math.max(...heights) + 4;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    cells.forEach((cell, i) =>
      doc.text(cell, columns[i]!.x, y, { width: columns[i]!.w - 4, align: columns[i]!.align }),
    );
    doc.x = left;
    doc.y = y + height;
  };

  if (logo) {
    try {
      doc.image(logo, left + width - 120, doc.page.margins.top, { fit: [120, 48], align: 'right' });
    } catch {
      // A corrupt image leaves the logo out; the invoice itself must still render.
    }
  }
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(company, left, doc.page.margins.top, { width: width - 130 });
  doc.font('Helvetica').fontSize(9);
  if (address) doc.text(address);
  doc.moveDown();
  doc
    .font('Helvetica-Bold')
    .fontSize(14)
    .text(`${t.invoice} ${invoice.number}${stamp ? ` — ${stamp}` : ''}`);
  doc.font('Helvetica').fontSize(10);
  doc.text(`${t.date}: ${date(invoice.issueDate)}    ${t.due}: ${date(invoice.dueDate)}`);
  doc.moveDown(0.5);
  doc.text(`${t.to}: ${customer}`);
  doc.moveDown();

  row([t.description, t.quantity, t.unitPrice, t.tax, t.amount], true);
  for (const line of invoice.lines) {
    const description = line.discountPercent
      ? `${line.description} (${t.discount} ${percent(line.discountPercent)})`
      : line.description;
    row([
      description,
      new Intl.NumberFormat(tag, { maximumFractionDigits: 3 }).format(line.quantity),
      amount(line.unitPrice),
      percent(line.taxRate),
      amount(line.net),
    ]);
  }
  doc.moveDown();
  const total = (label: string, value: string, bold = false) => row([label, '', '', '', value], bold);
  total(t.subtotal, amount(invoice.subtotal));
  for (const tax of invoice.taxes) total(`${t.taxAt(percent(tax.rate))} ${amount(tax.net)}`, amount(tax.tax));
  total(t.total, amount(invoice.total), true);
  for (const note of invoice.creditNotes) total(t.creditNote(note.number, date(note.issueDate)), amount(-note.total));
  // amountPaid is net of refunds: the PDF shows what was paid and what went back.
  const paid = invoice.amountPaid + invoice.amountRefunded;
  if (paid > 0) total(t.paid, amount(paid));
  if (invoice.amountRefunded > 0) total(t.refunded, amount(-invoice.amountRefunded));
  if (paid > 0 || invoice.creditNotes.length > 0) total(t.amountDue, amount(invoice.amountDue), true);
  doc.end();
  return Readable.toWeb(doc) as ReadableStream;
}
