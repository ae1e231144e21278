import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { leaveWaitlist } from '../db/booking-write';
import { ApiError } from '../lib/errors';
import { ensureJobSection, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import {
  AppointmentPut,
  PortalAvailabilityQuery,
  BookingAvailability,
  BookingResult,
  BookingSlots,
  IdempotencyHeader,
  SlotsQuery,
} from '../schemas/booking';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { bookingAvailability, bookingSlots, bookSlot, waitForEarlierWindow } from '../services/booking';
import { router, type AppDeps } from './deps';

const security = [{ session: [] }];
const tags = ['Portal: booking'];
/** The customer's booking calendar: day states, a day's windows, book/reschedule, the earlier-slot waitlist. */
export function portalBookingRoutes({ db, clock, bus }: AppDeps, auth: MiddlewareHandler<AppEnv>) {
  const scopeError = { 403: errorResponse('SCOPE_REQUIRED (book)') };
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/availability',
        tags,
        security,
        middleware: [auth, requireScope('book')] as const,
        summary: 'Each day’s booking state from `from` to `to` (at most 62 days; scope: book)',
        description: 'The policy and the profile’s texts come in `lang`, else the profile’s language, else any.',
        request: { params: IdParams, query: PortalAvailabilityQuery },
        responses: { 200: jsonResponse(BookingAvailability, 'Day states'), ...scopeError, ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { from, to, lang } = c.req.valid('query');
        await ensureJobSection(c, id, 'appointment');
        return c.json(await bookingAvailability(db, c.var.tenantId, id, from, to, clock.now(), lang), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/tickets/{id}/slots',
        tags,
        security,
        middleware: [auth, requireScope('book')] as const,
        summary: 'The windows of one day, each available or not and why (scope: book)',
        request: { params: IdParams, query: SlotsQuery },
        responses: { 200: jsonResponse(BookingSlots, 'Windows'), ...scopeError, ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { date } = c.req.valid('query');
        await ensureJobSection(c, id, 'appointment');
        return c.json(await bookingSlots(db, c.var.tenantId, id, date, clock.now()), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/tickets/{id}/appointment',
        tags,
        security,
        middleware: [auth, requireScope('book')] as const,
        summary: 'Book or move the visit into a window (header Idempotency-Key; scope: book)',
        description:
          'The same Idempotency-Key answers the same appointment and books once. A lost race answers 409 SLOT_TAKEN.',
        request: { params: IdParams, headers: IdempotencyHeader, body: jsonBody(AppointmentPut) },
        responses: {
          200: jsonResponse(BookingResult, 'The appointment'),
          ...scopeError,
          409: errorResponse('SLOT_TAKEN, CHANGE_CUTOFF_PASSED or TICKET_CLOSED'),
          422: errorResponse('SLOT_IN_PAST, SLOT_OUTSIDE_SLA, SLOT_UNAVAILABLE or IDEMPOTENCY_KEY_REUSED'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { slotId } = c.req.valid('json');
        const key = c.req.valid('header')['idempotency-key'];
        if (!key || !/^[\x21-\x7e]{8,200}$/.test(key)) {
          throw new ApiError(
            400,
            'IDEMPOTENCY_KEY_REQUIRED',
            'Send an Idempotency-Key header (8–200 visible characters)',
          );
        }
        await ensureJobSection(c, id, 'appointment');
        return c.json(await bookSlot(db, bus, c.var.tenantId, id, slotId, key, clock.now()), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/tickets/{id}/waitlist',
        tags,
        security,
        middleware: [auth, requireScope('book')] as const,
        summary: 'Ask to be told when an earlier window frees up (needs an appointment; scope: book)',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(z.object({ waitlisted: z.boolean() }), 'On the list'),
          ...scopeError,
          409: errorResponse('NO_APPOINTMENT'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await ensureJobSection(c, id, 'appointment');
        await waitForEarlierWindow(db, c.var.tenantId, id, clock.now());
        return c.json({ waitlisted: true }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/tickets/{id}/waitlist',
        tags,
        security,
        middleware: [auth, requireScope('book')] as const,
        summary: 'Stop waiting for an earlier window (scope: book)',
        request: { params: IdParams },
        responses: {
          200: jsonResponse(z.object({ waitlisted: z.boolean() }), 'Off the list'),
          ...scopeError,
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await ensureJobSection(c, id, 'appointment');
        await c.var.tx((tx) => leaveWaitlist(tx, id));
        return c.json({ waitlisted: false }, 200);
      },
    );
}
