import { z } from '@hono/zod-openapi';
import {
  VISIT_PROBLEMS,
  type BookingAvailability as BookingAvailabilityType,
  type BookingResult as BookingResultType,
  type BookingSlots as BookingSlotsType,
} from './contract/booking';
import { TimeZone } from './common';
import { LangQuery, ProfileText, profileTextInput } from './texts';

/** A calendar day `YYYY-MM-DD` that exists. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD')
  .refine(
    (value) => {
      const time = Date.parse(`${value}T00:00:00Z`);
      return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
    },
    { message: 'No such date' },
  );
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24 h)');

export const AvailabilityQuery = z.object({ from: IsoDate, to: IsoDate });
/** The portal's availability read also takes the page's language for the profile's texts and the policy. */
export const PortalAvailabilityQuery = AvailabilityQuery.extend(LangQuery.shape);
export const SlotsQuery = z.object({ date: IsoDate });
export const AppointmentPut = z.strictObject({ slotId: z.string().min(1).max(120) }).openapi('AppointmentPut');
export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({ description: 'Required: one key per booking attempt (repeats answer the same)' }),
});

const Reason = z.enum(['weekend', 'holiday', 'closed', 'sla', 'past', 'skills', 'parts']);
export const Appointment = z
  .object({
    id: z.uuid(),
    slotId: z.string(),
    date: z.string(),
    start: z.string(),
    end: z.string(),
    timezone: z.string(),
  })
  .openapi('Appointment');

export const BookingAvailability = z
  .object({
    timezone: z.string(),
    from: z.string(),
    to: z.string(),
    earliest: z.string(),
    latest: z.string(),
    partsFrom: z.string().nullable(),
    partsTo: z.string().nullable(),
    current: Appointment.nullable(),
    cutoffHours: z.number(),
    policy: z.string().nullable(),
    salutation: z.string().nullable(),
    bookingText: z.string().nullable(),
    disclaimer: z.string().nullable(),
    waitlisted: z.boolean(),
    currentProblem: Reason.nullable().describe(
      'Why the booked day can no longer take the visit (e.g. the parts window moved); null while it can',
    ),
    visitProblem: z
      .enum(VISIT_PROBLEMS)
      .nullable()
      .describe(
        "Why the booked visit can no longer take place as booked, as the ticket's `appointment.problem` says: its day closed, its parts moved, its engineer away; null while it can",
      ),
    visit: z
      .object({
        company: z.string(),
        phone: z.string().nullable(),
        reference: z.string().nullable(),
        title: z.string(),
        address: z.string(),
      })
      .describe("What the customer's calendar entry names: the company, its phone, the ticket and the site"),
    days: z.array(
      z.object({
        date: z.string(),
        state: z.enum(['available', 'limited', 'full', 'closed', 'unmatched']),
        reason: Reason.nullable(),
        markers: z.array(z.enum(['current', 'sla-earliest', 'sla-latest', 'parts-begin', 'parts-end'])),
      }),
    ),
  })
  .openapi('BookingAvailability');

export const BookingSlots = z
  .object({
    date: z.string(),
    timezone: z.string(),
    state: z.enum(['available', 'limited', 'full', 'closed', 'unmatched']),
    reason: Reason.nullable(),
    slots: z.array(
      z.object({
        id: z.string(),
        start: z.string(),
        end: z.string(),
        available: z.boolean(),
        reason: z.union([Reason, z.enum(['full', 'no_engineer'])]).nullable(),
      }),
    ),
  })
  .openapi('BookingSlots');

export const BookingResult = z.object({ appointment: Appointment, rescheduled: z.boolean() }).openapi('BookingResult');

// Admin side.
const WorkingHours = z
  .partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.tuple([Time, Time]))
  .refine((hours) => Object.values(hours).every(([from, to]) => from! < to!), {
    message: 'A shift must end after it starts',
  })
  .openapi({
    description: 'ISO weekday (1 = Monday) → ["08:00","17:00"] in the engineer’s zone',
    example: { 1: ['08:00', '17:00'] },
  });
const Skills = z.array(z.string().min(1).max(50)).max(20);

export const EngineerCreate = z
  .strictObject({
    name: z.string().min(1).max(200),
    skills: Skills.default([]),
    workingHours: WorkingHours,
    timezone: TimeZone,
    serviceArea: z
      .array(z.string().min(1).max(20))
      .max(50)
      .default([])
      .openapi({ description: 'Postal-code prefixes; empty: everywhere' }),
    active: z.boolean().default(true),
  })
  .openapi('EngineerCreate');
export const EngineerPatch = EngineerCreate.partial().openapi('EngineerPatch');
export const Engineer = z
  .object({
    id: z.uuid(),
    name: z.string(),
    skills: z.array(z.string()),
    workingHours: z.record(z.string(), z.tuple([z.string(), z.string()])),
    timezone: z.string(),
    serviceArea: z.array(z.string()),
    active: z.boolean(),
  })
  .openapi('Engineer');
