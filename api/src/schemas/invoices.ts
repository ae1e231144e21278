import { z } from '@hono/zod-openapi';
import { isCurrency } from '../lib/money';

/** A decimal with at most `places` decimal places (quantities 3, percentages 2), as a JSON number. */
const decimal = (places: number) =>
  z.number().refine((value) => Math.abs(value * 10 ** places - Math.round(value * 10 ** places)) < 1e-6, {
    message: `At most ${places} decimal places`,
  });

const Money = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const InvoiceLineInput = z.strictObject({
  description: z.string().trim().min(1).max(500),
  quantity: decimal(3).and(z.number().positive().max(1_000_000)).openapi({ example: 1.5 }),
  unitPrice: Money.openapi({ description: 'Minor units of the currency per unit (1999 EUR = 19.99 €)' }),
  discountPercent: decimal(2).and(z.number().min(0).max(100)).default(0),
  taxRate: decimal(2).and(z.number().min(0).max(100)).default(0).openapi({ description: 'Percent, e.g. 19' }),
});

const DateOnly = z.iso.date();

export const InvoiceCreate = z
  .strictObject({
    customerId: z.uuid(),
    ticketId: z.uuid().optional(),
    currency: z.string().refine(isCurrency, { message: 'Unknown ISO 4217 currency' }).openapi({ example: 'EUR' }),
    issueDate: DateOnly.optional().openapi({ description: 'Defaults to today (UTC)' }),
    dueDate: DateOnly,
    lines: z.array(InvoiceLineInput).min(1).max(200),
  })
  .openapi('InvoiceCreate');
export type InvoiceCreateInput = z.infer<typeof InvoiceCreate>;

export const InvoicePatch = z
  .strictObject({ dueDate: DateOnly.optional(), lines: z.array(InvoiceLineInput).min(1).max(200).optional() })
  .openapi('InvoicePatch');
export type InvoicePatchInput = z.infer<typeof InvoicePatch>;

export const INVOICE_STATUSES = [
  'draft',
  'sent',
  'partially_paid',
  'paid',
  'partially_refunded',
  'refunded',
  'credited',
  'void',
] as const;

const CreditNoteSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  issueDate: z.string(),
  reason: z.string().nullable(),
  total: z.number().int(),
});

const InvoiceLine = z.object({
  description: z.string(),
  quantity: z.number(),
  unitPrice: z.number().int(),
  discountPercent: z.number(),
  taxRate: z.number(),
  net: z.number().int().describe('Quantity × unit price − discount, rounded to minor units'),
  tax: z.number().int().describe('net × rate, rounded to minor units'),
});

export const Invoice = z
  .object({
    id: z.uuid(),
    number: z.string(),
    customerId: z.uuid(),
    ticketId: z.uuid().nullable(),
    currency: z.string(),
    minorDigits: z.number().int().describe('Digits of the minor unit: JPY 0, EUR 2, KWD 3'),
    status: z.enum(INVOICE_STATUSES),
    overdue: z.boolean().describe('Sent or partially paid and past the due date'),
    issueDate: z.string(),
    dueDate: z.string(),
    lines: z.array(InvoiceLine),
    taxes: z.array(z.object({ rate: z.number(), net: z.number().int(), tax: z.number().int() })),
    subtotal: z.number().int(),
    taxTotal: z.number().int(),
    total: z.number().int(),
    amountPaid: z.number().int().describe('Paid minus refunded'),
    amountRefunded: z.number().int(),
    amountCredited: z.number().int().describe('The sum of its credit notes'),
    amountDue: z
      .number()
      .int()
      .describe('Total − credited − paid (refunds never make it due again); 0 when void, refunded or credited'),
    creditNotes: z.array(CreditNoteSummary),
    disputed: z.boolean(),
    sentAt: z.string().nullable(),
    voidedAt: z.string().nullable(),
    paidAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Invoice');
export type InvoiceView = z.infer<typeof Invoice>;

export const PortalInvoice = Invoice.omit({ customerId: true })
  .extend({ payable: z.boolean().describe('Open, with an amount due, and the company takes card payments') })
  .openapi('PortalInvoice');

export const InvoiceSettings = z
  .object({
    prefix: z.string(),
    nextNumber: z.number().int(),
    creditNotePrefix: z.string(),
    nextCreditNoteNumber: z.number().int(),
    address: z.string().nullable(),
    country: z.string().nullable(),
    stripeConfigured: z.boolean(),
  })
  .openapi('InvoiceSettings');

export const InvoiceSettingsPatch = z
  .strictObject({
    prefix: z
      .string()
      .max(20)
      .regex(/^[A-Za-z0-9 ._/-]*$/)
      .optional(),
    creditNotePrefix: z
      .string()
      .max(20)
      .regex(/^[A-Za-z0-9 ._/-]*$/)
      .optional(),
    address: z.string().max(500).nullable().optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .nullable()
      .optional(),
    stripe: z
      .strictObject({
        secretKey: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/),
        webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9+/=]{8,}$/),
      })
      .nullable()
      .optional()
      .openapi({ description: 'The tenant’s own Stripe account; null disconnects it. Stored encrypted, never shown' }),
  })
  .openapi('InvoiceSettingsPatch');
export type InvoiceSettingsPatchInput = z.infer<typeof InvoiceSettingsPatch>;

export const CheckoutCreated = z
  .object({ url: z.string().describe('Stripe Checkout page to send the customer to') })
  .openapi('CheckoutCreated');

export const CreditNoteCreate = z
  .strictObject({
    reason: z.string().trim().min(1).max(500).optional(),
    lines: z
      .array(InvoiceLineInput)
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'What is credited, line by line' }),
    amount: Money.min(1)
      .optional()
      .openapi({ description: 'Or a gross amount in minor units, split over the invoice’s tax rates in proportion' }),
  })
  .superRefine((value, ctx) => {
    if ((value.lines === undefined) === (value.amount === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['lines'], message: 'Give either lines or amount' });
    }
  })
  .openapi('CreditNoteCreate');
export type CreditNoteCreateInput = z.infer<typeof CreditNoteCreate>;

export const CreditNote = z
  .object({
    id: z.uuid(),
    number: z.string().describe('From the tenant’s credit-note counter: no gaps, no duplicates'),
    invoiceId: z.uuid(),
    currency: z.string(),
    issueDate: z.string(),
    reason: z.string().nullable(),
    lines: z.array(InvoiceLine),
    subtotal: z.number().int(),
    taxTotal: z.number().int(),
    total: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('CreditNote');
export type CreditNoteView = z.infer<typeof CreditNote>;

export const InvoiceListQuery = z.object({
  customerId: z
    .uuid()
    .optional()
    .openapi({ param: { name: 'customerId', in: 'query' } }),
  /** From the previous page's `nextCursor`. */
  cursor: z
    .string()
    .max(512)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' } }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' } }),
});
