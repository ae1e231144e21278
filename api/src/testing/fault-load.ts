import { TEST_SECRET_KEY } from './secret';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Database } from '../db/open';
import { createTenant } from '../db/tenants';
import type { LocalSmtp } from '../services/outbox/local-smtp';
import { setUpBooking } from './booking';
import { sampleTicket, type Harness } from './harness';

export const ORIGIN = 'https://acme.example';
/** Longer than the server's request deadline (10 s): a request still open after this was left hanging. */
const UNANSWERED_AFTER_MS = 15_000;

export interface Child {
  process: ChildProcess;
  url: string;
  output: () => string;
}

/** `porchlight serve` as a child process (PORT 0); resolves with its URL once it listens. */
export function startServe(env: Record<string, string>, args: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/cli.ts', 'serve', ...args], {
    // The test process's sealing key: PostgreSQL without one stops `serve` before it opens the database.
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', PORCHLIGHT_SECRET_KEY: TEST_SECRET_KEY, ...env },
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

async function callServer(
  server: Child,
  method: string,
  path: string,
  options: { auth?: string; body?: unknown; headers?: object } = {},
) {
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

export interface FaultRun {
  database: Database;
  server: Child;
  smtp: LocalSmtp;
  deaths: () => number;
  /** How many faults, how far apart, and how soon after each one the service must answer /readyz again. */
  faults: number;
  everyMs: number;
  backWithinMs: number;
  fault: () => Promise<void>;
  label: string;
}

/**
 * Mixed load on a `porchlight serve` child (reads, writes, bookings, event streams, outbox mail) while `fault` hits
 * the database again and again; then: no process death, every request answered (200/201/409, or 503 with
 * Retry-After), back within `backWithinMs` of each fault, the outbox delivers everything, and the invariants hold.
 */
export async function survivesFaults(run: FaultRun) {
  const { database, server, smtp, deaths, faults, everyMs, backWithinMs, fault, label } = run;
  const call = (method: string, path: string, options: { auth?: string; body?: unknown; headers?: object } = {}) =>
    callServer(server, method, path, options);
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
    for (let round = 0; round < faults; round++) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      await fault();
      const started = performance.now();
      while ((await fetch(`${server.url}/readyz`).catch(() => null))?.status !== 200) {
        assert.ok(
          performance.now() - started < backWithinMs,
          `back within ${backWithinMs} ms of fault ${round + 1} (process deaths: ${deaths()}); output:\n${server.output().slice(-3000)}`,
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
    `[resilience] ${faults} × ${label}: deaths ${deaths()}, unanswered ${unanswered}, slowest recovery ${Math.round(Math.max(...recoveries))} ms, responses ${JSON.stringify(statusesSeen)}, streams opened ${streamsOpened}`,
  );
  assert.equal(deaths(), 0, `process deaths; output:\n${server.output().slice(-2000)}`);
  assert.equal(unanswered, 0, 'unanswered requests');
  assert.equal(missingRetryAfter, 0, '503 without Retry-After');
  for (const key of tally.keys()) assert.match(key, /^(stream )?(200|201|409|503)$/, `unexpected ${key}`);
  assert.ok((tally.get('200') ?? 0) > 100 && (tally.get('201') ?? 0) > 20, 'the load got real answers');
  assert.ok(streamsOpened > 2, 'event streams were open during the kills');

  // The outbox delivers everything afterwards: nothing pending, nothing failed, every sent message received.
  const deadline = performance.now() + 60_000;
  let outbox: { state: string; n: number }[];
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
}
