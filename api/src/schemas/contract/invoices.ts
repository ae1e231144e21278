/** The contract shared with the widget (types and plain constants only): invoices. */

/** An invoice as the portal shows it (`GET /v1/portal/invoices[/:id]`); amounts in minor units of `currency`. */
export interface PortalInvoice {
  id: string;
  number: string;
  ticketId: string | null;
  currency: string;
  /** Digits of the currency's minor unit: JPY 0, EUR 2, KWD 3. */
  minorDigits: number;
  /** `refunded`: everything paid was returned; `credited`: credit notes cover the total. Neither is ever due. */
  status: 'draft' | 'sent' | 'partially_paid' | 'paid' | 'partially_refunded' | 'refunded' | 'credited' | 'void';
  overdue: boolean;
  issueDate: string;
  dueDate: string;
  lines: {
    description: string;
    quantity: number;
    unitPrice: number;
    discountPercent: number;
    taxRate: number;
    net: number;
    tax: number;
  }[];
  taxes: { rate: number; net: number; tax: number }[];
  subtotal: number;
  taxTotal: number;
  total: number;
  /** Paid minus refunded. */
  amountPaid: number;
  amountRefunded: number;
  /** The sum of its credit notes. */
  amountCredited: number;
  /** Total − credited − paid; 0 when void, refunded or credited (a refund never makes an invoice due again). */
  amountDue: number;
  /** Credit notes against this invoice, oldest first. */
  creditNotes: { id: string; number: string; issueDate: string; reason: string | null; total: number }[];
  disputed: boolean;
  sentAt: string | null;
  voidedAt: string | null;
  paidAt: string | null;
  createdAt: string;
  /** Open, with an amount due, and the company takes card payments: offer "Pay". */
  payable: boolean;
}
