import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { notFound } from '../lib/errors';
import { SseStream } from '../lib/sse';
import { clientIp, ensureTicketAccess, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams } from '../schemas/common';
import type { Subscriber } from '../services/ticket-feeds';
import { router, type AppDeps } from './deps';

/** Browsers' EventSource would retry after this long; our widget uses its own backoff. */
const RETRY_MS = 2000;
/** Messages a stream may have waiting for a client that does not read before it is dropped (it resumes later). */
const MAX_QUEUED = 1000;

/**
 * `GET /v1/portal/tickets/:id/events`: the ticket's changes as Server-Sent Events. Each carries its event id;
 * a reconnect with `Last-Event-ID` gets what it missed from the ticket's event table (not from memory), then live
 * events as the bus signals them. Heartbeats keep proxies from closing an idle stream; the session's expiry and
 * server shutdown end it with a named event so the client knows what to do.
 */
export function portalStreamRoutes(deps: AppDeps, auth: MiddlewareHandler<AppEnv>) {
  const { db, clock, shutdown, heartbeatMs, feeds, streams } = deps;

  return router().openapi(
    createRoute({
      method: 'get',
      path: '/tickets/{id}/events',
      tags: ['Portal'],
      security: [{ session: [] }],
      middleware: [auth, requireScope('track')] as const,
      summary: 'Live ticket events (Server-Sent Events, resumable with Last-Event-ID; scope: track)',
      request: {
        params: IdParams,
        headers: z.object({
          'last-event-id': z
            .string()
            .regex(/^\d{1,18}$/)
            .optional(),
        }),
      },
      responses: {
        200: {
          description: '`event: ticket` messages whose data is a TicketStreamMessage',
          content: { 'text/event-stream': { schema: z.string() } },
        },
        403: errorResponse('SCOPE_REQUIRED'),
        429: errorResponse('RATE_LIMITED: too many open streams for this session or client (see Retry-After)'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { session, tenantId } = c.var;
      await ensureTicketAccess(c, id);
      const exists = await db.portalTicket(tenantId, id);
      if (!exists) throw notFound('Ticket');
      const resumeFrom = c.req.valid('header')['last-event-id'] ?? null;

      const release = streams.open(c.req.header('authorization')!, clientIp(c, deps.trustProxy));
      const stream = new SseStream(MAX_QUEUED);
      let retry: number | undefined = RETRY_MS;
      const subscriber: Subscriber = {
        tenantId,
        lastSent: resumeFrom,
        deliver(messages) {
          subscriber.lastSent = messages[messages.length - 1]!.id;
          for (const message of messages) {
            // The first message also sets the reconnect delay, so it is encoded for this stream alone.
            stream.send(
              retry === undefined ? message.frame : { event: 'ticket', id: message.id, data: message.data, retry },
            );
            retry = undefined;
          }
        },
      };
      const leave = feeds.join(id, subscriber);
      const heartbeat = setInterval(() => stream.comment('keep-alive'), heartbeatMs);
      const endWith = (event: 'session-expired' | 'reconnect', data: object) => {
        stream.send({ event, data: JSON.stringify(data) });
        stream.close();
      };
      const expiry = setTimeout(
        () => endWith('session-expired', {}),
        Math.max(0, session.exp * 1000 - clock.now().getTime()),
      );
      const onShutdown = () => endWith('reconnect', { retryMs: 500 + Math.floor(Math.random() * 2000) });
      shutdown.addEventListener('abort', onShutdown, { once: true });
      if (shutdown.aborted) onShutdown();
      void stream.ended.then(() => {
        clearInterval(heartbeat);
        clearTimeout(expiry);
        shutdown.removeEventListener('abort', onShutdown);
        leave();
        release();
      });
      return c.body(stream.body, 200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      }) as never;
    },
  );
}
