import { createRoute } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../lib/errors';
import { requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import { PortalServiceRequest, PortalServiceRequests, ServiceRequestCreate } from '../schemas/service-requests';
import { customerServiceRequests, submitServiceRequest, type RequestViewer } from '../services/service-requests';
import { router, type AppDeps } from './deps';

const tags = ['Portal'];
const security = [{ session: [] }];

/** Requests speak for the customer, not for one job: a ticket-link or shared-view session cannot make them. */
const customerWide = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('session').ticketId !== null) {
    throw new ApiError(403, 'SCOPE_REQUIRED', 'Service requests need a customer-wide session (a login link)');
  }
  await next();
});

const viewer = (c: Context<AppEnv>): RequestViewer => {
  const { tenantId, customerId } = c.var.session;
  return { tenantId, customerId };
};

/** The customer's service requests: ask for a visit, see how the company decided (scope `requests`). */
export function portalServiceRequestRoutes(
  { db, clock }: Pick<AppDeps, 'db' | 'clock'>,
  auth: MiddlewareHandler<AppEnv>,
) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/service-requests',
        tags,
        security,
        middleware: [auth, requireScope('requests'), customerWide] as const,
        summary:
          'The customer’s service requests, newest first, and what the form needs: whether the company takes ' +
          'requests now, its service types and the customer’s locations (scope: requests, customer-wide session)',
        responses: {
          200: jsonResponse(PortalServiceRequests, 'Requests and form'),
          403: errorResponse('`SCOPE_REQUIRED`'),
          ...commonErrors,
        },
      }),
      async (c) => c.json(await customerServiceRequests(db, viewer(c)), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/service-requests',
        tags,
        security,
        middleware: [auth, requireScope('requests'), customerWide] as const,
        summary:
          'Ask for a service at one of the customer’s locations or a new address; confirmed by mail with the ' +
          'reference (scope: requests, customer-wide session)',
        request: { body: jsonBody(ServiceRequestCreate) },
        responses: {
          ...commonErrors,
          201: jsonResponse(PortalServiceRequest, 'The request, pending'),
          400: errorResponse('`VALIDATION_FAILED`: unknown service type, preferred date in the past, …'),
          403: errorResponse(
            '`REQUESTS_DISABLED` (the company switched requests off; nothing is written), `SCOPE_REQUIRED`',
          ),
          404: errorResponse('The location is not the customer’s'),
        },
      }),
      async (c) => c.json(await submitServiceRequest(db, viewer(c), c.req.valid('json'), clock.now()), 201),
    );
}
