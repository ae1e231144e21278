import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { jobViewer, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonResponse } from '../schemas/common';
import { JobsQuery, PortalJob, PortalJobPage } from '../schemas/jobs';
import { jobPage, portalJob } from '../services/jobs';
import { router, type AppDeps } from './deps';

const security = [{ session: [] }];
const tags = ['Portal: jobs'];

/** The customer's jobs: active ones and the service history, searchable (DESIGN §5.1). */
export function portalJobRoutes({ db }: Pick<AppDeps, 'db'>, auth: MiddlewareHandler<AppEnv>) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/jobs',
        tags,
        security,
        middleware: [auth, requireScope('track')] as const,
        summary:
          'The customer’s active jobs (in progress first) or service history (newest completion first), each cursor-paginated; a ticket-link session sees its one ticket (scope: track)',
        request: { query: JobsQuery },
        responses: {
          200: jsonResponse(PortalJobPage, 'One page of jobs'),
          ...commonErrors,
          400: errorResponse('VALIDATION_FAILED, CURSOR_INVALID, SEARCH_TERM_INVALID or SEARCH_TERM_TOO_LONG'),
          403: errorResponse('SCOPE_REQUIRED'),
        },
      }),
      async (c) => {
        return c.json(await jobPage(db, jobViewer(c), c.req.valid('query')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/jobs/{id}',
        tags,
        security,
        middleware: [auth, requireScope('track')] as const,
        summary: 'One of the customer’s jobs, with the sections this session may open for it (scope: track)',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(PortalJob, 'The job'),
          403: errorResponse('SCOPE_REQUIRED'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await portalJob(db, jobViewer(c), id), 200);
      },
    );
}
