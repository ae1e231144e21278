import { createApp } from '../api/src/app';
import { withTenant } from '../api/src/db/client';
import type { Database } from '../api/src/db/open';
import { createTenant } from '../api/src/db/tenants';
import { fixedClock } from '../api/src/lib/clock';
import { SessionService } from '../api/src/services/sessions';
import { TEST_SECRET_BOX } from '../api/src/testing/secret';

const ORIGIN = 'https://acme.example';
/** A Monday; the bench's clock stands here so the month measured is always the same. */
const NOW = new Date('2027-02-01T06:00:00Z');
const MONTH = { from: '2027-03-01', to: '2027-03-31' };
const week = (days: string, from: string, to: string) => Object.fromEntries([...days].map((d) => [d, [from, to]]));
const SHIFT_PATTERNS = [
  week('12345', '07:00', '16:00'),
  week('12345', '08:00', '17:00'),
  week('1234', '08:00', '16:30'),
  { ...week('2345', '06:00', '18:00'), 6: ['08:00', '12:00'] },
  week('135', '07:30', '16:30'),
];

export interface BookingBenchResult {
  database: string;
  engineers: number;
  appointments: number;
  ticketReadMs: number;
  monthMs: number;
  uncontendedBookingMs: number;
  contendedP50Ms: number;
  contendedP99Ms: number;
  successes: number;
  conflicts: number;
  others: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

async function timed(times: number, task: () => Promise<void>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** `count` tickets with booking sessions, inserted in bulk (the bench is about availability and races, not setup). */
async function bulkTickets(database: Database, tenantId: string, count: number, withSessions: boolean) {
  const rows = await database.sql<{ id: string; customer_id: string }[]>`
    with c as (
      insert into customers (tenant_id, name) select ${tenantId}, 'Customer ' || n from generate_series(1, ${count}::int) n returning id
    ), l as (
      insert into locations (tenant_id, customer_id, line1, city, postal_code, country, timezone)
      select ${tenantId}, id, 'Hauptstr. 1', 'Berlin', '10115', 'DE', 'Europe/Berlin' from c returning id, customer_id
    )
    insert into tickets (tenant_id, customer_id, location_id, title, skills, created_at)
    select ${tenantId}, customer_id, id, 'Printer jams', '{printer}', ${NOW} from l returning id, customer_id`;
  if (!withSessions) return rows.map((row) => ({ id: row.id, session: '' }));
  const sessions = new SessionService(database.tenants, fixedClock(NOW), TEST_SECRET_BOX);
  return withTenant(database.sql, tenantId, async (tx) => {
    const out = [];
    for (const row of rows) {
      out.push({
        id: row.id,
        session: (
          await sessions.issue(tx, {
            tenantId,
            customerId: row.customer_id,
            ticketId: row.id,
            scopes: ['track', 'book'],
            via: 'ticket',
          })
        ).session,
      });
    }
    return out;
  });
}

/**
 * Month availability for a tenant with `engineers` engineers and `appointments` booked visits, against one portal
 * ticket read in the same run; then `contenders` concurrent bookings of one window of capacity 3, against one
 * uncontended booking. Everything goes through the whole app in process (`app.request`).
 */
export async function measureBooking(
  label: string,
  database: Database,
  { engineers = 500, appointments = 20_000, contenders = 1000 } = {},
): Promise<BookingBenchResult> {
  const clock = fixedClock(NOW);
  const app = createApp({ secretBox: TEST_SECRET_BOX, sql: database.sql, clock });
  const tenant = await createTenant(database.sql, { name: 'Bench booking', origins: [ORIGIN] });
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await app.request(`/v1/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: any = await response.json();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { items } = await admin('GET', '/profiles');
  const profileId: string = items[0].id;
  await admin('PATCH', `/profiles/${profileId}`, { mode: 'tracking+booking' });
  const sla = await admin('POST', '/sla-profiles', { name: 'Bench', earliestOffset: 1, latestOffset: 120 });
  await admin('PUT', `/profiles/${profileId}/booking`, {
    slaProfileId: sla.id,
    windows: [
      { start: '08:00', end: '12:00' },
      { start: '12:00', end: '16:00' },
    ],
    capacity: 1000,
    limitedThreshold: 2,
  });
  await admin('PUT', '/booking-settings', { holidayCountry: 'DE', holidayRegion: 'BE', cutoffHours: 24, policy: null });

  // Engineers with five shift patterns and a few skill sets; every one can fix printers.
  const { tenantId } = tenant;
  await database.sql`
    insert into engineers (tenant_id, name, skills, working_hours, timezone)
    select ${tenantId}, 'Engineer ' || n, array['printer', (array['hvac', 'network', 'copier'])[1 + n % 3]],
           ${database.sql.json(SHIFT_PATTERNS)}::jsonb -> (n % 5),
           'Europe/Berlin'
    from generate_series(1, ${engineers}::int) n`;
  // Booked visits: each engineer's k-th visit on day k from 1 March (morning or afternoon by engineer): ~40 days.
  const tickets = await bulkTickets(database, tenantId, appointments, false);
  await database.sql`
    insert into appointments (tenant_id, ticket_id, profile_id, engineer_id, day, window_no, during, seat, capacity)
    select ${tenantId}, v.id, ${profileId}, e.id, v.day, v.no,
           tstzrange((v.day + v.start_at) at time zone 'Europe/Berlin', (v.day + v.start_at + interval '4 hours') at time zone 'Europe/Berlin'),
           row_number() over (partition by v.day, v.no order by v.id), 1000
    from (
      select t.id, (t.i - 1) % ${engineers} as k, '2027-03-01'::date + ((t.i - 1) / ${engineers})::int as day,
             ((t.i - 1) % ${engineers} % 2)::int as no,
             case when (t.i - 1) % ${engineers} % 2 = 0 then '08:00'::time else '12:00'::time end as start_at
      from unnest(${tickets.map((t) => t.id)}::uuid[]) with ordinality as t(id, i)
    ) v
    join (select id, row_number() over (order by id) - 1 as k from engineers where tenant_id = ${tenantId}) e on e.k = v.k`;
  // Steady state, as autovacuum leaves a running database within a minute of such a load: statistics, and a
  // visibility map, without which every index-only scan of the fresh rows would also fetch each row from the heap.
  await database.sql`vacuum analyze`;

  const [reader] = await bulkTickets(database, tenantId, 1, true);
  const get = (path: string) => async () => {
    const response = await app.request(path, {
      headers: { authorization: `Bearer ${reader!.session}`, origin: ORIGIN },
    });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  const read = get(`/v1/portal/tickets/${reader!.id}`);
  const month = get(`/v1/portal/tickets/${reader!.id}/availability?from=${MONTH.from}&to=${MONTH.to}`);
  await timed(20, read);
  await timed(3, month);
  const ticketReadMs = median([await timed(200, read), await timed(200, read), await timed(200, read)]);
  const monthMs = median([await timed(10, month), await timed(10, month), await timed(10, month)]);

  // Contention: a profile of its own with one window of capacity 3 and five engineers of a skill no one else has.
  const race = await admin('POST', '/profiles', { name: 'Race', mode: 'tracking+booking' });
  await admin('PUT', `/profiles/${race.id}/booking`, {
    slaProfileId: sla.id,
    windows: [{ start: '08:00', end: '12:00' }],
    capacity: 3,
  });
  for (let i = 0; i < 5; i++) {
    await admin('POST', '/engineers', {
      name: `Racer ${i}`,
      skills: ['race'],
      workingHours: SHIFT_PATTERNS[1],
      timezone: 'Europe/Berlin',
    });
  }
  const racers = await bulkTickets(database, tenantId, contenders + 20, true);
  await database.sql`update tickets set profile_id = ${race.id}, skills = '{race}' where id in ${database.sql(racers.map((r) => r.id))}`;
  let key = 0;
  const book = (ticket: { id: string; session: string }, date: string) =>
    app.request(`/v1/portal/tickets/${ticket.id}/appointment`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${ticket.session}`,
        origin: ORIGIN,
        'content-type': 'application/json',
        'idempotency-key': `bench-${++key}-${date}`,
      },
      body: JSON.stringify({ slotId: `${date}.0.${race.id}` }),
    });
  const solo: number[] = [];
  // Tuesdays and Thursdays of March (no Berlin holidays): one uncontended booking per window.
  for (const [i, day] of ['02', '04', '09', '11', '16', '18', '23', '25', '30'].map((d) => `2027-03-${d}`).entries()) {
    const started = performance.now();
    const response = await book(racers[contenders + i]!, day);
    solo.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`uncontended booking: ${response.status} ${await response.text()}`);
  }
  const latencies: number[] = [];
  const statuses = await Promise.all(
    racers.slice(0, contenders).map(async (ticket) => {
      const started = performance.now();
      const response = await book(ticket, '2027-03-03');
      await response.arrayBuffer();
      latencies.push(performance.now() - started);
      return response.status;
    }),
  );
  return {
    database: label,
    engineers,
    appointments,
    ticketReadMs,
    monthMs,
    uncontendedBookingMs: median(solo),
    contendedP50Ms: percentile(latencies, 0.5),
    contendedP99Ms: percentile(latencies, 0.99),
    successes: statuses.filter((s) => s === 200).length,
    conflicts: statuses.filter((s) => s === 409).length,
    others: statuses.filter((s) => s !== 200 && s !== 409).length,
  };
}
