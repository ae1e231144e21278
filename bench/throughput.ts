import { createApp } from '../api/src/app';
import type { Database } from '../api/src/db/open';
import { createTenant } from '../api/src/db/tenants';
import { systemClock } from '../api/src/lib/clock';
import { sampleTicket } from '../api/src/testing/harness';
import { TEST_SECRET_BOX } from '../api/src/testing/secret';

const ORIGIN = 'https://acme.example';

export interface ThroughputResult {
  database: string;
  concurrency: number;
  rawPerSecond: number;
  apiPerSecond: number;
  rawP50: number;
  rawP99: number;
  apiP50: number;
  apiP99: number;
}

/** Runs `task` `total` times, `CONCURRENCY` at a time; returns the rate and the latencies in ms. */
export async function drive(concurrency: number, total: number, task: () => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) {
        const t = performance.now();
        await task();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return { rate: total / seconds, p50: pct(0.5), p99: pct(0.99) };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The authenticated portal ticket read through the whole app (routing, session check, CORS gate, RLS transaction,
 * JSON), in process, against a raw primary-key select of the same ticket on the same pool — interleaved rounds,
 * medians reported, so machine noise hits both sides alike. Sequential requests show the per-request cost;
 * concurrent ones show the CPU-bound throughput (PostgreSQL and node share the machine's cores).
 */
export async function measureThroughput(
  label: string,
  database: Database,
  total: number,
  concurrencies: number[],
): Promise<ThroughputResult[]> {
  const { sql } = database;
  const app = createApp({ secretBox: TEST_SECRET_BOX, sql, clock: systemClock });
  const tenant = await createTenant(sql, { name: 'Bench', origins: [ORIGIN] });
  const auth = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
  const ticket = (await (
    await app.request('/v1/admin/tickets', { method: 'POST', headers: auth, body: JSON.stringify(sampleTicket()) })
  ).json()) as any;
  await app.request(`/v1/admin/tickets/${ticket.id}/events`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ status: 'on_route', technician: { firstName: 'Sam' } }),
  });
  const link = (await (
    await app.request(`/v1/admin/tickets/${ticket.id}/links`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ kind: 'ticket' }),
    })
  ).json()) as any;
  const { session } = (await (
    await app.request('/v1/portal/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ token: link.token }),
    })
  ).json()) as any;

  const raw = async () => {
    const rows = await sql`select * from tickets where id = ${ticket.id}`;
    if (rows.length !== 1) throw new Error('raw select found no ticket');
  };
  const headers = { authorization: `Bearer ${session}`, origin: ORIGIN };
  const api = async () => {
    const response = await app.request(`/v1/portal/tickets/${ticket.id}`, { headers });
    if (response.status !== 200) throw new Error(`API read answered ${response.status}`);
    await response.arrayBuffer();
  };

  await drive(4, Math.min(500, total), raw);
  await drive(4, Math.min(500, total), api);
  const results: ThroughputResult[] = [];
  for (const concurrency of concurrencies) {
    type Run = Awaited<ReturnType<typeof drive>>;
    const rounds = { raw: [] as Run[], api: [] as Run[] };
    for (let round = 0; round < 3; round++) {
      rounds.raw.push(await drive(concurrency, total, raw));
      rounds.api.push(await drive(concurrency, total, api));
    }
    const pick = (runs: Run[], key: 'rate' | 'p50' | 'p99') => median(runs.map((r) => r[key]));
    results.push({
      database: label,
      concurrency,
      rawPerSecond: pick(rounds.raw, 'rate'),
      apiPerSecond: pick(rounds.api, 'rate'),
      rawP50: pick(rounds.raw, 'p50'),
      rawP99: pick(rounds.raw, 'p99'),
      apiP50: pick(rounds.api, 'p50'),
      apiP99: pick(rounds.api, 'p99'),
    });
  }
  return results;
}
