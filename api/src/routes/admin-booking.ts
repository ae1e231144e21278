import { createRoute, z } from '@hono/zod-openapi';
import {
  addAbsence,
  createEngineer,
  createSlaProfile,
  deleteAbsence,
  deleteCalendarDay,
  getBookingSettings,
  getProfileBooking,
  listAppointments,
  listCalendarDays,
  listEngineers,
  listSlaProfiles,
  putBookingSettings,
  putCalendarDay,
  setPartsWindow,
  setProfileBooking,
  updateEngineer,
} from '../db/booking-admin';
import {
  AbsenceCreate,
  AdminAppointment,
  AvailabilityQuery,
  BookingSettings,
  BookingSettingsPut,
  CalendarDay,
  CalendarDayParams,
  CalendarDayPut,
  Engineer,
  EngineerCreate,
  EngineerPatch,
  PartsWindowPut,
  ProfileBooking,
  ProfileBookingPut,
  SlaProfile,
  SlaProfileCreate,
} from '../schemas/booking';
import type { WrittenEvent } from '../db/visit-problems';
import { commonErrors, errorResponse, IdParams, jsonBody, jsonResponse } from '../schemas/common';
import { cancelVisit } from '../services/booking';
import { router, type AppDeps } from './deps';

const security = [{ apiKey: [] }];
const tags = ['Admin: booking'];
const KindQuery = z.object({ kind: z.enum(['closed', 'limited']) });
const AbsenceParams = IdParams.extend({
  absenceId: z.uuid().openapi({ param: { name: 'absenceId', in: 'path' } }),
});

