import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { joinWaitlist, leaveWaitlist, loadBookingContext } from '../db/booking';
import { ApiError } from '../lib/errors';
import { ensureJobSection, requireScope } from '../middleware/auth';
import type { AppEnv } from '../middleware/types';
import {
  AppointmentPut,
  AvailabilityQuery,
  BookingAvailability,
  BookingResult,
  BookingSlots,
  IdempotencyHeader,
  SlotsQuery,
} from '../schemas/booking';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { availability, slotsOfDay } from '../services/availability';
import { addDays, daysBetween, localDate, type IsoDate } from '../lib/booking-calendar';
import { bookSlot } from '../services/booking';
import { router, type AppDeps } from './deps';

const security = [{ session: [] }];
const tags = ['Portal: booking'];
/** Longest range one availability request may ask for, and how far from today it may reach. */
const MAX_RANGE_DAYS = 62;
const REACH_DAYS = 366;

function assertRange(from: IsoDate, to: IsoDate, today: IsoDate) {
  const span = daysBetween(from, to);
  if (span < 0) throw new ApiError(400, 'DATE_RANGE_INVALID', '`from` must not be after `to`');
  if (span >= MAX_RANGE_DAYS)
    throw new ApiError(400, 'DATE_RANGE_INVALID', `Ask for at most ${MAX_RANGE_DAYS} days at a time`);
  if (from < addDays(today, -REACH_DAYS) || to > addDays(today, REACH_DAYS)) {
    throw new ApiError(400, 'DATE_RANGE_INVALID', `Dates must be within ${REACH_DAYS} days of today`);
  }
}

/** The customer's booking calendar: day states, a day's windows, book/reschedule, the earlier-slot waitlist. */
export function portalBookingRoutes({ clock, bus }: AppDeps, auth: MiddlewareHandler<AppEnv>) {
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
        request: { params: IdParams, query: AvailabilityQuery },
        responses: { 200: jsonResponse(BookingAvailability, 'Day states'), ...scopeError, ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { from, to } = c.req.valid('query');
        await ensureJobSection(c, id, 'appointment');
        const now = clock.now();
        const result = await c.var.tx(async (tx) => {
          const ctx = await loadBookingContext(tx, id);
          assertRange(from, to, localDate(now, ctx.timezone));
          return availability(tx, ctx, from, to, now);
        });
        return c.json(result, 200);
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
        const now = clock.now();
        const result = await c.var.tx(async (tx) => {
          const ctx = await loadBookingContext(tx, id);
          assertRange(date, date, localDate(now, ctx.timezone));
          return slotsOfDay(tx, ctx, date, now);
        });
        return c.json(result, 200);
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
        const { tenantId } = c.var;
        const { result, events } = await c.var.tx((tx) => bookSlot(tx, tenantId, id, slotId, key, clock.now()));
        // After the commit, so woken streams find the rows.
        for (const event of events) await bus.publish({ tenantId, ...event });
        return c.json(result, 200);
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
        await c.var.tx(async (tx) => {
          const ctx = await loadBookingContext(tx, id);
          if (!ctx.current) throw new ApiError(409, 'NO_APPOINTMENT', 'Book a visit first');
          await joinWaitlist(tx, c.var.tenantId, id);
        });
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
