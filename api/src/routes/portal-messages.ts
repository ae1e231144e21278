import { createRoute } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { listMessages, markMessagesRead } from '../db/messages';
import { ApiError } from '../lib/errors';
import { ensureJobSection, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { MarkRead, Message, MessageThread, NewPortalMessage } from '../schemas/messages';
import { postMessage } from '../services/messages';
import { router, type AppDeps } from './deps';

const security = [{ session: [] }];
const tags = ['Portal: messages'];
const scopeErrors = {
  403: errorResponse('SCOPE_REQUIRED (no `comments` scope or no messages module), or SHARE_NOT_ALLOWED'),
};

/** The thread is the customer's: a view-only share link may not write in it nor move their read position. */
function refuseShared(c: Context<AppEnv>) {
  if (c.var.session.via === 'share') throw new ApiError(403, 'SHARE_NOT_ALLOWED', 'A shared view cannot write here');
}

/**
 * The ticket's thread between the customer and the company (issue 17): scope `comments` and the job's profile
 * offering the `messages` module. A customer-wide session reaches its customer's tickets; another's answer 404.
 */
export function portalMessageRoutes({ db, clock, bus }: AppDeps, auth: MiddlewareHandler<AppEnv>) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/messages',
        tags,
        security,
        middleware: [auth, requireScope('comments')] as const,
        summary: 'The ticket’s messages from both sides, oldest first, with the unread count (scope: comments)',
        request: { params: IdParams },
        responses: { 200: jsonResponse(MessageThread, 'The thread'), ...scopeErrors, ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await ensureJobSection(c, id, 'messages');
        return c.json(await c.var.tx((tx) => listMessages(tx, id)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tickets/{id}/messages',
        tags,
        security,
        middleware: [auth, requireScope('comments')] as const,
        summary: 'Write to the company on the ticket (scope: comments); live on the ticket’s event stream',
        request: { params: IdParams, body: jsonBody(NewPortalMessage) },
        responses: { 201: jsonResponse(Message, 'The message as written'), ...scopeErrors, ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        refuseShared(c);
        await ensureJobSection(c, id, 'messages');
        const { body } = c.req.valid('json');
        const message = { ticketId: id, author: 'customer' as const, authorName: null, body };
        return c.json(await postMessage(db, bus, c.var.tenantId, message, clock.now()), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tickets/{id}/messages/read',
        tags,
        security,
        middleware: [auth, requireScope('comments')] as const,
        summary: 'The customer has read the thread up to this message (never moves back); answers the thread',
        request: { params: IdParams, body: jsonBody(MarkRead) },
        responses: { 200: jsonResponse(MessageThread, 'The thread'), ...scopeErrors, ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        refuseShared(c);
        await ensureJobSection(c, id, 'messages');
        const { upTo } = c.req.valid('json');
        return c.json(await c.var.tx((tx) => markMessagesRead(tx, id, upTo)), 200);
      },
    );
}