export const AbsenceCreate = z
  .strictObject({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    reason: z.string().max(200).optional(),
  })
  .refine((a) => Date.parse(a.from) < Date.parse(a.to), { message: 'from must be before to', path: ['to'] })
  .openapi('AbsenceCreate');

export const SlaProfileCreate = z
  .strictObject({
    name: z.string().min(1).max(200),
    offsetUnit: z.enum(['business_days', 'business_hours']).default('business_days'),
    earliestOffset: z.number().int().min(0).max(10000),
    latestOffset: z.number().int().min(0).max(10000),
    businessStart: Time.default('08:00'),
    businessEnd: Time.default('17:00'),
    weekendsCount: z.boolean().default(false),
  })
  .refine((s) => s.earliestOffset <= s.latestOffset, {
    message: 'earliestOffset must not exceed latestOffset',
    path: ['latestOffset'],
  })
  .refine((s) => s.businessStart < s.businessEnd, {
    message: 'Business hours must end after they start',
    path: ['businessEnd'],
  })
  .openapi('SlaProfileCreate');
export const SlaProfile = z
  .object({
    id: z.uuid(),
    name: z.string(),
    offsetUnit: z.string(),
    earliestOffset: z.number(),
    latestOffset: z.number(),
    businessStart: z.string(),
    businessEnd: z.string(),
    weekendsCount: z.boolean(),
  })
  .openapi('SlaProfile');

const profileBookingFields = {
  slaProfileId: z.uuid().nullable().default(null),
  windows: z
    .array(
      z
        .strictObject({ start: Time, end: Time })
        .refine((w) => w.start < w.end, { message: 'A window must end after it starts' }),
    )
    .min(1)
    .max(12)
    .nullable()
    .default(null)
    .openapi({ description: 'Custom intervals; null: one window over the SLA profile’s business hours' }),
  capacity: z.number().int().min(1).max(1000).default(3),
  limitedThreshold: z.number().int().min(0).max(1000).default(1),
};

export const ProfileBookingPut = z
  .strictObject({
    ...profileBookingFields,
    bookingText: profileTextInput(2000).default(null),
    disclaimer: profileTextInput(2000).default(null),
  })
  .openapi('ProfileBookingPut');

export const ProfileBooking = z
  .object({ ...profileBookingFields, bookingText: ProfileText, disclaimer: ProfileText })
  .openapi('ProfileBooking');

const bookingSettingsFields = {
  holidayCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  holidayRegion: z
    .string()
    .regex(/^[A-Za-z0-9]{1,10}$/)
    .nullable(),
  cutoffHours: z.number().int().min(0).max(720),
  phone: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .nullable()
    .default(null)
    .describe('The phone number customers are shown when a month has no free window'),
};

/** A plain-string policy is the default profile's language's text. */
export const BookingSettingsPut = z
  .strictObject({ ...bookingSettingsFields, policy: profileTextInput(2000) })
  .openapi('BookingSettingsPut');

export const BookingSettings = z.object({ ...bookingSettingsFields, policy: ProfileText }).openapi('BookingSettings');

export const CalendarDayPut = z
  .strictObject({ kind: z.enum(['closed', 'limited']), note: z.string().max(200).optional() })
  .openapi('CalendarDayPut');
export const CalendarDayParams = z.object({ date: IsoDate.openapi({ param: { name: 'date', in: 'path' } }) });
export const CalendarDay = z
  .object({ date: z.string(), kind: z.enum(['closed', 'limited']), note: z.string().nullable() })
  .openapi('CalendarDay');

export const PartsWindowPut = z
  .strictObject({ partsFrom: IsoDate.nullable(), partsTo: IsoDate.nullable() })
  .refine((p) => !p.partsFrom || !p.partsTo || p.partsFrom <= p.partsTo, {
    message: 'partsFrom must not be after partsTo',
    path: ['partsTo'],
  })
  .openapi('PartsWindow');

export const AdminAppointment = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    ticketTitle: z.string(),
    customerName: z.string(),
    engineerName: z.string(),
    date: z.string(),
    start: z.string(),
    end: z.string(),
    timezone: z.string(),
  })
  .openapi('AdminAppointment');

// The widget reads the hand-written contract types; these lines fail to compile if the schemas drift from them.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAvailability: Same<z.infer<typeof BookingAvailability>, BookingAvailabilityType> = true;
const sameSlots: Same<z.infer<typeof BookingSlots>, BookingSlotsType> = true;
const sameResult: Same<z.infer<typeof BookingResult>, BookingResultType> = true;
void [sameAvailability, sameSlots, sameResult];
