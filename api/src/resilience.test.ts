import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { createTenant } from './db/tenants';
import { sampleTicket } from './testing/harness';
import { setUpBooking } from './testing/booking';
import { freshDatabase } from './testing/database';
import type { Harness } from './testing/harness';
import { startLocalSmtp, type LocalSmtp } from './services/outbox/local-smtp';
import type { Database } from './db/open';

/**
 * The API as production runs it (`porchlight serve`, a child process on real PostgreSQL) while its database
 * connections are terminated again and again under mixed load: the process must survive, every request must be
 * answered (at worst 503 with Retry-After), the service must come back within 5 s, the outbox must deliver
 * everything afterwards and the data must stay consistent.
 */
const skip = process.env.DATABASE_URL
  ? false
  : 'needs real PostgreSQL (DATABASE_URL): pg_terminate_backend means nothing under PGlite';

const KILLS = 20;
const KILL_EVERY_MS = 1500;
const ORIGIN = 'https://acme.example';
/** Longer than the server's request deadline (10 s): a request still open after this was left hanging. */
const UNANSWERED_AFTER_MS = 15_000;

interface Child {
  process: ChildProcess;
  url: string;
  output: () => string;
}

function startServer(env: Record<string, string>, args: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/cli.ts', 'serve', ...args], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', () => {
      const url = output.match(/on (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
      if (url) resolve({ process: child, url, output: () => output });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

describe('connections terminated under load', { skip }, () => {
  let database: Database;
  let killer: postgres.Sql;
  let smtp: LocalSmtp;
  let server: Child;
  let deaths = 0;
  const dbName = () => new URL(database.url).pathname.slice(1);

  before(async () => {
    database = await freshDatabase();
    killer = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    smtp = await startLocalSmtp();
    server = await startServer({ DATABASE_URL: database.url, SMTP_URL: smtp.url, OUTBOX_LEASE_MS: '2000' });
    server.process.on('exit', () => deaths++);
  });
  after(async () => {
    server?.process.kill('SIGKILL');
    await smtp?.close();
    await killer?.end();
    await database?.close();
  });

  async function call(method: string, path: string, options: { auth?: string; body?: unknown; headers?: object } = {}) {
    const response = await fetch(server.url + path, {
      method,
      headers: {
        ...(options.auth ? { authorization: `Bearer ${options.auth}` } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        origin: ORIGIN,
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(UNANSWERED_AFTER_MS),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  }

  it(`survives ${KILLS} terminations: no death, every request answered, back within 5 s, outbox delivered, invariants hold`, async () => {
    const tenant = await createTenant(database.sql, { name: 'Acme Printer Repair', origins: [ORIGIN] });
    const h = { call: (method: string, path: string, o: { auth?: string; body?: unknown }) => call(method, path, o) };
    const booking = await setUpBooking(h as unknown as Harness, { ...tenant, origin: ORIGIN }, { capacity: 2 });
    const action = await call('POST', '/v1/admin/automated-actions', {
      auth: tenant.apiKey,
      body: {
        name: 'Tracking link',
        trigger: 'ticket_created',
        channel: 'email',
        portalMode: 'tracking',
        templates: { en: { subject: 'We are on it', body: 'Hello {{customer.name}}: {{portal.link}}' } },
      },
    });
    assert.equal(action.status, 201, JSON.stringify(action.body));
    // Each ticket its own customer address: the outbox suppresses repeats to one address.
    let customers = 0;
    const ticketBody = () => {
      const ticket = sampleTicket();
      return { ...ticket, skills: ['printer'], customer: { ...ticket.customer, email: `c${++customers}@example.com` } };
    };
    const newTicket = async () => {
      const response = await call('POST', '/v1/admin/tickets', {
        auth: tenant.apiKey,
        body: ticketBody(),
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body as { id: string };
    };
    const sessionFor = async (ticketId: string) => {
      const link = await call('POST', `/v1/admin/tickets/${ticketId}/links`, {
        auth: tenant.apiKey,
        body: { kind: 'ticket', mode: 'tracking+booking' },
      });
      const session = await call('POST', '/v1/portal/session', { body: { token: link.body.token } });
      assert.equal(session.status, 200, JSON.stringify(session.body));
      return session.body.session as string;
    };
    const portalTickets: { id: string; session: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const ticket = await newTicket();
      portalTickets.push({ id: ticket.id, session: await sessionFor(ticket.id) });
    }
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const availability = await call(
      'GET',
      `/v1/portal/tickets/${portalTickets[0]!.id}/availability?from=${day(0)}&to=${day(27)}`,
      {
        auth: portalTickets[0]!.session,
      },
    );
    assert.equal(availability.status, 200, JSON.stringify(availability.body));
    const days = (availability.body.days as { date: string; state: string }[])
      .filter((d) => d.state === 'available')
      .slice(0, 2)
      .map((d) => d.date);
    assert.equal(days.length, 2, 'two bookable days');

    // The load: every response is tallied; a request with no answer within 15 s is "unanswered".
    const tally = new Map<string, number>();
    const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
    let unanswered = 0;
    let missingRetryAfter = 0;
    let running = true;
    const request = async (
      method: string,
      path: string,
      options: { auth?: string; body?: unknown; headers?: object },
    ) => {
      try {
        const response = await call(method, path, options);
        count(String(response.status));
        if (response.status === 503 && !response.headers.get('retry-after')) missingRetryAfter++;
        return response;
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') unanswered++;
        else count(`error ${(error as Error).message}`);
        return null;
      }
    };
    const loop = async (step: (i: number) => Promise<unknown>) => {
      for (let i = 0; running; i++) await step(i);
    };
    const statuses = ['scheduling', 'dispatched', 'on_route', 'onsite', 'completed'];
    let streamsOpened = 0;
    const load = [
      ...[0, 1, 2].map(() =>
        loop((i) =>
          i % 2
            ? request('GET', '/v1/admin/tickets?limit=5', { auth: tenant.apiKey })
            : request('GET', `/v1/portal/tickets/${portalTickets[i % 4]!.id}`, { auth: portalTickets[i % 4]!.session }),
        ),
      ),
      // Writers: new tickets (each with its outbox email) and status events walking a ticket to completed.
      loop(() => request('POST', '/v1/admin/tickets', { auth: tenant.apiKey, body: ticketBody() })),
      (async () => {
        let ticket = portalTickets[3]!.id;
        await loop(async (i) => {
          const status = statuses[i % statuses.length]!;
          await request('POST', `/v1/admin/tickets/${ticket}/events`, { auth: tenant.apiKey, body: { status } });
          if (status === 'completed') {
            const created = await request('POST', '/v1/admin/tickets', { auth: tenant.apiKey, body: ticketBody() });
            if (created?.status === 201) ticket = created.body.id;
          }
        });
      })(),
      // Bookers: two customers moving their visit between two days (capacity 2: 200 or 409), within the per-session
      // write limit (30 a minute).
      ...[0, 1].map((b) =>
        loop(async (i) => {
          await new Promise((resolve) => setTimeout(resolve, 2500));
          await request('PUT', `/v1/portal/tickets/${portalTickets[b]!.id}/appointment`, {
            auth: portalTickets[b]!.session,
            headers: { 'idempotency-key': `load-${b}-${i}-${Math.random()}` },
            body: { slotId: `${days[i % 2]}.0.${booking.profileId}` },
          });
        }),
      ),
      // Event streams, reopened whenever they end.
      ...[0, 1].map((s) =>
        loop(async () => {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), UNANSWERED_AFTER_MS);
          try {
            const response = await fetch(`${server.url}/v1/portal/tickets/${portalTickets[s]!.id}/events`, {
              headers: { authorization: `Bearer ${portalTickets[s]!.session}`, origin: ORIGIN },
              signal: controller.signal,
            });
            clearTimeout(timer);
            count(`stream ${response.status}`);
            if (response.status === 503 && !response.headers.get('retry-after')) missingRetryAfter++;
            if (response.status === 200) streamsOpened++;
            // Read until the server ends the stream or 3 s pass, then open a fresh one.
            const reading = response.body!.pipeTo(new WritableStream()).catch(() => {});
            await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 3000))]);
            controller.abort();
          } catch (error) {
            if (controller.signal.aborted && (error as Error).name === 'AbortError') unanswered++;
            else count(`stream error ${(error as Error).message}`);
          } finally {
            clearTimeout(timer);
          }
        }),
      ),
    ];

    const recoveries: number[] = [];
    const stopLoad = () => {
      running = false;
      return Promise.all(load);
    };
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
        const killed = await killer`
        select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = ${dbName()} and pid <> pg_backend_pid()`;
        assert.ok(killed[0]!.n > 0, 'terminated some of the server’s connections');
        const started = performance.now();
        while ((await fetch(`${server.url}/readyz`).catch(() => null))?.status !== 200) {
          assert.ok(
            performance.now() - started < 5000,
            `back within 5 s of kill ${kill + 1} (process deaths: ${deaths})`,
          );
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        recoveries.push(performance.now() - started);
      }
    } finally {
      await stopLoad();
    }

    const statusesSeen = Object.fromEntries(tally);
    console.log(
      `[resilience] ${KILLS} kills: deaths ${deaths}, unanswered ${unanswered}, slowest recovery ${Math.round(Math.max(...recoveries))} ms, responses ${JSON.stringify(statusesSeen)}, streams opened ${streamsOpened}`,
    );
    assert.equal(deaths, 0, `process deaths; output:\n${server.output().slice(-2000)}`);
    assert.equal(unanswered, 0, 'unanswered requests');
    assert.equal(missingRetryAfter, 0, '503 without Retry-After');
    for (const key of tally.keys()) assert.match(key, /^(stream )?(200|201|409|503)$/, `unexpected ${key}`);
    assert.ok((tally.get('200') ?? 0) > 100 && (tally.get('201') ?? 0) > 20, 'the load got real answers');
    assert.ok(streamsOpened > 2, 'event streams were open during the kills');

    // The outbox delivers everything afterwards: nothing pending, nothing failed, every sent message received.
    const deadline = performance.now() + 60_000;
    let outbox: { state: string; n: number }[] = [];
    do {
      await new Promise((resolve) => setTimeout(resolve, 500));
      outbox = await database.sql<{ state: string; n: number }[]>`
        select state, count(*)::int as n from outbox group by state`;
    } while (outbox.some((r) => r.state === 'pending') && performance.now() < deadline);
    assert.deepEqual(
      outbox.map((r) => r.state),
      ['sent'],
      JSON.stringify(outbox),
    );
    const sent = await database.sql<{ id: string }[]>`select id from outbox`;
    const received = new Set(smtp.mails.map((m) => m.headers['x-porchlight-message']));
    assert.deepEqual(
      sent.filter((m) => !received.has(m.id)),
      [],
      'every sent message reached the SMTP server',
    );

    // Invariants.
    const [invariants] = await database.sql<Record<string, number>[]>`
      select
        (select count(*)::int from tickets t where t.status <> (
           select e.status from ticket_events e where e.tenant_id = t.tenant_id and e.ticket_id = t.id
           order by e.id desc limit 1)) as status_not_newest_event,
        (select count(*)::int from (select 1 from appointments where cancelled_at is null
           group by tenant_id, ticket_id having count(*) > 1) x) as tickets_with_two_visits,
        (select count(*)::int from (select 1 from appointments a where cancelled_at is null
           group by tenant_id, profile_id, day, window_no having count(*) > max(capacity)) x) as windows_over_capacity,
        (select count(*)::int from tickets t where not exists (
           select 1 from outbox o where o.tenant_id = t.tenant_id and o.ticket_id = t.id and o.trigger = 'ticket_created'))
          as tickets_without_outbox_row`;
    assert.deepEqual(invariants, {
      status_not_newest_event: 0,
      tickets_with_two_visits: 0,
      windows_over_capacity: 0,
      tickets_without_outbox_row: 0,
    });
    const [row] = await database.sql`select count(*)::int as visits from appointments where cancelled_at is null`;
    assert.ok(row!.visits >= 1, 'positive control: bookings went through');
  });
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
      return response.json();
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
