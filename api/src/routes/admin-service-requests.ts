import { createRoute } from '@hono/zod-openapi';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import {
  AdminServiceRequest,
  AdminServiceRequestPage,
  AdminServiceRequestsQuery,
  ServiceRequestApprove,
  ServiceRequestDecided,
  ServiceRequestDecline,
} from '../schemas/service-requests';
import { adminServiceRequests, approveServiceRequest, declineServiceRequest } from '../services/service-requests';
import { router, type AppDeps } from './deps';

const security = [{ apiKey: [] }];
const tags = ['Admin: service requests'];

/** The dispatcher's side of service requests: the list, approving (a ticket) and declining (with a reason). */
export function adminServiceRequestRoutes({ db, clock }: Pick<AppDeps, 'db' | 'clock'>) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/service-requests',
        tags,
        security,
        summary: 'The tenant’s service requests, newest first; filter by status, continue with `nextCursor`',
        request: { query: AdminServiceRequestsQuery },
        responses: {
          200: jsonResponse(AdminServiceRequestPage, 'One page'),
          ...commonErrors,
          400: errorResponse('`VALIDATION_FAILED`, `CURSOR_INVALID`'),
        },
      }),
      async (c) => c.json(await adminServiceRequests(db, c.var.tenantId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/service-requests/{id}/approve',
        tags,
        security,
        summary:
          'Approve a pending request: creates its ticket (linked, in the customer’s active jobs), fires ' +
          '`ticket_created` and `service_request_decided` actions and mails the customer, in one transaction',
        request: { params: IdParams, body: jsonBody(ServiceRequestApprove) },
        responses: {
          200: jsonResponse(ServiceRequestDecided, 'The request and its ticket'),
          409: errorResponse('`REQUEST_ALREADY_DECIDED`'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await approveServiceRequest(db, c.var.tenantId, id, c.req.valid('json'), clock.now()), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/service-requests/{id}/decline',
        tags,
        security,
        summary: 'Decline a pending request with the reason the customer reads (portal and mail)',
        request: { params: IdParams, body: jsonBody(ServiceRequestDecline) },
        responses: {
          200: jsonResponse(AdminServiceRequest, 'The request, declined'),
          409: errorResponse('`REQUEST_ALREADY_DECIDED`'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { reason } = c.req.valid('json');
        return c.json(await declineServiceRequest(db, c.var.tenantId, id, reason, clock.now()), 200);
      },
    );
}
