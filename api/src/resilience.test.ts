import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { createTenant } from './db/tenants';
import type { Database } from './db/open';
import { startLocalSmtp, type LocalSmtp } from './services/outbox/local-smtp';
import { freshDatabase } from './testing/database';
import { ORIGIN, startServe as startServer, survivesFaults, type Child } from './testing/fault-load';
import { sampleTicket } from './testing/harness';

/**
 * The API as production runs it (`porchlight serve`, a child process on real PostgreSQL): its database connections
 * terminated again and again under mixed load, SIGTERM with work in flight, and supervised workers.
 */
const skip = process.env.DATABASE_URL
  ? false
  : 'needs real PostgreSQL (DATABASE_URL): pg_terminate_backend means nothing under PGlite';

describe('connections terminated under load', { skip }, () => {
  let database: Database;
  let killer: postgres.Sql;
  let smtp: LocalSmtp;
  let server: Child;
  let deaths = 0;

  before(async () => {
    database = await freshDatabase();
    killer = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    smtp = await startLocalSmtp({ keep: 100_000 });
    server = await startServer({ DATABASE_URL: database.url, SMTP_URL: smtp.url, OUTBOX_LEASE_MS: '2000' });
    server.process.on('exit', () => deaths++);
  });
  after(async () => {
    server?.process.kill('SIGKILL');
    await smtp?.close();
    await killer?.end();
    await database?.close();
  });

  it('survives 20 terminations: no death, every request answered, back within 5 s, outbox delivered, invariants hold', () =>
    survivesFaults({
      database,
      server,
      smtp,
      deaths: () => deaths,
      faults: 20,
      everyMs: 1500,
      backWithinMs: 5000,
      label: 'pg_terminate_backend',
      async fault() {
        const [killed] = await killer`
          select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
          where datname = ${new URL(database.url).pathname.slice(1)} and pid <> pg_backend_pid()`;
        assert.ok(killed!.n > 0, 'terminated some of the server’s connections');
      },
    }));
});

describe('SIGTERM', { skip }, () => {
  const GRACE_MS = 2000;
  let database: Database;
  let server: Child;

  before(async () => {
    database = await freshDatabase();
    server = await startServer({ DATABASE_URL: database.url, SHUTDOWN_GRACE_MS: String(GRACE_MS) });
  });
  after(async () => {
    server?.process.kill('SIGKILL');
    await database?.close();
  });

  it('with open event streams and a half-sent request: streams told to reconnect, exit 0 within the grace period', async () => {
    const tenant = await createTenant(database.sql, { name: 'Acme Printer Repair', origins: [ORIGIN] });
    const post = async (path: string, body: unknown, auth?: string) => {
      const response = await fetch(server.url + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: ORIGIN,
          ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        },
        body: JSON.stringify(body),
      });
      return response.json() as Promise<any>;
    };
    const ticket = await post('/v1/admin/tickets', sampleTicket(), tenant.apiKey);
    const link = await post(`/v1/admin/tickets/${ticket.id}/links`, { kind: 'ticket' }, tenant.apiKey);
    const { session } = await post('/v1/portal/session', { token: link.token });

    const streams = await Promise.all(
      [1, 2, 3].map(async () => {
        const response = await fetch(`${server.url}/v1/portal/tickets/${ticket.id}/events`, {
          headers: { authorization: `Bearer ${session}`, origin: ORIGIN },
        });
        assert.equal(response.status, 200);
        return { text: new Response(response.body).text() };
      }),
    );
    const { port } = new URL(server.url);
    const halfSent = connect(Number(port), '127.0.0.1');
    const halfSentClosed = new Promise<void>((resolve) => halfSent.once('close', () => resolve()));
    halfSent.on('error', () => {});
    await new Promise<void>((resolve) =>
      halfSent.write(
        'POST /v1/portal/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"tok',
        () => resolve(),
      ),
    );

    const started = performance.now();
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    server.process.kill('SIGTERM');
    const code = await exited;
    const drainMs = performance.now() - started;
    console.log(
      `[resilience] SIGTERM with 3 streams and a half-sent request: exit ${code} after ${Math.round(drainMs)} ms`,
    );
    assert.equal(code, 0, server.output());
    assert.ok(drainMs < GRACE_MS + 3000, `exited within the grace period (+ closing), took ${drainMs} ms`);
    for (const stream of streams) assert.match(await stream.text, /event: reconnect/);
    await halfSentClosed;
  });
});

describe('serve --workers 2', { skip }, () => {
  let database: Database;
  before(async () => {
    database = await freshDatabase();
  });
  after(() => database?.close());

  const workersOf = (pid: number) =>
    execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter(Boolean);

  it('replaces an API process that dies, and stops on SIGTERM', async () => {
    const server = await startServer({ DATABASE_URL: database.url, LOG_LEVEL: 'info' }, ['--workers', '2']);
    try {
      const primary = server.process.pid!;
      const before = workersOf(primary);
      assert.equal(before.length, 2, 'two API processes');
      process.kill(before[0]!, 'SIGKILL');
      const started = performance.now();
      let now = before;
      while (!(now.length === 2 && !now.includes(before[0]!))) {
        assert.ok(performance.now() - started < 15_000, `replaced within 15 s: ${now}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        now = workersOf(primary);
      }
      assert.match(server.output(), /"event":"api_process_died"/);
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
      server.process.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      server.process.kill('SIGKILL');
    }
  });

  it('a fatal error (no database) is logged and exits non-zero', async () => {
    const unreachable = 'postgres://root@127.0.0.1:1/nothing';
    const failed = await startServer({ DATABASE_URL: unreachable, LOG_LEVEL: 'info' }, ['--workers', '2']).then(
      () => null,
      (error: Error) => error.message,
    );
    assert.match(failed ?? 'it started', /server exited with 1: .*"event":"fatal"/s);
  });
});
