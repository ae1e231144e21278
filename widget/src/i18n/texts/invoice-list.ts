import type { CommonTexts } from '../translation.js';

/** `<porch-invoice-list>`. */
export interface InvoiceListTexts extends CommonTexts {
  heading: string;
  empty: string;
  loadFailed: string;
  number: string;
  date: string;
  dueDate: string;
  total: string;
  status: Record<'paid' | 'due' | 'overdue' | 'void' | 'refunded' | 'partially-refunded' | 'credited', string>;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  discount: (percent: string) => string;
  subtotal: string;
  taxAt: (rate: string, net: string) => string;
  paid: string;
  /** The row of money returned to the customer. */
  refunded: string;
  /** A credit note's row under the invoice's total. */
  creditNote: (number: string, date: string) => string;
  amountDue: string;
  details: (number: string) => string;
  download: string;
  downloadFailed: string;
  pay: string;
  payFailed: string;
  paidNotice: string;
  cancelledNotice: string;
}
