import { createRoute, z } from '@hono/zod-openapi';
import { getInvoiceSettings } from '../db/invoice-payments';
import { createCreditNote, listCreditNotes } from '../db/credit-notes';
import { createInvoice, getInvoice, updateDraft, voidInvoice } from '../db/invoices';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import {
  CreditNote,
  CreditNoteCreate,
  Invoice,
  InvoiceCreate,
  InvoiceListQuery,
  InvoicePatch,
  InvoiceSettings,
  InvoiceSettingsPatch,
} from '../schemas/invoices';
import { invoicePage, sendInvoice, updateInvoiceSettings } from '../services/invoices';
import type { Payments } from '../services/payments';
import { router, type AppDeps } from './deps';

const security = [{ apiKey: [] }];
const tags = ['Admin: invoices'];

/** Invoices for customers: drafts, sending (mail with a login link), voiding, and the invoice settings with Stripe. */
export function adminInvoiceRoutes({ db, clock }: Pick<AppDeps, 'db' | 'clock'>, payments: Payments) {
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/invoices',
        tags,
        security,
        summary: 'Create a draft invoice with its lines; it takes the tenant’s next number (no gaps, no duplicates)',
        request: { body: jsonBody(InvoiceCreate) },
        responses: {
          201: jsonResponse(Invoice, 'The draft'),
          ...commonErrors,
          400: errorResponse('`VALIDATION_FAILED`: bad lines, unknown currency, amounts beyond 2^53 − 1 minor units'),
        },
      }),
      async (c) => {
        const input = c.req.valid('json');
        return c.json(await c.var.tx((tx) => createInvoice(tx, c.var.tenantId, input, clock.now())), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/invoices',
        tags,
        security,
        summary:
          'The tenant’s invoices, newest first (by number), a page at a time; optionally one customer’s. ' +
          '`nextCursor` continues where the page ended, unaffected by invoices created meanwhile',
        request: { query: InvoiceListQuery },
        responses: {
          200: jsonResponse(
            z.object({ items: z.array(Invoice), nextCursor: z.string().nullable() }),
            'Invoices and the cursor of the next page (null on the last)',
          ),
          ...commonErrors,
          400: errorResponse('`CURSOR_INVALID`: not a cursor of this list (or of another customer filter)'),
        },
      }),
      async (c) => c.json(await invoicePage(db, c.var.tenantId, c.req.valid('query'), clock.now()), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/invoices/{id}',
        tags,
        security,
        summary: 'One invoice with its lines, taxes per rate and totals',
        request: { params: IdParams },
        responses: { 200: jsonResponse(Invoice, 'The invoice'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await c.var.tx((tx) => getInvoice(tx, id, clock.now())), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/invoices/{id}',
        tags,
        security,
        summary: 'Change a draft’s due date or lines; a sent invoice is immutable (void it and create a new one)',
        request: { params: IdParams, body: jsonBody(InvoicePatch) },
        responses: {
          200: jsonResponse(Invoice, 'The draft'),
          409: errorResponse('`INVOICE_NOT_DRAFT`'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const patch = c.req.valid('json');
        return c.json(await c.var.tx((tx) => updateDraft(tx, c.var.tenantId, id, patch, clock.now())), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/invoices/{id}/send',
        tags,
        security,
        summary:
          'Send a draft: it becomes immutable, the customer is mailed a login link that opens this invoice ' +
          '(through the outbox, in the same transaction) and `invoice_sent` actions fire',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(Invoice.extend({ messageId: z.uuid() }), 'The sent invoice and its queued mail'),
          409: errorResponse('`INVOICE_NOT_DRAFT`'),
          422: errorResponse('`CUSTOMER_EMAIL_MISSING`: nothing changed'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { invoice, messageId } = await sendInvoice(db, c.var.tenantId, id, clock.now());
        return c.json({ ...invoice, messageId }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/invoices/{id}/void',
        tags,
        security,
        summary: 'Void a draft or an unpaid invoice (corrections: void, then a new invoice)',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(Invoice, 'The void invoice'),
          409: errorResponse('`CONFLICT`: it has payments'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await c.var.tx((tx) => voidInvoice(tx, id, clock.now())), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/invoices/{id}/credit-notes',
        tags,
        security,
        summary:
          'Credit a sent invoice, with lines or a gross amount: the credit note takes the tenant’s next credit-note ' +
          'number (no gaps) and lowers the amount due; all credit notes together cannot exceed the invoice’s total',
        request: { params: IdParams, body: jsonBody(CreditNoteCreate) },
        responses: {
          201: jsonResponse(CreditNote, 'The credit note'),
          409: errorResponse('`INVOICE_NOT_CREDITABLE` (draft or void), `CREDIT_EXCEEDS_INVOICE`'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        return c.json(await c.var.tx((tx) => createCreditNote(tx, c.var.tenantId, id, input, clock.now())), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/invoices/{id}/credit-notes',
        tags,
        security,
        summary: 'An invoice’s credit notes with their lines, oldest first',
        request: { params: IdParams },
        responses: { 200: jsonResponse(z.object({ items: z.array(CreditNote) }), 'Credit notes'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json({ items: await c.var.tx((tx) => listCreditNotes(tx, id)) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/invoice-settings',
        tags,
        security,
        summary: 'Number prefix, next number, the address and country printed on invoices, whether Stripe is connected',
        responses: { 200: jsonResponse(InvoiceSettings, 'Invoice settings'), ...commonErrors },
      }),
      async (c) => c.json(await c.var.tx(getInvoiceSettings), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/invoice-settings',
        tags,
        security,
        summary: 'Change the invoice settings; `stripe` connects the tenant’s Stripe account (stored encrypted)',
        request: { body: jsonBody(InvoiceSettingsPatch) },
        responses: {
          200: jsonResponse(InvoiceSettings, 'Invoice settings'),
          ...commonErrors,
        },
      }),
      async (c) => {
        return c.json(await updateInvoiceSettings(db, payments, c.var.tenantId, c.req.valid('json')), 200);
      },
    );
}
