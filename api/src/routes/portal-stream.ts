import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { portalTicketQuery } from '../db/portal-ticket';
import { notFound } from '../lib/errors';
import { ensureTicketAccess, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import { commonErrors, errorResponse, IdParams } from '../schemas/common';
import type { Subscriber } from '../services/ticket-feeds';
import { router, type AppDeps } from './deps';

/** Browsers' EventSource would retry after this long; our widget uses its own backoff. */
const RETRY_MS = 2000;
/** Messages a stream may have waiting for a client that does not read before it is dropped. */
const MAX_QUEUED = 1000;

/**
 * `GET /v1/portal/tickets/:id/events`: the ticket's changes as Server-Sent Events. Each carries its event id;
 * a reconnect with `Last-Event-ID` gets what it missed from the ticket's event table (not from memory), then live
 * events as the bus signals them. Heartbeats keep proxies from closing an idle stream; the session's expiry and
 * server shutdown end it with a named event so the client knows what to do.
 */
export function portalStreamRoutes(deps: AppDeps, auth: MiddlewareHandler<AppEnv>) {
  const { sql, clock, shutdown, heartbeatMs, feeds } = deps;

  return router().openapi(
    createRoute({
      method: 'get', path: '/tickets/{id}/events', tags: ['Portal'], security: [{ session: [] }],
      middleware: [auth, requireScope('track')] as const,
      summary: 'Live ticket events (Server-Sent Events, resumable with Last-Event-ID; scope: track)',
      request: {
        params: IdParams,
        headers: z.object({ 'last-event-id': z.string().regex(/^\d{1,18}$/).optional() }),
      },
      responses: {
        200: { description: '`event: ticket` messages whose data is a TicketStreamMessage', content: { 'text/event-stream': { schema: z.string() } } },
        403: errorResponse('SCOPE_REQUIRED'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { session, tenantId } = c.var;
      await ensureTicketAccess(c, id);
      const [exists] = await portalTicketQuery(sql, tenantId, id);
      if (!exists) throw notFound('Ticket');
      const resumeFrom = c.req.valid('header')['last-event-id'] ?? null;

      return streamSSE(c, async (stream) => {
        let writes = Promise.resolve();
        let first = true;
        let queued = 0;
        const subscriber: Subscriber = {
          tenantId,
          lastSent: resumeFrom,
          deliver(messages) {
            subscriber.lastSent = messages[messages.length - 1]!.id;
            // A client this far behind is not reading: drop it, it resumes from Last-Event-ID when it returns.
            if ((queued += messages.length) > MAX_QUEUED) return stream.abort();
            writes = writes.then(async () => {
              for (const message of messages) {
                await stream.writeSSE({ event: 'ticket', id: message.id, data: message.data, ...(first ? { retry: RETRY_MS } : {}) });
                first = false;
                queued--;
              }
            }).catch(() => stream.abort());
          },
        };
        const leave = feeds.join(id, subscriber);
        const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => stream.abort()), heartbeatMs);
        let stop!: () => void;
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        stream.onAbort(stop);
        const expiry = setTimeout(() => void end(stream, 'session-expired', {}).then(stop), Math.max(0, session.exp * 1000 - clock.now().getTime()));
        const onShutdown = () => void end(stream, 'reconnect', { retryMs: 500 + Math.floor(Math.random() * 2000) }).then(stop);
        shutdown.addEventListener('abort', onShutdown, { once: true });
        if (shutdown.aborted) onShutdown();
        try {
          await stopped;
          await writes;
        } finally {
          clearInterval(heartbeat);
          clearTimeout(expiry);
          shutdown.removeEventListener('abort', onShutdown);
          leave();
        }
      }) as never;
    },
  );
}

async function end(stream: SSEStreamingApi, event: 'session-expired' | 'reconnect', data: object) {
  if (!stream.aborted) await stream.writeSSE({ event, data: JSON.stringify(data) }).catch(() => {});
}
