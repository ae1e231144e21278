import type { z } from '@hono/zod-openapi';
import { DomainError, notFound } from '../lib/outcomes';
import type {
  AbsenceCreate,
  AdminAppointment,
  BookingSettings,
  CalendarDay,
  Engineer,
  EngineerCreate,
  EngineerPatch,
  PartsWindowPut,
  ProfileBookingPut,
  SlaProfile,
  SlaProfileCreate,
} from '../schemas/booking';
import type { Tx } from './client';
import { toColumns } from './columns';

type EngineerView = z.infer<typeof Engineer>;
type SlaView = z.infer<typeof SlaProfile>;

const ENGINEER_COLUMNS = {
  name: 'name',
  skills: 'skills',
  timezone: 'timezone',
  serviceArea: 'service_area',
  active: 'active',
} as const;
const engineerSelect = (tx: Tx) => tx`
  id, name, skills, working_hours as "workingHours", timezone, service_area as "serviceArea", active`;

export function listEngineers(tx: Tx) {
  return tx<EngineerView[]>`select ${engineerSelect(tx)} from engineers order by name, id`;
}

export async function createEngineer(tx: Tx, tenantId: string, input: z.infer<typeof EngineerCreate>) {
  const columns = {
    tenant_id: tenantId,
    ...toColumns(input, ENGINEER_COLUMNS),
    working_hours: tx.json(input.workingHours),
  };
  const [row] = await tx<EngineerView[]>`insert into engineers ${tx(columns)} returning ${engineerSelect(tx)}`;
  return row!;
}

export async function updateEngineer(tx: Tx, id: string, patch: z.infer<typeof EngineerPatch>) {
  const columns: Record<string, unknown> = toColumns(patch, ENGINEER_COLUMNS);
  if (patch.workingHours) columns.working_hours = tx.json(patch.workingHours);
  const [row] = Object.keys(columns).length
    ? await tx<EngineerView[]>`update engineers set ${tx(columns)} where id = ${id} returning ${engineerSelect(tx)}`
    : await tx<EngineerView[]>`select ${engineerSelect(tx)} from engineers where id = ${id}`;
  if (!row) throw notFound('Engineer');
  return row;
}

export async function addAbsence(tx: Tx, tenantId: string, engineerId: string, input: z.infer<typeof AbsenceCreate>) {
  const [engineer] = await tx`select 1 from engineers where id = ${engineerId}`;
  if (!engineer) throw notFound('Engineer');
  const [row] = await tx<{ id: string }[]>`
    insert into engineer_absences (tenant_id, engineer_id, during, reason)
    values (${tenantId}, ${engineerId}, tstzrange(${input.from}, ${input.to}), ${input.reason ?? null}) returning id`;
  return { id: row!.id, engineerId, from: input.from, to: input.to };
}

const slaSelect = (tx: Tx) => tx`
  id, name, offset_unit as "offsetUnit", earliest_offset as "earliestOffset", latest_offset as "latestOffset",
  to_char(business_start, 'HH24:MI') as "businessStart", to_char(business_end, 'HH24:MI') as "businessEnd",
  weekends_count as "weekendsCount"`;

export function listSlaProfiles(tx: Tx) {
  return tx<SlaView[]>`select ${slaSelect(tx)} from sla_profiles order by created_at, seq`;
}

export async function createSlaProfile(tx: Tx, tenantId: string, input: z.infer<typeof SlaProfileCreate>, now: Date) {
  const [row] = await tx<SlaView[]>`
    insert into sla_profiles (tenant_id, name, offset_unit, earliest_offset, latest_offset, business_start, business_end, weekends_count, created_at)
    values (${tenantId}, ${input.name}, ${input.offsetUnit}, ${input.earliestOffset}, ${input.latestOffset},
            ${input.businessStart}, ${input.businessEnd}, ${input.weekendsCount}, ${now})
    returning ${slaSelect(tx)}`;
  return row!;
}

export async function setProfileBooking(
  tx: Tx,
  profileId: string,
  input: z.infer<typeof ProfileBookingPut>,
  now: Date,
) {
  if (input.slaProfileId) {
    const [sla] = await tx`select 1 from sla_profiles where id = ${input.slaProfileId}`;
    if (!sla) throw notFound('SLA profile');
  }
  const [row] = await tx`
    update portal_profiles set sla_profile_id = ${input.slaProfileId},
      booking_windows = ${input.windows ? tx.json(input.windows) : null}, window_capacity = ${input.capacity},
      limited_threshold = ${input.limitedThreshold}, booking_text = ${input.bookingText},
      booking_disclaimer = ${input.disclaimer}, updated_at = ${now}
    where id = ${profileId} returning id`;
  if (!row) throw notFound('Profile');
  return input;
}

export async function getBookingSettings(tx: Tx): Promise<z.infer<typeof BookingSettings>> {
  const [row] = await tx<z.infer<typeof BookingSettings>[]>`
    select holiday_country as "holidayCountry", holiday_region as "holidayRegion", booking_cutoff_hours as "cutoffHours",
           booking_policy as policy from tenants`;
  return row!;
}

export async function putBookingSettings(tx: Tx, input: z.infer<typeof BookingSettings>) {
  if (input.holidayRegion && !input.holidayCountry) {
    throw new DomainError('invalid', 'A region needs a country', {
      issues: [{ path: 'json.holidayRegion', message: 'Set holidayCountry too' }],
    });
  }
  await tx`
    update tenants set holiday_country = ${input.holidayCountry}, holiday_region = ${input.holidayRegion},
      booking_cutoff_hours = ${input.cutoffHours}, booking_policy = ${input.policy}`;
  return getBookingSettings(tx);
}

export function listCalendarDays(tx: Tx, from: string, to: string) {
  return tx<
    z.infer<typeof CalendarDay>[]
  >`select day::text as date, kind, note from calendar_days where day between ${from} and ${to} order by day, kind`;
}

export async function putCalendarDay(
  tx: Tx,
  tenantId: string,
  date: string,
  kind: 'closed' | 'limited',
  note: string | null,
) {
  await tx`
    insert into calendar_days (tenant_id, day, kind, note) values (${tenantId}, ${date}, ${kind}, ${note})
    on conflict (tenant_id, day, kind) do update set note = excluded.note`;
  return { date, kind, note };
}

export async function deleteCalendarDay(tx: Tx, date: string, kind: 'closed' | 'limited') {
  await tx`delete from calendar_days where day = ${date} and kind = ${kind}`;
}

export async function setPartsWindow(tx: Tx, ticketId: string, input: z.infer<typeof PartsWindowPut>, now: Date) {
  const [row] = await tx`
    update tickets set parts_from = ${input.partsFrom}, parts_to = ${input.partsTo}, updated_at = ${now}
    where id = ${ticketId} returning id`;
  if (!row) throw notFound('Ticket');
  return input;
}

/** Booked visits overlapping `from`–`to` (site days), with ticket, customer and engineer: the dispatcher's list. */
export function listAppointments(tx: Tx, from: string, to: string) {
  return tx<z.infer<typeof AdminAppointment>[]>`
    select a.id, a.ticket_id as "ticketId", t.title as "ticketTitle", c.name as "customerName", e.name as "engineerName",
           a.day::text as date, to_json(lower(a.during))#>>'{}' as start, to_json(upper(a.during))#>>'{}' as "end",
           l.timezone
    from appointments a
    join tickets t on t.id = a.ticket_id
    join customers c on c.id = t.customer_id
    join locations l on l.id = t.location_id
    join engineers e on e.id = a.engineer_id
    where a.cancelled_at is null and a.day between ${from} and ${to}
    order by a.during, a.id`;
}
