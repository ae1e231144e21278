import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Database } from './db/open';
import { startLocalSmtp, type LocalSmtp } from './services/outbox/local-smtp';
import { freshDatabase } from './testing/database';
import { startServe, survivesFaults, type Child } from './testing/fault-load';

/**
 * PostgreSQL itself restarted (`pg_ctlcluster … restart`) under load. Opt-in (PORCHLIGHT_TEST_PG_RESTART=1, set by
 * .ci/run, which runs this file on its own): a restart cuts every other test's connections too, and `node --test`
 * runs files in parallel on machines with more than two cores.
 */
const skip = !process.env.DATABASE_URL
  ? 'needs real PostgreSQL (DATABASE_URL)'
  : process.env.PORCHLIGHT_TEST_PG_RESTART !== '1'
    ? 'restarts the machine’s PostgreSQL: set PORCHLIGHT_TEST_PG_RESTART=1 and run this file alone'
    : false;

describe('PostgreSQL restarted under load', { skip }, () => {
  let database: Database;
  let smtp: LocalSmtp;
  let server: Child;
  let deaths = 0;

  before(async () => {
    database = await freshDatabase();
    smtp = await startLocalSmtp({ keep: 100_000 });
    server = await startServe({ DATABASE_URL: database.url, SMTP_URL: smtp.url, OUTBOX_LEASE_MS: '2000' });
    server.process.on('exit', () => deaths++);
  });
  after(async () => {
    server?.process.kill('SIGKILL');
    await smtp?.close();
    await database?.close();
  });

  it('survives 2 restarts: no death, every request answered, back within 10 s of the database’s return', () =>
    survivesFaults({
      database,
      server,
      smtp,
      deaths: () => deaths,
      faults: 2,
      everyMs: 3000,
      backWithinMs: 10_000,
      label: 'pg_ctlcluster restart',
      async fault() {
        const [version] = readdirSync('/etc/postgresql');
        // Resolves once the server accepts connections again; the load goes on meanwhile (not a blocking exec).
        await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', version!, 'main', 'restart']);
      },
    }));
});
