import { createRoute, z } from '@hono/zod-openapi';
import { createTicketLink } from '../db/links';
import { adminTicket, adminTicketPage, changeTicket, openTicket, recordTicketEvent } from '../services/tickets';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import {
  AdminTicket,
  TicketCreate,
  TicketEventCreate,
  TicketLink,
  TicketLinkCreate,
  TicketListQuery,
  TicketPatch,
  TicketSummary,
} from '../schemas/tickets';
import { router, type AppDeps } from './deps';

const security = [{ apiKey: [] }];
const tags = ['Admin: tickets'];

export function adminTicketRoutes({ db, clock, bus }: AppDeps) {
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets',
        tags,
        security,
        summary:
          'List tickets, newest first; with `q`, those matching it in reference, title, description, location, status label or technician; with `status`, those in these statuses',
        description: 'A page of at most `limit`; `nextCursor` continues the same query (null on the last page).',
        request: { query: TicketListQuery },
        responses: {
          200: jsonResponse(z.object({ items: z.array(TicketSummary), nextCursor: z.string().nullable() }), 'Tickets'),
          ...commonErrors,
          400: errorResponse('VALIDATION_FAILED, SEARCH_TERM_INVALID, SEARCH_TERM_TOO_LONG or CURSOR_INVALID'),
        },
      }),
      async (c) => c.json(await adminTicketPage(db, c.var.tenantId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tickets',
        tags,
        security,
        summary: 'Create a ticket with its customer and service location',
        request: { body: jsonBody(TicketCreate) },
        responses: { 201: jsonResponse(AdminTicket, 'The created ticket'), ...commonErrors },
      }),
      async (c) => {
        return c.json(await openTicket(db, c.var.tenantId, c.req.valid('json'), clock.now()), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}',
        tags,
        security,
        summary: 'Read a ticket with its status history',
        request: { params: IdParams },
        responses: { 200: jsonResponse(AdminTicket, 'The ticket'), ...commonErrors },
      }),
      async (c) => c.json(await adminTicket(db, c.var.tenantId, c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/tickets/{id}',
        tags,
        security,
        summary: 'Change a ticket’s details',
        request: { params: IdParams, body: jsonBody(TicketPatch) },
        responses: { 200: jsonResponse(AdminTicket, 'The updated ticket'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const patch = c.req.valid('json');
        return c.json(await changeTicket(db, c.var.tenantId, id, patch, clock.now()), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tickets/{id}/events',
        tags,
        security,
        summary: 'Record a status, technician, ETA, position or hold (statuses only move forward)',
        description:
          'An `eventId` already recorded for the ticket is a no-op answered with 200 and the current ticket.',
        request: { params: IdParams, body: jsonBody(TicketEventCreate) },
        responses: {
          201: jsonResponse(AdminTicket, 'The ticket after the event'),
          200: jsonResponse(AdminTicket, 'Already recorded (same eventId) or an older position: nothing changed'),
          409: errorResponse('STATUS_OUT_OF_ORDER, TICKET_CLOSED or POSITION_NOT_APPLICABLE'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const event = c.req.valid('json');
        const { duplicate, ticket } = await recordTicketEvent(db, bus, c.var.tenantId, id, event, clock.now());
        return duplicate ? c.json(ticket, 200) : c.json(ticket, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/tickets/{id}/links',
        tags,
        security,
        summary: 'Create a portal link for the ticket (the token is shown only here)',
        request: { params: IdParams, body: jsonBody(TicketLinkCreate) },
        responses: { 201: jsonResponse(TicketLink, 'The link'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { mode } = c.req.valid('json');
        const link = await c.var.tx((tx) => createTicketLink(tx, c.var.tenantId, id, mode, clock.now()));
        return c.json(link, 201);
      },
    );
}