/** What availability depends on — engineers, SLA profiles, windows, holidays, closed/limited days, parts — and the booked visits. */
export function adminBookingRoutes({ db, clock, bus }: AppDeps) {
  /** Writes that make booked visits impossible (or possible again) tell their tickets' open streams after commit. */
  const published = async <T>(tenantId: string, written: { events: WrittenEvent[] } & T) => {
    for (const event of written.events) await bus.publish({ tenantId, ...event });
    return written;
  };
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/booking-settings',
        tags,
        security,
        summary: 'Holiday calendar, change cut-off and policy text',
        responses: { 200: jsonResponse(BookingSettings, 'Settings'), ...commonErrors },
      }),
      async (c) => c.json(await c.var.tx(getBookingSettings), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/booking-settings',
        tags,
        security,
        summary:
          'Set the holiday country/region (date-holidays codes), the change cut-off in hours and the policy text',
        request: { body: jsonBody(BookingSettingsPut) },
        responses: { 200: jsonResponse(BookingSettings, 'Settings'), ...commonErrors },
      }),
      async (c) => {
        const input = c.req.valid('json');
        return c.json(await c.var.tx((tx) => putBookingSettings(tx, input)), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/engineers',
        tags,
        security,
        summary: 'List engineers',
        responses: { 200: jsonResponse(z.object({ items: z.array(Engineer) }), 'Engineers'), ...commonErrors },
      }),
      async (c) => c.json({ items: await c.var.tx(listEngineers) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/engineers',
        tags,
        security,
        summary: 'Add an engineer: skills, weekly working hours, home zone, service area',
        request: { body: jsonBody(EngineerCreate) },
        responses: { 201: jsonResponse(Engineer, 'The engineer'), ...commonErrors },
      }),
      async (c) => {
        const input = c.req.valid('json');
        return c.json(await c.var.tx((tx) => createEngineer(tx, c.var.tenantId, input)), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/engineers/{id}',
        tags,
        security,
        summary: 'Change an engineer',
        request: { params: IdParams, body: jsonBody(EngineerPatch) },
        responses: { 200: jsonResponse(Engineer, 'The engineer'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const patch = c.req.valid('json');
        const { tenantId } = c.var;
        const written = await c.var.tx((tx) => updateEngineer(tx, tenantId, id, patch, clock.now()));
        return c.json((await published(tenantId, written)).engineer, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/engineers/{id}/absences',
        tags,
        security,
        summary: 'Record an absence (holiday, sickness, training)',
        request: { params: IdParams, body: jsonBody(AbsenceCreate) },
        responses: {
          201: jsonResponse(
            z.object({ id: z.uuid(), engineerId: z.uuid(), from: z.string(), to: z.string() }),
            'The absence',
          ),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        const { tenantId } = c.var;
        const written = await c.var.tx((tx) => addAbsence(tx, tenantId, id, input, clock.now()));
        return c.json((await published(tenantId, written)).absence, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/engineers/{id}/absences/{absenceId}',
        tags,
        security,
        summary: 'Remove an absence (booked visits it made impossible can take place again)',
        request: { params: AbsenceParams },
        responses: { 204: { description: 'Removed' }, ...commonErrors },
      }),
      async (c) => {
        const { id, absenceId } = c.req.valid('param');
        const { tenantId } = c.var;
        const events = await c.var.tx((tx) => deleteAbsence(tx, tenantId, id, absenceId, clock.now()));
        await published(tenantId, { events });
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/sla-profiles',
        tags,
        security,
        summary: 'List SLA profiles',
        responses: { 200: jsonResponse(z.object({ items: z.array(SlaProfile) }), 'SLA profiles'), ...commonErrors },
      }),
      async (c) => c.json({ items: await c.var.tx(listSlaProfiles) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/sla-profiles',
        tags,
        security,
        summary:
          'Add an SLA profile: earliest/latest commitment offsets (business days or hours), business hours, weekends',
        request: { body: jsonBody(SlaProfileCreate) },
        responses: { 201: jsonResponse(SlaProfile, 'The SLA profile'), ...commonErrors },
      }),
      async (c) => {
        const input = c.req.valid('json');
        return c.json(await c.var.tx((tx) => createSlaProfile(tx, c.var.tenantId, input, clock.now())), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/profiles/{id}/booking',
        tags,
        security,
        summary: 'A portal profile’s booking: SLA profile, windows, capacity, limited threshold, texts',
        request: { params: IdParams },
        responses: { 200: jsonResponse(ProfileBooking, 'The booking settings'), ...commonErrors },
      }),
      async (c) => c.json(await c.var.tx((tx) => getProfileBooking(tx, c.req.valid('param').id)), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/profiles/{id}/booking',
        tags,
        security,
        summary:
          'A portal profile’s booking: SLA profile, windows (SLA hours or custom intervals), capacity, limited threshold, texts',
        request: { params: IdParams, body: jsonBody(ProfileBookingPut) },
        responses: { 200: jsonResponse(ProfileBooking, 'The booking settings'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        return c.json(await c.var.tx((tx) => setProfileBooking(tx, id, input, clock.now())), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/calendar-days',
        tags,
        security,
        summary: 'Closed and limited days between from and to',
        request: { query: AvailabilityQuery },
        responses: { 200: jsonResponse(z.object({ items: z.array(CalendarDay) }), 'Days'), ...commonErrors },
      }),
      async (c) => {
        const { from, to } = c.req.valid('query');
        return c.json({ items: await c.var.tx((tx) => listCalendarDays(tx, from, to)) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/calendar-days/{date}',
        tags,
        security,
        summary: 'Mark a day closed (nobody books) or limited (warning shown)',
        request: { params: CalendarDayParams, body: jsonBody(CalendarDayPut) },
        responses: { 200: jsonResponse(CalendarDay, 'The day'), ...commonErrors },
      }),
      async (c) => {
        const { date } = c.req.valid('param');
        const { kind, note } = c.req.valid('json');
        const { tenantId } = c.var;
        const written = await c.var.tx((tx) => putCalendarDay(tx, tenantId, date, kind, note ?? null, clock.now()));
        return c.json((await published(tenantId, written)).day, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/calendar-days/{date}',
        tags,
        security,
        summary: 'Clear a closed or limited mark',
        request: { params: CalendarDayParams, query: KindQuery },
        responses: { 204: { description: 'Cleared' }, ...commonErrors },
      }),
      async (c) => {
        const { date } = c.req.valid('param');
        const { kind } = c.req.valid('query');
        const { tenantId } = c.var;
        const events = await c.var.tx((tx) => deleteCalendarDay(tx, tenantId, date, kind, clock.now()));
        await published(tenantId, { events });
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/tickets/{id}/parts',
        tags,
        security,
        summary: 'The parts availability window of a ticket (null: no parts needed)',
        request: { params: IdParams, body: jsonBody(PartsWindowPut) },
        responses: { 200: jsonResponse(PartsWindowPut, 'The parts window'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        const { tenantId } = c.var;
        const written = await c.var.tx((tx) => setPartsWindow(tx, tenantId, id, input, clock.now()));
        return c.json((await published(tenantId, written)).parts, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/tickets/{id}/appointment',
        tags,
        security,
        summary: 'Call off the booked visit (frees its window; the first customer on the waitlist is told)',
        request: { params: IdParams },
        responses: { 204: { description: 'Cancelled' }, 409: errorResponse('NO_APPOINTMENT'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await cancelVisit(db, bus, c.var.tenantId, id, clock.now());
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/appointments',
        tags,
        security,
        summary: 'Booked visits from `from` to `to` (site days)',
        request: { query: AvailabilityQuery },
        responses: {
          200: jsonResponse(z.object({ items: z.array(AdminAppointment) }), 'Appointments'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { from, to } = c.req.valid('query');
        return c.json({ items: await c.var.tx((tx) => listAppointments(tx, from, to)) }, 200);
      },
    );
}
