import type { z } from '@hono/zod-openapi';
import { DomainError, notFound } from '../lib/outcomes';
import { storedText } from '../lib/texts';
import type { LocalizedText } from '../schemas/contract/languages';
import type {
  AbsenceCreate,
  AdminAppointment,
  BookingSettings,
  BookingSettingsPut,
  CalendarDay,
  Engineer,
  EngineerCreate,
  EngineerPatch,
  PartsWindowPut,
  ProfileBooking,
  ProfileBookingPut,
  SlaProfile,
  SlaProfileCreate,
} from '../schemas/booking';
import type { Tx } from './client';
import { toColumns } from './columns';
import { flagVisits, type WrittenEvent } from './visit-problems';

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

/** Deactivating an engineer (or activating again) tells the tickets of their booked visits. */
export async function updateEngineer(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: z.infer<typeof EngineerPatch>,
  now: Date,
): Promise<{ engineer: EngineerView; events: WrittenEvent[] }> {
  const columns: Record<string, unknown> = toColumns(patch, ENGINEER_COLUMNS);
  if (patch.workingHours) columns.working_hours = tx.json(patch.workingHours);
  const [before] = await tx<{ active: boolean }[]>`select active from engineers where id = ${id} for update`;
  if (!before) throw notFound('Engineer');
  const [row] = Object.keys(columns).length
    ? await tx<EngineerView[]>`update engineers set ${tx(columns)} where id = ${id} returning ${engineerSelect(tx)}`
    : await tx<EngineerView[]>`select ${engineerSelect(tx)} from engineers where id = ${id}`;
  const events = row!.active === before.active ? [] : await flagVisits(tx, tenantId, { engineerId: id }, now);
  return { engineer: row!, events };
}

/** An absence tells the tickets whose booked visits of this engineer it overlaps. */
export async function addAbsence(
  tx: Tx,
  tenantId: string,
  engineerId: string,
  input: z.infer<typeof AbsenceCreate>,
  now: Date,
) {
  const [engineer] = await tx`select 1 from engineers where id = ${engineerId}`;
  if (!engineer) throw notFound('Engineer');
  const [row] = await tx<{ id: string }[]>`
    insert into engineer_absences (tenant_id, engineer_id, during, reason)
    values (${tenantId}, ${engineerId}, tstzrange(${input.from}, ${input.to}), ${input.reason ?? null}) returning id`;
  const events = await flagVisits(tx, tenantId, { engineerId, from: input.from, to: input.to }, now);
  return { absence: { id: row!.id, engineerId, from: input.from, to: input.to }, events };
}

