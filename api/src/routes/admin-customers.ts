import { createRoute } from '@hono/zod-openapi';
import { commonErrors, errorResponse, IdParams, jsonResponse } from '../schemas/common';
import { CustomerDetail, CustomerListQuery, CustomerPage } from '../schemas/customers';
import { customerDetail, customerPage } from '../services/customers';
import { router, type AppDeps } from './deps';

const security: Record<string, string[]>[] = [{ apiKey: [] }, { staffCookie: [] }];
const tags = ['Admin: customers'];

/** The company's customers: the list (search, cursor paging) and one customer with their portal access. */
export function adminCustomerRoutes({ db, clock }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/customers',
        tags,
        security,
        summary: 'List customers by name; with `q`, those whose name, e-mail or phone contain it',
        request: { query: CustomerListQuery },
        responses: {
          200: jsonResponse(CustomerPage, 'Customers, with their portal access'),
          ...commonErrors,
          400: errorResponse('VALIDATION_FAILED, SEARCH_TERM_INVALID, SEARCH_TERM_TOO_LONG or CURSOR_INVALID'),
        },
      }),
      async (c) => c.json(await customerPage(db, c.var.tenantId, c.req.valid('query'), clock.now()), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/customers/{id}',
        tags,
        security,
        summary:
          'A customer: contact data, service addresses, newest tickets and portal access (devices, last sign-in)',
        request: { params: IdParams },
        responses: { 200: jsonResponse(CustomerDetail, 'The customer'), ...commonErrors },
      }),
      async (c) => c.json(await customerDetail(db, c.var.tenantId, c.req.valid('param').id, clock.now()), 200),
    );
}
