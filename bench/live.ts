import { TEST_SECRET_KEY } from '../api/src/testing/secret';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { connect, withTenant } from '../api/src/db/client';
import type { Database } from '../api/src/db/open';
import { createTenant } from '../api/src/db/tenants';
import { appendTicketEvent } from '../api/src/db/ticket-events';
import { sampleTicket } from '../api/src/testing/harness';

export interface LiveResult {
  clients: number;
  processes: number;
  notifyP50: number;
  notifyP99: number;
  /** From just before the admin POST to arrival: the tenant's call plus the push. */
  deliveryP50: number;
  deliveryP99: number;
  /** From the change's commit (acknowledged to the bench, which recorded it) to arrival: the push alone. */
  pushP50: number;
  pushP99: number;
  deliveries: number;
  /** How long the admin POST itself took (commit included): the part of delivery that is the write, not the push. */
  postP50: number;
  bytesPerIdleStream: number;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
};
const rssBytes = (pid: number) =>
  Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)![1]) * 1024;
const tick = () => new Promise((resolve) => setImmediate(resolve));
const BLANK_LINE = Buffer.from('\n\n');
const ID_FIELD = Buffer.from('\nid: ');
const EVENT_FIELD = Buffer.from('event');
const OK_STATUS = Buffer.from('HTTP/1.1 200');

/**
 * The floor: how long PostgreSQL takes to carry a NOTIFY from one connection to a LISTEN on another, timed by this
 * process. Sampled between the changes, so it runs under the same load as the pushes it is compared with.
 */
async function notifyProbe(url: string) {
  const listener = connect({ url, max: 1 });
  const sender = connect({ url, max: 1 });
  let received: (() => void) | null = null;
  const listening = await listener.listen('porch_bench_rtt', () => received?.());
  const times: number[] = [];
  return {
    times,
    async sample(count: number) {
      for (let i = 0; i < count; i++) {
        const arrived = new Promise<void>((resolve) => (received = resolve));
        const start = performance.now();
        await sender`select pg_notify('porch_bench_rtt', '')`;
        await arrived;
        times.push(performance.now() - start);
      }
    },
    async close() {
      await listening.unlisten();
      await Promise.all([listener.end(), sender.end()]);
    },
  };
}

function startApiProcess(url: string) {
  // As behind a proxy: each simulated customer comes from its own address, so the per-IP redeem limit applies per customer.
  // One sealing key for both processes, so each opens the session keys the other made.
  const env = { ...process.env, DATABASE_URL: url, TRUST_PROXY: '1', PORCHLIGHT_SECRET_KEY: TEST_SECRET_KEY };
  const child = spawn('node', ['--import', 'tsx', 'bench/api-process.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<{ child: ChildProcess; port: number; pid: number }>((resolve, reject) => {
    child.stdout!.once('data', (chunk) => resolve({ child, ...JSON.parse(String(chunk)) }));
    child.once('exit', (code) => reject(new Error(`API process exited with ${code}`)));
  });
}

interface Client {
  ticket: number;
  socket: net.Socket;
  seen: Map<string, number>;
}

/** Resolves when `count` clients have seen `eventId` — woken by the clients themselves, no polling. */
let waiting: { eventId: string; left: number; done: () => void } | null = null;

/**
 * `clients` SSE streams spread over `processes` API processes on `tickets` tickets; then one status change at a
 * time, each posted to the process the stream is *not* on as often as not, timing from just before the POST
 * until every stream of that ticket has the event.
 */
