import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { getJob, listJobs } from '../db/jobs';
import { notFound } from '../lib/errors';
import { jobViewer, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonResponse } from '../schemas/common';
import type { StatusKey } from '../schemas/contract';
import { JobsQuery, PortalJob, PortalJobPage } from '../schemas/jobs';
import { checkSearchTerm, decodeCursor, encodeCursor, searchFor } from '../services/jobs';
import { router } from './deps';

const security = [{ session: [] }];
const tags = ['Portal: jobs'];

/** The customer's jobs: active ones and the service history, searchable (DESIGN §5.1). */
export function portalJobRoutes(auth: MiddlewareHandler<AppEnv>) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/jobs',
        tags,
        security,
        middleware: [auth, requireScope('track')] as const,
        summary:
          'The customer’s active jobs (in progress first) or service history (newest completion first, cursor-paginated); a ticket-link session sees its one ticket (scope: track)',
        request: { query: JobsQuery },
        responses: {
          200: jsonResponse(PortalJobPage, 'One page of jobs'),
          ...commonErrors,
          400: errorResponse('VALIDATION_FAILED, CURSOR_INVALID, SEARCH_TERM_INVALID or SEARCH_TERM_TOO_LONG'),
          403: errorResponse('SCOPE_REQUIRED'),
        },
      }),
      async (c) => {
        const { cursor, limit, ...filters } = c.req.valid('query');
        const viewer = jobViewer(c);
        const term = filters.q === undefined ? undefined : checkSearchTerm(filters.q);
        const binding = {
          customerId: viewer.customerId,
          ticketId: viewer.ticketId,
          query: { ...filters, q: term, limit: String(limit) },
        };
        const after = cursor === undefined ? undefined : decodeCursor(cursor, binding);
        const rows = await c.var.tx(async (tx) =>
          listJobs(tx, viewer, {
            view: filters.view,
            search: term === undefined ? undefined : await searchFor(tx, term),
            statuses: filters.status?.split(',') as StatusKey[] | undefined,
            from: filters.from,
            to: filters.to,
            location: filters.location,
            after,
            limit: filters.view === 'history' ? limit + 1 : 100,
          }),
        );
        const more = filters.view === 'history' && rows.length > limit;
        const items = more ? rows.slice(0, limit) : rows;
        const last = items.at(-1);
        const nextCursor = more && last ? encodeCursor({ completedAt: last.completedAt!, id: last.id }, binding) : null;
        return c.json({ items, nextCursor }, 200);
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
        const job = await c.var.tx((tx) => getJob(tx, jobViewer(c), id));
        if (!job) throw notFound('Job');
        return c.json(job, 200);
      },
    );
}
