import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../lib/errors';
import { requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { CheckoutCreated, PortalInvoice, type InvoiceView } from '../schemas/invoices';
import { invoicePdf, isEmbeddableImage } from '../services/invoice-pdf';
import { customerInvoice, customerInvoices, invoiceForPdf, type InvoiceViewer } from '../services/invoices';
import type { GuardedFetch } from '../lib/guarded-fetch';
import type { Payments } from '../services/payments';
import { readLogo, storedLogo } from '../db/logos';
import { router, type AppDeps } from './deps';

const tags = ['Portal'];
const security = [{ session: [] }];

const viewer = (c: Context<AppEnv>): InvoiceViewer => {
  const { tenantId, customerId, ticketId } = c.var.session;
  return { tenantId, customerId, ticketId };
};

const forPortal = ({ customerId: _, ...invoice }: InvoiceView, payments: boolean) => ({
  ...invoice,
  payable: payments && ['sent', 'partially_paid'].includes(invoice.status) && invoice.amountDue > 0,
});

/** The customer's invoices: list, detail, PDF and paying online (scopes `invoices` and `pay`). */
export function portalInvoiceRoutes(
  { db, clock }: Pick<AppDeps, 'db' | 'clock'>,
  payments: Payments,
  auth: MiddlewareHandler<AppEnv>,
  outbound: GuardedFetch,
) {
  /**
   * The profile's logo for the PDF: an uploaded one read from the database, an older URL fetched like any tenant URL
   * (public https only); any failure leaves it out.
   */
  const logoOf = async (c: Context<AppEnv>, url: string | null) => {
    if (!url) return null;
    const stored = storedLogo(url);
    if (stored) return c.var.tx((tx) => readLogo(tx, stored.hash, stored.type)).catch(() => null);
    try {
      const response = await outbound.fetch(url, { timeoutMs: 3000, maxBytes: 512 * 1024 });
      const bytes = Buffer.from(await response.arrayBuffer());
      return response.ok && isEmbeddableImage(bytes) ? bytes : null;
    } catch {
      return null;
    }
  };
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/invoices',
        tags,
        security,
        middleware: [auth, requireScope('invoices')] as const,
        summary: 'The customer’s invoices (sent, paid or void; never drafts), newest first (scope: invoices)',
        responses: {
          200: jsonResponse(z.object({ items: z.array(PortalInvoice) }), 'Invoices'),
          403: errorResponse('SCOPE_REQUIRED'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const [items, canPay] = await Promise.all([
          customerInvoices(db, viewer(c), clock.now()),
          payments.enabled(c.var.session.tenantId),
        ]);
        const pay = canPay && c.var.session.scopes.includes('pay');
        return c.json({ items: items.map((i) => forPortal(i, pay)) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/invoices/{id}',
        tags,
        security,
        middleware: [auth, requireScope('invoices')] as const,
        summary: 'One invoice with lines, taxes per rate and totals (scope: invoices)',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(PortalInvoice, 'The invoice'),
          403: errorResponse('SCOPE_REQUIRED'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const invoice = await customerInvoice(db, viewer(c), c.req.valid('param').id, clock.now());
        const pay = c.var.session.scopes.includes('pay') && (await payments.enabled(c.var.session.tenantId));
        return c.json(forPortal(invoice, pay), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/invoices/{id}/pdf',
        tags,
        security,
        middleware: [auth, requireScope('invoices')] as const,
        summary: 'The invoice as a PDF, streamed (scope: invoices)',
        request: { params: IdParams },
        responses: {
          200: {
            description: 'The PDF',
            content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
          },
          403: errorResponse('SCOPE_REQUIRED'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const {
          invoice,
          parties: { logoUrl, ...parties },
        } = await invoiceForPdf(db, viewer(c), c.req.valid('param').id, clock.now());
        const logo = await logoOf(c, logoUrl);
        const name = `${invoice.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
        return c.body(invoicePdf({ invoice, ...parties, logo }), 200, {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="${name}"`,
        });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/invoices/{id}/checkout',
        tags,
        security,
        middleware: [auth, requireScope('pay')] as const,
        summary:
          'Start paying the invoice online: a Stripe Checkout Session for the amount due, whose URL the customer ' +
          'opens; they come back to `returnUrl` (an allowed origin) with `#invoice=<id>&checkout=paid|cancelled` (scope: pay)',
        request: {
          params: IdParams,
          body: jsonBody(z.strictObject({ returnUrl: z.url().max(2000) }).openapi('CheckoutCreate')),
        },
        responses: {
          ...commonErrors,
          200: jsonResponse(CheckoutCreated, 'The Checkout page'),
          403: errorResponse('SCOPE_REQUIRED'),
          409: errorResponse('`INVOICE_NOT_PAYABLE` (void, paid), `PAYMENTS_NOT_CONFIGURED`'),
          503: errorResponse('`PAYMENT_PROVIDER_UNAVAILABLE`, or the database is unavailable'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { returnUrl } = c.req.valid('json');
        if (!c.var.portalTenant.allowedOrigins.includes(new URL(returnUrl).origin)) {
          throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', {
            issues: [{ path: 'json.returnUrl', message: 'Not on an origin the company allows' }],
          });
        }
        await customerInvoice(db, viewer(c), id, clock.now());
        const { tenantId, customerId } = c.var.session;
        return c.json(await payments.checkout(tenantId, customerId, id, returnUrl), 200);
      },
    );
}
