import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { announceEmbedded } from '../../db/locate';
import { startHarness, type Harness } from '../../testing/harness';
import { seedEmails } from '../../testing/outbox';
import { startLocalSmtp, type LocalSmtp } from './local-smtp';

/**
 * Workers as real processes (`porchlight worker`), killed with SIGKILL at the worst moment: after the SMTP peer has
 * the message and before the worker hears "250" and marks it sent. At least once means it arrives again.
 */
let h: Harness;
let dir: string;
let workerEnv: Record<string, string>;
let onData: (messageId: string) => Promise<void> | void = () => {};
let smtp: LocalSmtp;
const children = new Set<ChildProcess>();

before(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'porch-outbox-'));
  smtp = await startLocalSmtp({ parse: false, onData: async (id) => void (await onData(id)) });
  const { DATABASE_URL: _unused, ...base } = process.env;
  workerEnv = {
    ...(base as Record<string, string>),
    SMTP_URL: smtp.url,
    OUTBOX_LEASE_MS: '2000',
    LOG_LEVEL: process.env.OUTBOX_CRASH_DEBUG ? 'info' : 'silent',
  };
  if (process.env.DATABASE_URL) {
    workerEnv.DATABASE_URL = h.db.url;
  } else {
    // The worker finds this process's embedded database the way the CLI finds a running server's.
    workerEnv.PORCHLIGHT_DATA = join(dir, 'data');
    await announceEmbedded(workerEnv.PORCHLIGHT_DATA, h.db.url);
  }
});
afterEach(async () => {
  onData = () => {};
  await Promise.all([...children].map(kill));
});
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await smtp.close();
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/cli.ts', 'worker'], {
    env: workerEnv,
    stdio: process.env.OUTBOX_CRASH_DEBUG ? 'inherit' : 'ignore',
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const states = async (ticketId: string) =>
  Object.fromEntries(
    (
      await h.db.sql<
        { state: string; n: number }[]
      >`select state, count(*)::int as n from outbox where ticket_id = ${ticketId} group by state`
    ).map((r) => [r.state, r.n]),
  );

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('outbox worker processes killed mid-delivery', () => {
  it('delivers again when the worker dies between "sent" and "marked"', async () => {
    const ticket = await h.createTicket(h.a);
    await seedEmails(h.db.sql, h.a.tenantId, ticket.id, 1, h.clock.now());
    const id = (await h.db.sql<{ id: string }[]>`select id from outbox where ticket_id = ${ticket.id}`)[0]!.id;
    let worker = startWorker();
    let killed = false;
    onData = async () => {
      if (killed) return;
      killed = true;
      await kill(worker);
    };
    await until(async () => killed, 'the first delivery');
    assert.equal((await states(ticket.id)).pending, 1, 'the peer has it, the database does not know');
    worker = startWorker();
    await until(async () => (await states(ticket.id)).sent === 1, 'the redelivery');
    assert.equal(smtp.received.get(`<${id}@porchlight>`), 2, 'delivered twice, with the same Message-ID');
    const [row] = await h.db.sql`select attempts from outbox where id = ${id}`;
    assert.equal(row!.attempts, 2);
  });

  // The embedded server shares one PGlite session between connections; dozens of clients killed mid-protocol can
  // still wedge it, so the bulk run needs PostgreSQL (CI runs it there). The single kill above runs on both.
  const bulkSkip = process.env.DATABASE_URL ? false : 'needs DATABASE_URL (PostgreSQL)';
  // About 3 minutes on a busy 2-core machine, hence its own timeout; OUTBOX_CRASH_TOTAL=2000 for a quick local run.
  it(
    'loses none of 10,000 messages while workers are killed at random',
    { skip: bulkSkip, timeout: 900_000 },
    async (t) => {
      const total = Number(process.env.OUTBOX_CRASH_TOTAL ?? 10_000);
      const ticket = await h.createTicket(h.a);
      await seedEmails(h.db.sql, h.a.tenantId, ticket.id, total, h.clock.now(), 'many@example.com');
      const ids = (await h.db.sql<{ id: string }[]>`select id from outbox where ticket_id = ${ticket.id}`).map(
        (r) => `<${r.id}@porchlight>`,
      );
      let kills = 0;
      // Two workers run at once and are replaced when killed. About every 2,500th mail kills both right after the
      // peer has it (the sender is one of them): the worst moment, between "sent" and "marked".
      const workers = [startWorker(), startWorker()];
      const dead = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
      onData = async () => {
        if (Math.random() < 1 / 2500) {
          kills += 2;
          await Promise.all(workers.map(kill));
        }
      };
      const respawn = setInterval(() => {
        workers.forEach((child, i) => dead(child) && (workers[i] = startWorker()));
      }, 100);
      // Besides, a random worker is killed at any moment after every few hundred deliveries (so there is progress
      // between kills even when a busy machine takes seconds to start a worker).
      let nextKillAt = 300 + Math.random() * 500;
      try {
        await until(
          async () => {
            const now = await states(ticket.id);
            if (process.env.OUTBOX_CRASH_DEBUG) process.stderr.write(`${JSON.stringify(now)} kills=${kills}\n`);
            if ((now.sent ?? 0) >= nextKillAt) {
              nextKillAt += 300 + Math.random() * 500;
              kills++;
              void kill(workers[Math.floor(Math.random() * workers.length)]!);
            }
            return now.sent === total;
          },
          'all messages sent',
          600_000,
        );
      } finally {
        // Stops the respawning; afterEach kills the workers.
        clearInterval(respawn);
      }
      const lost = ids.filter((id) => !smtp.received.has(id));
      const duplicates = ids.reduce((sum, id) => sum + Math.max(0, (smtp.received.get(id) ?? 0) - 1), 0);
      t.diagnostic(`${total} messages, ${kills} kills, ${duplicates} duplicate deliveries, ${lost.length} lost`);
      assert.equal(lost.length, 0);
      assert.ok(kills >= 1, 'at least one worker was killed');
      assert.deepEqual(await states(ticket.id), { sent: total });
    },
  );
});