/** Removing an absence tells the tickets whose booked visits it overlapped (they may take place again). */
export async function deleteAbsence(tx: Tx, tenantId: string, engineerId: string, absenceId: string, now: Date) {
  const [row] = await tx<{ from: string; to: string }[]>`
    delete from engineer_absences where id = ${absenceId} and engineer_id = ${engineerId}
    returning to_json(lower(during))#>>'{}' as "from", to_json(upper(during))#>>'{}' as "to"`;
  if (!row) throw notFound('Absence');
  return flagVisits(tx, tenantId, { engineerId, ...row }, now);
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

/** A portal profile's booking: its SLA profile, windows (null: the SLA profile's hours), capacity and texts. */
export async function getProfileBooking(tx: Tx, profileId: string): Promise<z.infer<typeof ProfileBooking>> {
  const [row] = await tx<z.infer<typeof ProfileBooking>[]>`
    select sla_profile_id as "slaProfileId", booking_windows as windows, window_capacity as capacity,
           limited_threshold as "limitedThreshold", booking_text as "bookingText", booking_disclaimer as disclaimer
    from portal_profiles where id = ${profileId}`;
  if (!row) throw notFound('Profile');
  return row;
}

export async function setProfileBooking(
  tx: Tx,
  profileId: string,
  input: z.infer<typeof ProfileBookingPut>,
  now: Date,
): Promise<z.infer<typeof ProfileBooking>> {
  if (input.slaProfileId) {
    const [sla] = await tx`select 1 from sla_profiles where id = ${input.slaProfileId}`;
    if (!sla) throw notFound('SLA profile');
  }
  const [current] = await tx<
    { language: string; bookingText: LocalizedText | null; disclaimer: LocalizedText | null }[]
  >`
    select language, booking_text as "bookingText", booking_disclaimer as disclaimer
    from portal_profiles where id = ${profileId} for update`;
  if (!current) throw notFound('Profile');
  const bookingText = storedText(input.bookingText, current.bookingText, current.language);
  const disclaimer = storedText(input.disclaimer, current.disclaimer, current.language);
  await tx`
    update portal_profiles set sla_profile_id = ${input.slaProfileId},
      booking_windows = ${input.windows ? tx.json(input.windows) : null}, window_capacity = ${input.capacity},
      limited_threshold = ${input.limitedThreshold}, booking_text = ${bookingText && tx.json(bookingText)},
      booking_disclaimer = ${disclaimer && tx.json(disclaimer)}, updated_at = ${now}
    where id = ${profileId}`;
  return { ...input, bookingText, disclaimer };
}

export async function getBookingSettings(tx: Tx): Promise<z.infer<typeof BookingSettings>> {
  const [row] = await tx<z.infer<typeof BookingSettings>[]>`
    select holiday_country as "holidayCountry", holiday_region as "holidayRegion", booking_cutoff_hours as "cutoffHours",
           booking_policy as policy, phone from tenants`;
  return row!;
}

/** A plain-string policy is stored as the default profile's language's text (the policy is the tenant's). */
export async function putBookingSettings(tx: Tx, input: z.infer<typeof BookingSettingsPut>) {
  if (input.holidayRegion && !input.holidayCountry) {
    throw new DomainError('invalid', 'A region needs a country', {
      issues: [{ path: 'json.holidayRegion', message: 'Set holidayCountry too' }],
    });
  }
  const [current] = await tx<{ policy: LocalizedText | null; language: string | null }[]>`
    select booking_policy as policy, (select language from portal_profiles where is_default) as language
    from tenants for update`;
  const policy = storedText(input.policy, current?.policy ?? null, current?.language ?? 'en');
  await tx`
    update tenants set holiday_country = ${input.holidayCountry}, holiday_region = ${input.holidayRegion},
      booking_cutoff_hours = ${input.cutoffHours}, booking_policy = ${policy && tx.json(policy)}, phone = ${input.phone}`;
  return getBookingSettings(tx);
}

export function listCalendarDays(tx: Tx, from: string, to: string) {
  return tx<
    z.infer<typeof CalendarDay>[]
  >`select day::text as date, kind, note from calendar_days where day between ${from} and ${to} order by day, kind`;
}

/** Closing a day tells the tickets with a visit booked on it; marking it limited changes no visit. */
export async function putCalendarDay(
  tx: Tx,
  tenantId: string,
  date: string,
  kind: 'closed' | 'limited',
  note: string | null,
  now: Date,
) {
  const [row] = await tx<{ inserted: boolean }[]>`
    insert into calendar_days (tenant_id, day, kind, note) values (${tenantId}, ${date}, ${kind}, ${note})
    on conflict (tenant_id, day, kind) do update set note = excluded.note
    returning xmax = 0 as inserted`;
  const events = row!.inserted && kind === 'closed' ? await flagVisits(tx, tenantId, { day: date }, now) : [];
  return { day: { date, kind, note }, events };
}

/** Reopening a closed day tells the tickets with a visit booked on it. */
export async function deleteCalendarDay(tx: Tx, tenantId: string, date: string, kind: 'closed' | 'limited', now: Date) {
  const deleted = await tx`delete from calendar_days where day = ${date} and kind = ${kind} returning 1`;
  return deleted.length && kind === 'closed' ? flagVisits(tx, tenantId, { day: date }, now) : [];
}

/** A new parts window tells the ticket when it has a booked visit (the visit may now lie outside it). */
export async function setPartsWindow(
  tx: Tx,
  tenantId: string,
  ticketId: string,
  input: z.infer<typeof PartsWindowPut>,
  now: Date,
) {
  const [row] = await tx`
    update tickets set parts_from = ${input.partsFrom}, parts_to = ${input.partsTo}, updated_at = ${now}
    where id = ${ticketId} returning id`;
  if (!row) throw notFound('Ticket');
  return { parts: input, events: await flagVisits(tx, tenantId, { ticketId }, now) };
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
