import { createRoute, z } from '@hono/zod-openapi';
import { feedbackSummary, listFeedback } from '../db/feedback';
import { commonErrors, jsonResponse } from '../schemas/common';
import { AdminFeedback, FeedbackFilter, FeedbackListQuery, FeedbackSummary } from '../schemas/feedback';
import { router } from './deps';

const security = [{ apiKey: [] }];
const tags = ['Admin: feedback'];

/** The customers' feedback: each answer, and aggregates per project, profile and period. */
export function adminFeedbackRoutes() {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/feedback',
        tags,
        security,
        summary: 'Feedback given, newest first, filtered by project, profile and period',
        request: { query: FeedbackListQuery },
        responses: { 200: jsonResponse(z.object({ items: z.array(AdminFeedback) }), 'Feedback'), ...commonErrors },
      }),
      async (c) => {
        const { limit, ...filter } = c.req.valid('query');
        return c.json({ items: await c.var.tx((tx) => listFeedback(tx, filter, limit)) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/feedback/summary',
        tags,
        security,
        summary: 'Count, average rating, distribution of stars and answers per option',
        request: { query: FeedbackFilter },
        responses: { 200: jsonResponse(FeedbackSummary, 'Aggregates'), ...commonErrors },
      }),
      async (c) => c.json(await c.var.tx((tx) => feedbackSummary(tx, c.req.valid('query'))), 200),
    );
}
