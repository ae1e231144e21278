import { createApp } from '../api/src/app';
import type { Database } from '../api/src/db/open';
import { rateHit } from '../api/src/db/rate-limits';
import { createTenant } from '../api/src/db/tenants';
import { systemClock } from '../api/src/lib/clock';
import { sampleTicket } from '../api/src/testing/harness';
import { drive, median } from './throughput';
import { TEST_SECRET_BOX } from '../api/src/testing/secret';

export interface AccessRow {
  database: string;
  operation: string;
  perSecond: number;
  /** Per-second rate of the raw primary-key select measured alongside (the baseline). */
  baselinePerSecond: number;
}

/**
 * What access control costs per request, sequentially, against a raw primary-key select on the same pool in the
 * same run (interleaved rounds, medians): one rate-limit hit (the single upsert every redeem, link request and
 * portal write pays) and a login link's whole life (issue through the admin API + redeem through the portal).
 */
export async function measureAccess(label: string, database: Database, total: number): Promise<AccessRow[]> {
  const { sql } = database;
  const app = createApp({ secretBox: TEST_SECRET_BOX, sql, clock: systemClock });
  const tenant = await createTenant(sql, { name: 'Bench access', origins: ['https://acme.example'] });
  const auth = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
  const ticket = (await (
    await app.request('/v1/admin/tickets', { method: 'POST', headers: auth, body: JSON.stringify(sampleTicket()) })
  ).json()) as any;

  const raw = async () => {
    await sql`select * from tickets where id = ${ticket.id}`;
  };
  let n = 0;
  const limitHit = async () => {
    await rateHit(sql, `bench:${n++ % 64}`, { limit: 10_000, windowSeconds: 60 });
  };
  const loginLink = async () => {
    const link = (await (
      await app.request(`/v1/admin/customers/${ticket.customer.id}/login-links`, {
        method: 'POST',
        headers: { authorization: auth.authorization },
      })
    ).json()) as any;
    // A different client address per redeem: the bench measures the work, not the per-IP limit.
    const env = { incoming: { socket: { remoteAddress: `10.9.${(n >> 8) & 255}.${n++ & 255}` } } };
    const res = await app.request(
      '/v1/portal/session',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: link.token }) },
      env,
    );
    if (res.status !== 200) throw new Error(`login-link redeem answered ${res.status}`);
    await res.arrayBuffer();
  };

  const ops: [string, () => Promise<void>][] = [
    ['rate-limit hit (one upsert)', limitHit],
    ['login link: issue + redeem', loginLink],
  ];
  const rows: AccessRow[] = [];
  for (const [operation, task] of ops) {
    await drive(1, Math.min(100, total), task);
    const base: number[] = [];
    const measured: number[] = [];
    for (let round = 0; round < 3; round++) {
      base.push((await drive(1, total, raw)).rate);
      measured.push((await drive(1, total, task)).rate);
    }
    rows.push({ database: label, operation, perSecond: median(measured), baselinePerSecond: median(base) });
  }
  return rows;
}