export async function measureLive(
  database: Database,
  options: { clients: number; tickets: number; processes: number; changes: number },
): Promise<LiveResult> {
  const notify = await notifyProbe(database.url);
  const apis = await Promise.all(Array.from({ length: options.processes }, () => startApiProcess(database.url)));
  const clients: Client[] = [];
  let refused: string | undefined;
  try {
    const ORIGIN = 'https://bench.example';
    const { apiKey, tenantId } = await createTenant(database.sql, { name: 'Live bench', origins: [ORIGIN] });
    const call = async (
      port: number,
      method: string,
      path: string,
      body?: unknown,
      auth = apiKey,
      from = '192.0.2.1',
    ) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json', 'x-forwarded-for': from },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<any>;
    };
    const port0 = apis[0]!.port;
    const tickets: { id: string; token: string }[] = [];
    for (let i = 0; i < options.tickets; i++) {
      const ticket = await call(port0, 'POST', '/v1/admin/tickets', sampleTicket());
      const { token } = await call(port0, 'POST', `/v1/admin/tickets/${ticket.id}/links`, { kind: 'ticket' });
      tickets.push({ id: ticket.id, token });
    }
    // Each simulated customer is a customer of its own, as in production: its own address and its own session
    // (the API caps open streams per session and per address, so 100 watchers sharing one would be refused).
    const customers = Array.from({ length: options.clients }, (_, i) => ({
      ticket: i % options.tickets,
      address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      session: '',
    }));
    for (let i = 0; i < customers.length; i += 50)
      await Promise.all(
        customers.slice(i, i + 50).map(async (customer) => {
          const { token } = tickets[customer.ticket]!;
          customer.session = (
            await call(port0, 'POST', '/v1/portal/session', { token }, apiKey, customer.address)
          ).session;
        }),
      );
    const rssBefore = apis.map((a) => rssBytes(a.pid));

    for (let i = 0; i < options.clients; i++) {
      const { ticket, address, session } = customers[i]!;
      // Round-robin, as a load balancer would: each ticket's watchers are spread over every process.
      const { port } = apis[Math.floor(i / options.tickets) % apis.length]!;
      const client: Client = { ticket, seen: new Map(), socket: null as never };
      // A bare socket speaking just enough HTTP: the simulated browsers share this process's cores with the API
      // processes, so they should cost as little as possible (no HTTP parser or stream objects per chunk).
      const path = `/v1/portal/tickets/${tickets[ticket]!.id}/events`;
      client.socket = net.connect(port, '127.0.0.1', () =>
        client.socket.write(
          `GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${session}\r\nx-forwarded-for: ${address}\r\n\r\n`,
        ),
      );
      // A refused stream never sends an event: it ends the bench with its answer rather than leaving it waiting.
      client.socket.once('data', (chunk: Buffer) => {
        if (!chunk.subarray(0, 12).equals(OK_STATUS)) refused ??= chunk.toString('latin1').split('\r\n\r\n').join(' ');
      });
      // Bytes, not strings: the simulated browsers should make as little garbage as possible (their GC pauses would
      // be timed as delivery latency). A message is complete at its blank line; the chunked-encoding framing
      // around it (size lines, CRLF) never holds "\n\n". Only a message split across reads is carried over.
      let carry: Buffer | null = null;
      client.socket.on('data', (chunk: Buffer) => {
        const now = performance.now();
        const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
        let from = 0;
        let end: number;
        while ((end = bytes.indexOf(BLANK_LINE, from)) >= 0) {
          const at = bytes.indexOf(ID_FIELD, from);
          from = end + 2;
          if (at < 0 || at > end) continue;
          const id = bytes.toString('latin1', at + ID_FIELD.length, bytes.indexOf(10, at + ID_FIELD.length));
          client.seen.set(id, now);
          if (waiting?.eventId === id && --waiting.left === 0) waiting.done();
        }
        const rest = bytes.subarray(from);
        carry = rest.includes(EVENT_FIELD) ? rest : null;
      });
      client.socket.on('error', () => {});
      clients.push(client);
      if (i % 250 === 249) await tick();
    }
    while (clients.some((c) => c.seen.size === 0)) {
      if (refused) throw new Error(`a stream was refused: ${refused}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Let the processes settle after 5,000 connection setups (their garbage is collected before anything is timed).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const rssAfter = apis.map((a) => rssBytes(a.pid));

    /** Records the change as the bench's own transaction: resolves with its event id and when the commit was acknowledged. */
    const recordDirectly = async (ticketId: string, firstName: string) => {
      const { eventId } = await withTenant(database.sql, tenantId, (tx) =>
        appendTicketEvent(tx, tenantId, ticketId, { technician: { firstName } }, new Date()),
      );
      return { eventId: eventId!, committed: performance.now() };
    };
    const latencies: number[] = [];
    const pushes: number[] = [];
    const postTimes: number[] = [];
    // The first changes warm the code paths up (JIT, prepared statements, pools) and are not counted. Changes
    // alternate: through the admin API (the tenant's whole call, timed from its start) and recorded by the bench
    // itself (timed from the acknowledged commit: the push alone).
    const WARMUP = 50;
    for (let change = -WARMUP; change < options.changes; change++) {
      const ticket = (change + WARMUP) % options.tickets;
      const watchers = clients.filter((c) => c.ticket === ticket);
      const viaApi = change % 2 === 0;
      // The event id is known once the write returns, but watchers may see it first: count from the ids seen.
      let all!: () => void;
      const arrived = new Promise<void>((resolve) => (all = resolve));
      const start = performance.now();
      let eventId: string;
      let committed = start;
      if (viaApi) {
        const result = await call(
          apis[(change + WARMUP) % apis.length]!.port,
          'POST',
          `/v1/admin/tickets/${tickets[ticket]!.id}/events`,
          { technician: { firstName: `Tech${change}` } },
        );
        if (change >= 0) postTimes.push(performance.now() - start);
        eventId = result.events.at(-1).id;
      } else {
        ({ eventId, committed } = await recordDirectly(tickets[ticket]!.id, `Tech${change}`));
      }
      const left = watchers.filter((c) => !c.seen.has(eventId)).length;
      if (left > 0) {
        waiting = { eventId, left, done: all };
        await arrived;
        waiting = null;
      }
      if (change < 0) continue;
      await notify.sample(20);
      for (const c of watchers) (viaApi ? latencies : pushes).push(c.seen.get(eventId)! - (viaApi ? start : committed));
    }
    return {
      clients: options.clients,
      processes: options.processes,
      notifyP50: percentile(notify.times, 0.5),
      notifyP99: percentile(notify.times, 0.99),
      deliveryP50: percentile(latencies, 0.5),
      deliveryP99: percentile(latencies, 0.99),
      pushP50: percentile(pushes, 0.5),
      pushP99: percentile(pushes, 0.99),
      deliveries: latencies.length + pushes.length,
      postP50: percentile(postTimes, 0.5),
      bytesPerIdleStream:
        (rssAfter.reduce((a, b) => a + b, 0) - rssBefore.reduce((a, b) => a + b, 0)) / options.clients,
    };
  } finally {
    for (const c of clients) c.socket.destroy();
    await notify.close();
    await Promise.all(
      apis.map(
        ({ child }) =>
          new Promise((resolve) => {
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}
