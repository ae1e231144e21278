import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createApp } from './app';
import { freshDatabase } from './testing/database';
import { sampleTicket } from './testing/harness';
import { systemClock } from './lib/clock';
import { readEnv } from './env';
import { startApiServer, type RunningServer } from './server';
import { TEST_SECRET_BOX, TEST_SECRET_KEY } from './testing/secret';

const run = promisify(execFile);
let dir: string;
before(async () => (dir = await mkdtemp(join(tmpdir(), 'porch-cli-'))));
after(() => rm(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string | undefined>) {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  return run('node', ['--import', 'tsx', 'api/src/cli.ts', ...args], { env: { ...base, ...env } });
}

const settingsWith = (app: ReturnType<typeof createApp>, key: string) =>
  app.request('/v1/admin/settings', { headers: { authorization: `Bearer ${key}` } });

describe('porchlight tenant CLI', () => {
  it('creates, lists and rotates on an embedded data directory with no server running', async () => {
    const env = { PORCHLIGHT_DATA: join(dir, 'standalone') };
    const created = JSON.parse(
      (await cli(['tenant', 'create', '--name', 'Acme', '--origin', 'https://acme.example', '--json'], env)).stdout,
    );
    assert.match(created.tenantId, /^[0-9a-f-]{36}$/);
    assert.match(created.apiKey, /^porch_sk_/);
    const list = JSON.parse((await cli(['tenant', 'list', '--json'], env)).stdout);
    assert.deepEqual(
      list.map((t: { id: string }) => t.id),
      [created.tenantId],
    );
    const rotated = JSON.parse(
      (await cli(['tenant', 'rotate-key', '--tenant', created.tenantId, '--overlap-hours', '0', '--json'], env)).stdout,
    );
    assert.notEqual(rotated.apiKey, created.apiKey);
  });

  it('refuses bad input with exit code 2 and writes nothing', async () => {
    const env = { PORCHLIGHT_DATA: join(dir, 'bad') };
    await assert.rejects(
      cli(['tenant', 'create', '--name', 'X', '--origin', '*', '--json'], env),
      (e: { code: number }) => e.code === 2,
    );
    await assert.rejects(
      cli(['tenant', 'create', '--origin', 'https://x.example'], env),
      (e: { code: number }) => e.code === 2,
    );
    const list = JSON.parse((await cli(['tenant', 'list', '--json'], env)).stdout);
    assert.deepEqual(list, []);
  });

  it('tenant create --owner-email: the first owner, invited through the outbox or (--print-link) by a printed link that signs in once', async () => {
    let server: RunningServer | undefined;
    let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
    const env: Record<string, string> = {
      PORCHLIGHT_DATA: join(dir, 'owner'),
      PUBLIC_URL: 'https://console.acme.example',
    };
    try {
      if (process.env.DATABASE_URL) {
        database = await freshDatabase();
        env.DATABASE_URL = database.url;
        env.PORCHLIGHT_SECRET_KEY = TEST_SECRET_KEY;
      } else {
        server = await startApiServer(
          readEnv({ PORT: '0', PORCHLIGHT_DATA: env.PORCHLIGHT_DATA, LOG_LEVEL: 'silent', OUTBOX_WORKER: '0' }),
        );
      }
      const { sql, appSql } = (server?.database ?? database)!;
      const app = createApp({ secretBox: TEST_SECRET_BOX, sql: appSql, clock: systemClock, publicUrl: env.PUBLIC_URL });
      const create = (name: string, ...more: string[]) =>
        cli(['tenant', 'create', '--name', name, '--origin', 'https://acme.example', ...more, '--json'], env);
      await assert.rejects(create('Bad', '--owner-email', 'not-an-address'), (e: { code: number }) => e.code === 2);

      const printed = JSON.parse(
        (await create('Printed', '--owner-email', 'olga@acme.example', '--print-link')).stdout,
      );
      assert.equal(printed.owner.email, 'olga@acme.example');
      const token = printed.owner.signInUrl.match(
        /^https:\/\/console\.acme\.example\/admin#porch-staff=([\w-]{43})$/,
      )?.[1];
      assert.ok(token, printed.owner.signInUrl);
      const signIn = () =>
        app.request('/v1/staff/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'https://console.acme.example' },
          body: JSON.stringify({ token }),
        });
      const session = await signIn();
      assert.equal(session.status, 200);
      assert.equal(((await session.json()) as { staff: { role: string } }).staff.role, 'owner');
      assert.equal((await signIn()).status, 410, 'the link works once');

      const mailed = JSON.parse((await create('Mailed', '--owner-email', 'kai@acme.example')).stdout);
      assert.equal(mailed.owner.signInUrl, undefined);
      const [queued] = await sql`select trigger, recipient, context from outbox where tenant_id = ${mailed.tenantId}`;
      assert.deepEqual(queued, {
        trigger: 'staff_invite',
        recipient: 'kai@acme.example',
        context: { consoleUrl: 'https://console.acme.example/admin' },
      });
    } finally {
      await server?.stop();
      await database?.close();
    }
  });

  it('talks to the running server’s database, and a rotated key replaces the old one', async () => {
    let server: RunningServer | undefined;
    let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
    const env: Record<string, string> = { PORCHLIGHT_DATA: join(dir, 'running') };
    try {
      if (process.env.DATABASE_URL) {
        database = await freshDatabase();
        env.DATABASE_URL = database.url;
        env.PORCHLIGHT_SECRET_KEY = TEST_SECRET_KEY;
      } else {
        server = await startApiServer(
          readEnv({ PORT: '0', PORCHLIGHT_DATA: env.PORCHLIGHT_DATA, LOG_LEVEL: 'silent' }),
        );
      }
      const sql = (server?.database ?? database)!.appSql;
      const app = createApp({ secretBox: TEST_SECRET_BOX, sql, clock: systemClock });
      const created = JSON.parse(
        (await cli(['tenant', 'create', '--name', 'Live', '--origin', 'https://live.example', '--json'], env)).stdout,
      );
      assert.equal((await settingsWith(app, created.apiKey)).status, 200, 'the running server accepts the new key');
      const rotated = JSON.parse(
        (await cli(['tenant', 'rotate-key', '--tenant', created.tenantId, '--overlap-hours', '0', '--json'], env))
          .stdout,
      );
      assert.equal((await settingsWith(app, rotated.apiKey)).status, 200);
      assert.equal((await settingsWith(app, created.apiKey)).status, 401, 'the old key stops working with no overlap');

      const ticket = (await (
        await app.request('/v1/admin/tickets', {
          method: 'POST',
          headers: { authorization: `Bearer ${rotated.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(sampleTicket()),
        })
      ).json()) as { customer: { id: string } };
      const link = JSON.parse(
        (
          await cli(
            ['customer', 'login-link', '--tenant', created.tenantId, '--customer', ticket.customer.id, '--json'],
            env,
          )
        ).stdout,
      );
      const redeem = await app.request('/v1/portal/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: link.token }),
      });
      assert.equal(redeem.status, 200, 'the CLI’s login link opens a session');
      const { session } = (await redeem.json()) as { session: string };
      const keyRotation = JSON.parse(
        (await cli(['tenant', 'rotate-session-key', '--tenant', created.tenantId, '--retire-now', '--json'], env))
          .stdout,
      );
      assert.ok(keyRotation.kid);
      const old = await createApp({ secretBox: TEST_SECRET_BOX, sql, clock: systemClock }).request('/v1/portal/me', {
        headers: { authorization: `Bearer ${session}` },
      });
      assert.equal(old.status, 401, 'a session of the retired key is refused');

      // `porchlight link revoke`: the link stops opening and the session it opened ends.
      const ticketId = (ticket as unknown as { id: string }).id;
      const ticketLink = (await (
        await app.request(`/v1/admin/tickets/${ticketId}/links`, {
          method: 'POST',
          headers: { authorization: `Bearer ${rotated.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'ticket' }),
        })
      ).json()) as { id: string; token: string };
      const redeemLink = () =>
        app.request('/v1/portal/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: ticketLink.token }),
        });
      const opened = (await (await redeemLink()).json()) as { session: string };
      const listed = (await cli(['link', 'list', '--tenant', created.tenantId, '--ticket', ticketId], env)).stdout;
      assert.match(listed, new RegExp(ticketLink.id));
      await cli(['link', 'revoke', '--tenant', created.tenantId, '--ticket', ticketId, '--link', ticketLink.id], env);
      assert.equal((await redeemLink()).status, 410, 'the revoked link no longer opens');
      const ended = await createApp({ secretBox: TEST_SECRET_BOX, sql, clock: systemClock }).request('/v1/portal/me', {
        headers: { authorization: `Bearer ${opened.session}` },
      });
      assert.equal(ended.status, 401, 'the session it opened has ended');
    } finally {
      await server?.stop();
      await database?.close();
    }
  });

  describe('next to `porchlight start` with PORCHLIGHT_MEMORY=1', () => {
    let server: ChildProcess | undefined;
    afterEach(async () => {
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server!.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      server = undefined;
    });

    it(
      'reaches the in-memory database, and the links come last with no seeding lines before them',
      { timeout: 120_000 },
      async () => {
        const env = { PORCHLIGHT_DATA: join(dir, 'memory'), PORCHLIGHT_MEMORY: '1' };
        await assert.rejects(cli(['tenant', 'list', '--json'], env), (e: { stderr: string }) =>
          /start it first/.test(e.stderr),
        );

        const { DATABASE_URL: _ignored, ...base } = process.env;
        server = spawn('node', ['--import', 'tsx', 'api/src/cli.ts', 'start'], {
          env: { ...base, ...env, PORT: '0', DEMO_PORT: '0', LOG_LEVEL: 'info' },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let printed = '';
        const started = server;
        await new Promise<void>((resolve, reject) => {
          started.stdout!.on('data', (chunk) => {
            printed += chunk;
            if (/Console\s+\S+[^\n]*\n/.test(printed)) resolve();
          });
          started.once('exit', (code) => reject(new Error(`start exited with ${code}: ${printed}`)));
        });
        assert.doesNotMatch(printed, /"event":"request"/, 'the seeding’s requests are not logged');
        assert.match(
          printed.trimEnd(),
          /Open in a browser:\n(\s+\S[^\n]*\n)*\s+Customer link\s+\S+\n\s+Console\s+\S+[^\n]*$/,
          'the links are the last thing printed, the console’s last',
        );

        const tenants = JSON.parse((await cli(['tenant', 'list', '--json'], env)).stdout);
        assert.deepEqual(
          tenants.map((t: { publicId: string }) => t.publicId),
          ['acme-demo'],
          'the CLI lists the tenant the running server seeded',
        );

        // Positive control for the quiet seeding: a request after the start is logged (JSON, as stdout is a pipe).
        const apiUrl = printed.match(/API \+ widget\s+(\S+)/)![1]!;
        assert.equal((await fetch(`${apiUrl}/healthz`)).status, 200);
        await new Promise<void>((resolve) => {
          const seen = () => /"event":"request".*"path":"\/healthz"/.test(printed) && resolve();
          started.stdout!.on('data', seen);
          seen();
        });
      },
    );
  });

  describe('`porchlight start --workers 2`', () => {
    let server: ChildProcess | undefined;
    let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
    afterEach(async () => {
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server!.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      server = undefined;
      await database?.close();
      database = undefined;
    });

    it(
      'logs none of the seeding’s requests in its API processes, and logs requests after it',
      { timeout: 120_000, skip: process.env.DATABASE_URL ? false : 'needs real PostgreSQL (DATABASE_URL)' },
      async () => {
        database = await freshDatabase();
        server = spawn('node', ['--import', 'tsx', 'api/src/cli.ts', 'start', '--workers', '2'], {
          env: {
            ...process.env,
            DATABASE_URL: database.url,
            PORCHLIGHT_SECRET_KEY: TEST_SECRET_KEY,
            PORT: '0',
            DEMO_PORT: '0',
            LOG_LEVEL: 'info',
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let printed = '';
        const started = server;
        await new Promise<void>((resolve, reject) => {
          started.stdout!.on('data', (chunk) => {
            printed += chunk;
            if (/Console\s+\S+[^\n]*\n/.test(printed)) resolve();
          });
          started.once('exit', (code) => reject(new Error(`start exited with ${code}: ${printed}`)));
        });
        assert.doesNotMatch(printed, /"event":"request"/, 'the seeding’s requests are not logged');
        assert.match(
          printed.trimEnd(),
          /Open in a browser:\n(\s+\S[^\n]*\n)*\s+Customer link\s+\S+\n\s+Console\s+\S+[^\n]*$/,
          'the links are the last thing printed, the console’s last',
        );

        // Positive control: once seeded, the API processes log requests again.
        const apiUrl = printed.match(/API \+ widget\s+(\S+)/)![1]!;
        assert.equal((await fetch(`${apiUrl}/healthz`)).status, 200);
        await new Promise<void>((resolve) => {
          const seen = () => /"event":"request".*"path":"\/healthz"/.test(printed) && resolve();
          started.stdout!.on('data', seen);
          seen();
        });
      },
    );
  });
});
