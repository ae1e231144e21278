import { createRoute } from '@hono/zod-openapi';
import { listMessages } from '../db/messages';
import { commonErrors, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { Message, MessageThread, NewCompanyMessage } from '../schemas/messages';
import { postMessage } from '../services/messages';
import { router, type AppDeps } from './deps';

const security = [{ apiKey: [] }];
const tags = ['Admin: messages'];

/**
 * The company's side of a ticket's thread: read it (with the customer's unread count) and reply. `…/thread`, since
 * `GET /v1/admin/tickets/:id/messages` is the outbox's list of what went out.
 */
export function adminMessageRoutes({ db, clock, bus }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/thread',
        tags,
        security,
        summary: 'The ticket’s thread, oldest first; `unread` is what the customer has not read yet',
        request: { params: IdParams },
        responses: { 200: jsonResponse(MessageThread, 'The thread'), ...commonErrors },
      }),
      async (c) => c.json(await c.var.tx((tx) => listMessages(tx, c.req.valid('param').id)), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tickets/{id}/thread',
        tags,
        security,
        summary: 'Reply to the customer: live in an open portal, and mailed (at most one mail per ticket per 10 min)',
        request: { params: IdParams, body: jsonBody(NewCompanyMessage) },
        responses: { 201: jsonResponse(Message, 'The message as written'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { body, authorName } = c.req.valid('json');
        const message = { ticketId: id, author: 'company' as const, authorName: authorName ?? null, body };
        return c.json(await postMessage(db, bus, c.var.tenantId, message, clock.now()), 201);
      },
    );
}
