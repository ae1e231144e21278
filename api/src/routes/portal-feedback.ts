import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ensureTicketAccess, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { FeedbackSubmit, PortalFeedbackSchema, PortalFeedbackStateSchema } from '../schemas/feedback';
import { feedbackState, submitFeedback } from '../services/feedback';
import { router, type AppDeps } from './deps';

const security = [{ session: [] }];
const tags = ['Portal: feedback'];

/**
 * The customer's feedback after the visit (scope `feedback`): offered once the ticket reached Visit Completed and its
 * profile collects feedback; given once per ticket.
 */
export function portalFeedbackRoutes({ db, clock }: AppDeps, auth: MiddlewareHandler<AppEnv>) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/feedback',
        tags,
        security,
        middleware: [auth, requireScope('feedback')] as const,
        summary: 'Whether feedback is offered, the profile’s questions and the answer given (scope: feedback)',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(PortalFeedbackStateSchema, 'Feedback state'),
          403: errorResponse('SCOPE_REQUIRED'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await ensureTicketAccess(c, id);
        return c.json(await feedbackState(db, c.var.tenantId, id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tickets/{id}/feedback',
        tags,
        security,
        middleware: [auth, requireScope('feedback')] as const,
        summary: 'Give feedback on the visit, once (scope: feedback)',
        request: { params: IdParams, body: jsonBody(FeedbackSubmit) },
        responses: {
          201: jsonResponse(PortalFeedbackSchema, 'The feedback as recorded'),
          403: errorResponse('SCOPE_REQUIRED'),
          409: errorResponse('FEEDBACK_EXISTS (given already) or FEEDBACK_NOT_OFFERED (visit not completed, or off)'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        await ensureTicketAccess(c, id);
        const saved = await submitFeedback(db, c.var.tenantId, id, input, clock.now());
        return c.json(saved, 201);
      },
    );
}
