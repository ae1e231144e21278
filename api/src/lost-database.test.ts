import { TEST_SECRET_BOX } from './testing/secret';
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createApp } from './app';
import { connect, withTenant, type Sql } from './db/client';
import type { Database } from './db/open';
import { createTenant } from './db/tenants';
import { TenantDb } from './db/tenant-db';
import { systemClock } from './lib/clock';
import { DeadlineError, withDeadline } from './lib/deadline';
import type { Logger } from './lib/log';
import { startMaintenance } from './services/maintenance';
import { smtpChannel } from './services/outbox/channels';
import { startLocalSmtp, type LocalSmtp } from './services/outbox/local-smtp';
import { OutboxWorker } from './services/outbox/worker';
import { freshDatabase } from './testing/database';
import { startFaultProxy } from './testing/fault-proxy';
import { seedEmails } from './testing/outbox';
import { sampleTicket } from './testing/harness';

/**
 * The database silently unreachable (a partition: nothing refuses, nothing answers) and then back: requests answer
 * 503 with Retry-After within their deadline, /readyz says so within 2 s, the outbox worker and the maintenance loop
 * time out, log, and carry on by themselves once the database is back.
 */
describe('a silently unreachable database', () => {
  let database: Database;
  let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
  let sql: Sql;
  let smtp: LocalSmtp;
  const logged: { event: string; fields?: Record<string, unknown> }[] = [];
  const log: Logger = {
    info: (event, fields) => logged.push({ event, fields }),
    error: (event, fields) => logged.push({ event, fields }),
  };

  before(async () => {
    database = await freshDatabase();
    smtp = await startLocalSmtp();
  });
  after(async () => {
    await smtp?.close();
    await database?.close();
  });
  // Each test its own proxy and pool, so a held connection of one never reaches the next.
  let stops: (() => Promise<unknown>)[] = [];
  const fresh = async () => {
    proxy = await startFaultProxy(database.url);
    sql = connect({ url: proxy.url, max: 2, prepare: database.kind === 'postgres' });
    stops.push(
      () => sql.end({ timeout: 1 }),
      () => proxy.close(),
    );
  };
  afterEach(async () => {
    for (const stop of stops.reverse()) await stop();
    stops = [];
    logged.length = 0;
  });

  const until = async (what: string, ms: number, check: () => boolean | Promise<boolean>) => {
    const deadline = performance.now() + ms;
    while (!(await check())) {
      assert.ok(performance.now() < deadline, `${what} within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  // First: under the embedded database every connection shares one session, and the fault tests below leave
  // transactions of their held connections behind in it.
  it('a tenant transaction whose deadline passed rolls back instead of committing', async () => {
    const tenant = await createTenant(database.sql, { name: 'Acme', origins: ['https://acme.example'] });
    const insertSlowly = (name: string) =>
      withTenant(database.sql, tenant.tenantId, async (tx) => {
        await tx`insert into customers (tenant_id, name) values (${tenant.tenantId}, ${name})`;
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
    let late: Promise<unknown> = Promise.resolve();
    await assert.rejects(
      withDeadline(() => (late = insertSlowly('Given up')), 100, 'test'),
      DeadlineError,
    );
    await assert.rejects(late, DeadlineError, 'the transaction itself ends with the deadline, not a commit');
    await withDeadline(() => insertSlowly('In time'), 5000, 'test');
    const names = await database.sql`select name from customers where tenant_id = ${tenant.tenantId}`;
    assert.deepEqual(
      names.map((row) => row.name),
      ['In time'],
    );
  });

  it('/readyz and API requests answer 503 DATABASE_UNAVAILABLE with Retry-After in time, then 200 again', async () => {
    await fresh();
    const tenant = await createTenant(database.sql, { name: 'Acme', origins: ['https://acme.example'] });
    const app = createApp({ secretBox: TEST_SECRET_BOX, sql, clock: systemClock, requestDeadlineMs: 1500 });
    const get = async (path: string) => {
      const started = performance.now();
      const response = await app.request(path, { headers: { authorization: `Bearer ${tenant.apiKey}` } });
      return { response, body: (await response.json()) as any, ms: performance.now() - started };
    };
    assert.equal((await get('/readyz')).response.status, 200, 'positive control: ready');
    assert.equal((await get('/v1/admin/tickets')).response.status, 200, 'positive control: served');

    proxy.hold();
    for (const [path, within] of [
      ['/readyz', 2500],
      ['/v1/admin/tickets', 2500],
    ] as const) {
      const { response, body, ms } = await get(path);
      assert.equal(response.status, 503, path);
      assert.equal(body.error.code, 'DATABASE_UNAVAILABLE', path);
      assert.ok(body.error.requestId, path);
      assert.equal(response.headers.get('retry-after'), '5', path);
      assert.ok(ms < within, `${path} answered in ${Math.round(ms)} ms`);
    }

    proxy.heal();
    await until('ready again', 5000, async () => (await get('/readyz')).response.status === 200);
    assert.equal((await get('/v1/admin/tickets')).response.status, 200);
  });

  it('the outbox worker times out, logs, and delivers once the database is back', async () => {
    await fresh();
    const tenant = await createTenant(database.sql, { name: 'Acme', origins: ['https://acme.example'] });
    const app = createApp({ secretBox: TEST_SECRET_BOX, sql: database.sql, clock: systemClock });
    const created = await app.request('/v1/admin/tickets', {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(sampleTicket()),
    });
    const ticket = (await created.json()) as { id: string };
    const email = smtpChannel({ url: smtp.url, from: 'no-reply@porchlight.localhost' });
    const worker = new OutboxWorker(
      new TenantDb(sql, 'porchlight_worker'),
      systemClock,
      { email },
      { idleMs: 50, transactionDeadlineMs: 500, log },
    );
    stops.unshift(async () => (await worker.stop(), email.close()));

    proxy.hold();
    worker.start();
    await until('a logged failed round', 3000, () =>
      logged.some((l) => l.event === 'outbox_round_failed' && /took longer/.test(String(l.fields?.message))),
    );
    await seedEmails(database.sql, tenant.tenantId, ticket.id, 3, systemClock.now(), 'back@example.com');
    proxy.heal();
    await until(
      'the mails delivered',
      10_000,
      () => smtp.mails.filter((m) => m.to.includes('back@example.com')).length === 3,
    );
  });

  it('the maintenance loop times out, logs, and runs again once the database is back', async () => {
    await fresh();
    const maintenance = startMaintenance(new TenantDb(sql, 'porchlight_worker'), systemClock, log, 300);
    stops.unshift(async () => maintenance.stop());
    proxy.hold();
    await until('a logged failed round', 3000, () =>
      logged.some((l) => l.event === 'maintenance_failed' && /took longer/.test(String(l.fields?.message))),
    );
    // A rate counter older than any window: the next round that reaches the database removes it.
    await database.sql`insert into rate_limits (key, hits, last_hit)
      values ('stale', array[now() - interval '1 day'], now() - interval '1 day')`;
    proxy.heal();
    await until('the stale counter swept', 5000, async () => {
      const rows = await database.sql`select 1 from rate_limits where key = 'stale'`;
      return rows.length === 0;
    });
  });
});
