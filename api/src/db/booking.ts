/** The booking's reads: a ticket's booking context, its windows' load, an appointment, an answered request. */
import { notFound } from '../lib/outcomes';
import type { Appointment } from '../schemas/contract/booking';
import type { LocalizedText } from '../schemas/contract/languages';
import type { StatusKey } from '../schemas/contract/tickets';
import { DEFAULT_SLA, type IsoDate, type SlaRules } from '../lib/booking-calendar';
import type { Tx } from './client';

/** A bookable window of a profile, in the site's local time (`HH:MM`). */
export interface BookingWindow {
  no: number;
  start: string;
  end: string;
}

/** Everything availability and booking need to know about one ticket, read in one statement. */
export interface BookingContext {
  ticketId: string;
  profileId: string;
  status: StatusKey;
  receivedAt: Date;
  timezone: string;
  postalCode: string;
  skills: string[];
  partsFrom: IsoDate | null;
  partsTo: IsoDate | null;
  sla: SlaRules;
  windows: BookingWindow[];
  capacity: number;
  limitedThreshold: number;
  /** The profile's texts per language and its fallback language. */
  language: string;
  salutation: LocalizedText | null;
  bookingText: LocalizedText | null;
  disclaimer: LocalizedText | null;
  country: string | null;
  region: string | null;
  cutoffHours: number;
  policy: LocalizedText | null;
  closedDays: Set<IsoDate>;
  limitedDays: Set<IsoDate>;
  current: Appointment | null;
  /** The current visit's engineer is away over it, or no longer active. */
  engineerAway: boolean;
  waitlisted: boolean;
  /** What the customer's calendar entry for the visit names. */
  visit: { company: string; phone: string | null; reference: string | null; title: string; address: string };
}

/** Slot ids name the profile's window on a day: `2027-03-29.0.<profile id>`. */
export const slotId = (profileId: string, date: IsoDate, no: number) => `${date}.${no}.${profileId}`;

