import { TEST_SECRET_BOX } from '../api/src/testing/secret';
import { createApp } from '../api/src/app';
import type { Database } from '../api/src/db/open';
import { createTenant } from '../api/src/db/tenants';
import { systemClock } from '../api/src/lib/clock';
import { sampleTicket } from '../api/src/testing/harness';
import { drive, median } from './throughput';

export interface JobsBenchResult {
  database: string;
  ticketReadMs: number;
  historyFirstMs: number;
  historyPage50Ms: number;
  searchMs: number;
  historyJobs: number;
  searchTickets: number;
}

const HISTORY_JOBS = Number(process.env.BENCH_JOBS_HISTORY ?? 10_000);
const SEARCH_TICKETS = Number(process.env.BENCH_JOBS_SEARCH ?? 100_000);
const PAGE = 20;

/**
 * The job list at scale, against figures of the same run: page 50 of a customer's service history (10,000 completed
 * jobs, 20 a page, keyset cursor) vs its page 1; a search over 100,000 tickets of one tenant (admin API, a partial
 * reference) vs one portal ticket read. Rows are inserted in bulk by SQL; the measured calls go through the app.
 */
export async function measureJobs(label: string, database: Database, rounds = 3, perRound = 30) {
  const { sql } = database;
  const app = createApp({ secretBox: TEST_SECRET_BOX, sql, clock: systemClock });
  const tenant = await createTenant(sql, { name: `Bench jobs ${Date.now()}`, origins: ['https://acme.example'] });
  const admin = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
  const ticket = (await (
    await app.request('/v1/admin/tickets', { method: 'POST', headers: admin, body: JSON.stringify(sampleTicket()) })
  ).json()) as { id: string; customer: { id: string }; location: { id: string } };
  const [row] = await sql<{ locationId: string }[]>`
    select location_id as "locationId" from tickets where id = ${ticket.id}`;
  const locationId = row!.locationId;

  await sql`
    insert into tickets (tenant_id, customer_id, location_id, title, external_ref, status, status_reached,
                         created_at, updated_at)
    select ${tenant.tenantId}, ${ticket.customer.id}, ${locationId}, 'Past job ' || g, 'HIST-' || lpad(g::text, 6, '0'),
           'completed', jsonb_build_object('received', at, 'completed', at + interval '2 hours'), at, at
    from generate_series(1, ${HISTORY_JOBS}::int) g, lateral (select timestamptz '2020-01-01' + g * interval '3 hours' as at) x`;
  await sql`
    insert into tickets (tenant_id, customer_id, location_id, title, description, external_ref, status,
                         technician_first_name, status_reached, created_at, updated_at)
    select ${tenant.tenantId}, ${ticket.customer.id}, ${locationId},
           (array['Printer jams', 'Toner smears', 'Fuser noise', 'Scanner offline'])[1 + g % 4] || ' #' || g,
           md5(g::text), 'SRCH-' || lpad(g::text, 6, '0'),
           'dispatched', (array['Erik', 'Farah', 'Gwen', 'Hiro', 'Ines'])[1 + g % 5],
           jsonb_build_object('received', now()), now(), now()
    from generate_series(1, ${SEARCH_TICKETS}::int) g`;
  await sql`analyze tickets`;

  const link = (await (
    await app.request(`/v1/admin/customers/${ticket.customer.id}/login-links`, {
      method: 'POST',
      headers: admin,
      body: '{}',
    })
  ).json()) as { token: string };
  const redeemed = await app.request('/v1/portal/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: link.token }),
  });
  if (redeemed.status !== 200) throw new Error(`redeem answered ${redeemed.status}: ${await redeemed.text()}`);
  const session = (await redeemed.json()) as { session: string };
  const portal = { authorization: `Bearer ${session.session}` };

  const get = async (path: string, headers: Record<string, string>) => {
    const res = await app.request(path, { headers });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const history = `/v1/portal/jobs?view=history&limit=${PAGE}`;
  let cursor: string | null = null;
  for (let page = 1; page < 50; page++) {
    cursor = (await get(`${history}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, portal)).nextCursor;
  }
  const page50 = `${history}&cursor=${encodeURIComponent(cursor!)}`;
  // A partial reference: the digits of one ticket's `SRCH-…` reference.
  const digits = String(Math.ceil(SEARCH_TICKETS * 0.543)).padStart(6, '0');
  const search = `/v1/admin/tickets?q=${digits}`;
  const found = await get(search, admin);
  if (!found.items.some((t: { externalRef: string }) => t.externalRef === `SRCH-${digits}`))
    throw new Error(`the search did not find SRCH-${digits}`);

  const ops = {
    read: () => get(`/v1/portal/tickets/${ticket.id}`, portal),
    first: () => get(history, portal),
    page50: () => get(page50, portal),
    search: () => get(search, admin),
  };
  const ms: Record<keyof typeof ops, number[]> = { read: [], first: [], page50: [], search: [] };
  for (const task of Object.values(ops)) await drive(1, 5, async () => void (await task()));
  for (let round = 0; round < rounds; round++) {
    for (const [name, task] of Object.entries(ops) as [keyof typeof ops, () => Promise<unknown>][]) {
      ms[name].push(1000 / (await drive(1, perRound, async () => void (await task()))).rate);
    }
  }
  return {
    database: label,
    ticketReadMs: median(ms.read),
    historyFirstMs: median(ms.first),
    historyPage50Ms: median(ms.page50),
    searchMs: median(ms.search),
    historyJobs: HISTORY_JOBS,
    searchTickets: SEARCH_TICKETS,
  } satisfies JobsBenchResult;
}
