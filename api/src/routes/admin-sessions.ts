import { createRoute, z } from '@hono/zod-openapi';
import { customerExists } from '../db/access';
import { listTicketLinks, revokeTicketLink } from '../db/links';
import { listDevices, revokeFamily } from '../db/session-tokens';
import type { Tx } from '../db/tenant-db';
import { ticketExists } from '../db/tickets';
import { notFound } from '../lib/errors';
import { ShareLinkParams } from '../schemas/access';
import { commonErrors, IdParams, jsonResponse } from '../schemas/common';
import { AdminDevice } from '../schemas/portal';
import { TicketLinkInfo } from '../schemas/tickets';
import { router, type AppDeps } from './deps';

const security = [{ apiKey: [] }];
const tags = ['Admin: access'];

const DeviceParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  deviceId: z.uuid().openapi({ param: { name: 'deviceId', in: 'path' } }),
});

async function ensureTicket(tx: Tx, id: string) {
  if (!(await ticketExists(tx, id))) throw notFound('Ticket');
}

/** The company ends access it gave: a ticket's portal links, and customers' remembered devices. */
export function adminSessionRoutes({ clock, sessions }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/links',
        tags,
        security,
        summary: 'The ticket’s portal links (without their tokens)',
        request: { params: IdParams },
        responses: { 200: jsonResponse(z.object({ items: z.array(TicketLinkInfo) }), 'Links'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const items = await c.var.tx(async (tx) => {
          await ensureTicket(tx, id);
          return listTicketLinks(tx, id);
        });
        return c.json({ items }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/tickets/{id}/links/{linkId}',
        tags,
        security,
        summary: 'Revoke a portal link: it stops opening, and the sessions it opened end within a minute',
        request: { params: ShareLinkParams },
        responses: { 200: jsonResponse(TicketLinkInfo, 'The revoked link'), ...commonErrors },
      }),
      async (c) => {
        const { id, linkId } = c.req.valid('param');
        const link = await sessions.revoking(c.var.tenantId, async (tx, revoke) => {
          const revoked = await revokeTicketLink(tx, id, linkId, clock.now());
          await revoke([linkId]);
          return revoked;
        });
        return c.json(link, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/customers/{id}/devices',
        tags,
        security,
        summary: 'The devices on which the customer chose “keep me signed in”',
        request: { params: IdParams },
        responses: { 200: jsonResponse(z.object({ items: z.array(AdminDevice) }), 'Devices'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const items = await c.var.tx(async (tx) => {
          if (!(await customerExists(tx, id))) throw notFound('Customer');
          return listDevices(tx, clock.now(), id);
        });
        return c.json({ items }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/customers/{id}/devices/{deviceId}',
        tags,
        security,
        summary: 'Sign a customer’s remembered device out (its refresh token and sessions stop working)',
        request: { params: DeviceParams },
        responses: { 204: { description: 'Signed out' }, ...commonErrors },
      }),
      async (c) => {
        const { id, deviceId } = c.req.valid('param');
        await sessions.revoking(c.var.tenantId, async (tx, revoke) => {
          if (!(await revokeFamily(tx, deviceId, clock.now(), id))) throw notFound('Device');
          await revoke([deviceId]);
        });
        return c.body(null, 204);
      },
    );
}