export function parseSlotId(id: string): { date: IsoDate; no: number; profileId: string } | null {
  const match = /^(\d{4}-\d{2}-\d{2})\.(\d{1,2})\.([0-9a-f-]{36})$/.exec(id);
  if (!match || Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`))) return null;
  return { date: match[1]!, no: Number(match[2]), profileId: match[3]! };
}

const hhmm = (time: string) => time.slice(0, 5);

/**
 * Reads the ticket with its location, profile, SLA profile, tenant rules, calendar days and current appointment.
 * `lock` takes the ticket row lock: bookings of one ticket (and repeats of one Idempotency-Key) run one at a time.
 */
export async function loadBookingContext(tx: Tx, ticketId: string, lock = false): Promise<BookingContext> {
  const [row] = await tx`
    select t.id, t.status, t.created_at, t.skills, t.parts_from::text, t.parts_to::text,
           l.timezone, coalesce(l.postal_code, '') as postal_code,
           p.id as profile_id, p.booking_windows, p.window_capacity, p.limited_threshold, p.booking_text, p.salutation,
           p.booking_disclaimer, p.language,
           s.offset_unit, s.earliest_offset, s.latest_offset, s.business_start::text, s.business_end::text, s.weekends_count,
           n.holiday_country, n.holiday_region, n.booking_cutoff_hours, n.booking_policy,
           n.name as company_name, n.phone as company_phone, t.external_ref, t.title,
           concat_ws(', ', l.line1, nullif(concat_ws(' ', l.postal_code, l.city), '')) as address,
           (select coalesce(array_agg(day::text) filter (where kind = 'closed'), '{}') from calendar_days) as closed_days,
           (select coalesce(array_agg(day::text) filter (where kind = 'limited'), '{}') from calendar_days) as limited_days,
           a.id as appointment_id, a.day::text as appointment_day, a.window_no, a.profile_id as appointment_profile,
           lower(a.during) as appointment_start, upper(a.during) as appointment_end,
           a.id is not null and (
             exists (select 1 from engineer_absences e where e.engineer_id = a.engineer_id and e.during && a.during)
             or not exists (select 1 from engineers g where g.id = a.engineer_id and g.active)) as engineer_away,
           exists (select 1 from booking_waitlist w where w.ticket_id = t.id and w.notified_at is null) as waitlisted
    from tickets t
    join locations l on l.id = t.location_id
    join tenants n on n.id = t.tenant_id
    left join projects pr on pr.id = t.project_id
    join portal_profiles p on p.id = coalesce(t.profile_id, pr.profile_id, (select d.id from portal_profiles d where d.is_default))
    left join sla_profiles s on s.id = p.sla_profile_id
    left join appointments a on a.ticket_id = t.id and a.cancelled_at is null
    where t.id = ${ticketId}
    ${lock ? tx`for update of t` : tx``}`;
  if (!row) throw notFound('Ticket');
  const sla: SlaRules = row.offset_unit
    ? {
        unit: row.offset_unit,
        earliestOffset: row.earliest_offset,
        latestOffset: row.latest_offset,
        businessStart: hhmm(row.business_start),
        businessEnd: hhmm(row.business_end),
        weekendsCount: row.weekends_count,
      }
    : DEFAULT_SLA;
  const custom = row.booking_windows as { start: string; end: string }[] | null;
  const windows = (custom ?? [{ start: sla.businessStart, end: sla.businessEnd }]).map((w, no) => ({
    no,
    start: w.start,
    end: w.end,
  }));
  return {
    ticketId: row.id,
    profileId: row.profile_id,
    status: row.status,
    receivedAt: row.created_at,
    timezone: row.timezone,
    postalCode: row.postal_code,
    skills: row.skills,
    partsFrom: row.parts_from,
    partsTo: row.parts_to,
    sla,
    windows,
    capacity: row.window_capacity,
    limitedThreshold: row.limited_threshold,
    language: row.language,
    salutation: row.salutation,
    bookingText: row.booking_text,
    disclaimer: row.booking_disclaimer,
    country: row.holiday_country,
    region: row.holiday_region,
    cutoffHours: row.booking_cutoff_hours,
    policy: row.booking_policy,
    visit: {
      company: row.company_name,
      phone: row.company_phone,
      reference: row.external_ref,
      title: row.title,
      address: row.address,
    },
    closedDays: new Set(row.closed_days),
    limitedDays: new Set(row.limited_days),
    current: row.appointment_id
      ? {
          id: row.appointment_id,
          slotId: slotId(row.appointment_profile, row.appointment_day, row.window_no),
          date: row.appointment_day,
          start: new Date(row.appointment_start).toISOString(),
          end: new Date(row.appointment_end).toISOString(),
          timezone: row.timezone,
        }
      : null,
    engineerAway: row.engineer_away,
    waitlisted: row.waitlisted,
  };
}

/** How loaded one window of one day is. */
export interface WindowLoad {
  day: IsoDate;
  no: number;
  start: Date;
  end: Date;
  /** Engineers with the ticket's skills (and area) whose shift covers the window. */
  working: number;
  /** Of those, how many are booked or absent during the window. */
  blocked: number;
  /** Seats of this profile's window already taken. */
  booked: number;
}

/** The engineers who can take this ticket: active, with its skills, covering its postal code. */
export const matchingEngineer = (tx: Tx, ctx: BookingContext) => tx`
  e.active and e.skills @> ${ctx.skills}::text[]
  and (e.service_area = '{}' or exists (select 1 from unnest(e.service_area) area where ${ctx.postalCode} like area || '%'))`;

/**
 * The load of every window of the given days, in one set-based statement: days × windows, against the matching
 * engineers grouped by shift pattern (500 engineers with a handful of patterns cost a handful of rows). Shifts are
 * checked once per window and pattern; each window finds the visits overlapping it by one index range on their
 * start (migration 0011) and absences by overlap, and the busy engineers are counted per pattern, so no visit is
 * checked against its engineer one by one.
 */
export function windowLoads(tx: Tx, ctx: BookingContext, days: IsoDate[]) {
  // Arrays, not generate_series/jsonb: the planner then expects tens of rows, not 100,000, and never JIT-compiles.
  return tx<WindowLoad[]>`
    with bounds as (
      select d.day, x.no,
             (d.day + x.start_at) at time zone ${ctx.timezone} as starts, (d.day + x.end_at) at time zone ${ctx.timezone} as ends
      from unnest(${days}::date[]) as d(day)
      cross join unnest(${ctx.windows.map((w) => w.no)}::int[], ${ctx.windows.map((w) => w.start)}::time[],
                        ${ctx.windows.map((w) => w.end)}::time[]) as x(no, start_at, end_at)
    ), w as (
      -- \`reach\`: the earliest start of a visit that can overlap the window (no visit is longer than 25 hours).
      select day, no, starts, ends, tstzrange(starts, ends) as during, starts - interval '25 hours' as reach from bounds
    ), patterns as materialized (
      -- Engineers grouped by shift pattern: 500 engineers with a handful of patterns cost a handful of rows.
      select row_number() over () as pattern, working_hours, timezone, count(*)::int as n, array_agg(e.id) as ids
      from engineers e where ${matchingEngineer(tx, ctx)} group by working_hours, timezone
    ), pattern_of as materialized (
      select unnest(ids) as engineer_id, pattern from patterns
    ), covering as materialized (
      -- Which pattern's shift covers which window: shifts are computed here only (patterns × windows), never per visit.
      select w.day, w.no, p.pattern, p.n
      from w join patterns p on porch_shift(w.day, p.working_hours, p.timezone) @> w.during
    ), working as (
      select w.day, w.no, coalesce(sum(c.n), 0)::int as n
      from w left join covering c on c.day = w.day and c.no = w.no
      group by 1, 2
    ), taken as materialized (
      -- Who is busy in each window (a visit or an absence overlapping it), per shift pattern. Visits are found by
      -- their start, whatever their site's zone; the bounds are compared as plain (leakproof) timestamps, so RLS
      -- leaves the index range usable. Counting per window keeps each distinct count to a few hundred rows (an
      -- engineer with two short visits, or a visit and an absence, counts once).
      select w.day, w.no, busy.pattern, busy.n
      from w cross join lateral (
        select m.pattern, count(distinct x.engineer_id)::int as n
        from (select engineer_id from appointments
              where cancelled_at is null and starts_at > w.reach and starts_at < w.ends and ends_at > w.starts
              union all
              select engineer_id from engineer_absences b where b.during && w.during) x
        join pattern_of m on m.engineer_id = x.engineer_id
        group by m.pattern
      ) busy
    ), blocked as (
      -- Busy engineers whose shift covers the window.
      select t.day, t.no, sum(t.n)::int as n
      from taken t join covering c on c.day = t.day and c.no = t.no and c.pattern = t.pattern
      group by 1, 2
    ), booked as (
      select day, window_no as no, count(*)::int as n from appointments
      where cancelled_at is null and profile_id = ${ctx.profileId} and day = any(${days}::date[])
      group by 1, 2
    )
    select w.day::text as day, w.no, w.starts as start, w.ends as "end",
           wk.n as working, coalesce(bl.n, 0) as blocked, coalesce(bk.n, 0) as booked
    from w
    join working wk on wk.day = w.day and wk.no = w.no
    left join blocked bl on bl.day = w.day and bl.no = w.no
    left join booked bk on bk.day = w.day and bk.no = w.no
    order by w.day, w.no`;
}

export async function readAppointment(tx: Tx, id: string, timezone: string): Promise<Appointment> {
  const [row] = await tx`
    select id, profile_id, day::text, window_no, lower(during) as start, upper(during) as "end" from appointments where id = ${id}`;
  if (!row) throw notFound('Appointment');
  return {
    id: row.id,
    slotId: slotId(row.profile_id, row.day, row.window_no),
    date: row.day,
    start: new Date(row.start).toISOString(),
    end: new Date(row.end).toISOString(),
    timezone,
  };
}

/**
 * One cheap read before the ticket is locked: has this Idempotency-Key been answered, and is the window already
 * full with other tickets' visits? A full window answers SLOT_TAKEN at once (a seat frees only by a cancellation,
 * so the answer was true at this snapshot); everything else takes the locked path, where the database decides.
 */
export async function windowFullFor(
  tx: Tx,
  ticketId: string,
  key: string,
  target: { profileId: string; date: IsoDate; no: number },
) {
  const [row] = await tx<{ answered: boolean; full: boolean }[]>`
    select exists (select 1 from booking_requests where ticket_id = ${ticketId} and idempotency_key = ${key}) as answered,
           coalesce((select count(*) from appointments a
                     where a.cancelled_at is null and a.profile_id = ${target.profileId} and a.day = ${target.date}
                       and a.window_no = ${target.no} and a.ticket_id <> ${ticketId})
                    >= (select window_capacity from portal_profiles where id = ${target.profileId}), false) as full`;
  return row!;
}

export async function findBookingRequest(tx: Tx, ticketId: string, key: string) {
  const [row] = await tx<{ slotId: string; appointmentId: string; rescheduled: boolean }[]>`
    select slot_id as "slotId", appointment_id as "appointmentId", rescheduled
    from booking_requests where ticket_id = ${ticketId} and idempotency_key = ${key}`;
  return row;
}
