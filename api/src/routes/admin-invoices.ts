import { createRoute, z } from '@hono/zod-openapi';
import { getInvoiceSettings } from '../db/invoice-payments';
import { createInvoice, getInvoice, listInvoices, updateDraft, voidInvoice } from '../db/invoices';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { Invoice, InvoiceCreate, InvoicePatch, InvoiceSettings, InvoiceSettingsPatch } from '../schemas/invoices';
import { sendInvoice, updateInvoiceSettings } from '../services/invoices';
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
        summary: 'The tenant’s invoices, newest first; optionally one customer’s',
        request: { query: z.object({ customerId: z.uuid().optional() }) },
        responses: { 200: jsonResponse(z.object({ items: z.array(Invoice) }), 'Invoices'), ...commonErrors },
      }),
      async (c) => {
        const { customerId } = c.req.valid('query');
        return c.json({ items: await c.var.tx((tx) => listInvoices(tx, clock.now(), customerId)) }, 200);
      },
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
