import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { listComments } from '../db/comments';
import { ensureJobSection, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { TicketComment } from '../schemas/activation';
import { commonErrors, errorResponse, IdParams, jsonResponse } from '../schemas/common';
import { router } from './deps';

/**
 * `GET /v1/portal/tickets/:id/comments`: what the company wrote on the ticket (automated "create info" actions).
 * Reading needs `track` and the job's profile's `updates` module (else 403 SCOPE_REQUIRED); ticket links carry no
 * `comments` scope. Writing a comment (the support thread) will need `comments`. A customer-wide session (login link,
 * company identity) reads the comments of its customer's tickets, as it reads their timelines.
 */
export function portalCommentRoutes(auth: MiddlewareHandler<AppEnv>) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/tickets/{id}/comments',
      tags: ['Portal'],
      security: [{ session: [] }],
      middleware: [auth, requireScope('track')] as const,
      summary: 'The ticket’s comments and infos, oldest first (scope: track)',
      request: { params: IdParams },
      responses: {
        200: jsonResponse(
          z.object({
            timezone: z.string().describe('IANA zone of the ticket’s site, in which the portal shows the times'),
            items: z.array(TicketComment),
          }),
          'Comments',
        ),
        403: errorResponse('SCOPE_REQUIRED (also when the job’s profile leaves out the updates module)'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await ensureJobSection(c, id, 'updates');
      return c.json(await c.var.tx((tx) => listComments(tx, id)), 200);
    },
  );
}
