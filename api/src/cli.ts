import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { openForCommand } from './db/locate';
import { openDatabase } from './db/open';
import { issueLoginLink } from './db/access';
import { listTicketLinks, revokeTicketLink } from './db/links';
import { revokeSessionIds } from './db/session-tokens';
import { withTenant, type Sql } from './db/client';
import { createStaff, enqueueStaffMail, issueStaffLink, STAFF_INVITE_TRIGGER } from './db/staff';
import { PreTenantLookups } from './db/pre-tenant';
import { TenantDb } from './db/tenant-db';
import { createTenant, listTenants, rotateApiKey } from './db/tenants';
import { readEnv } from './env';
import { systemClock } from './lib/clock';
import { isUuid } from './lib/ids';
import { Origin } from './schemas/common';
import { StaffInvite } from './schemas/staff';
import { processLogger, type Logger } from './lib/log';
import { secretBoxFor } from './secret-key';
import { SESSION_TTL_SECONDS, SessionService } from './services/sessions';
// The server, the demo site and the outbox worker are imported by the commands that run them (`await import`), so
// a tenant command does not load them.

const USAGE = `Usage:
  porchlight serve [--workers N]        API + widget for production: no demo site, no local mail server (mail goes
                                        to SMTP_URL); --workers N runs N supervised API processes on one port
  porchlight start [--workers N]        API + widget + demo site (embedded database unless DATABASE_URL;
                                        --workers N runs N API processes on one port, needs DATABASE_URL)
  porchlight worker                     delivers the outbox (email, SMS, infos) until stopped; run any number
  porchlight tenant create --name NAME --origin URL [--origin URL …] [--portal-url URL]
                          [--owner-email ADDR [--print-link]] [--json]
                                        --owner-email adds the first staff owner and e-mails the invite through
                                        the outbox (a running server or worker delivers it); --print-link prints
                                        the single-use sign-in link instead (demo, no mail server)
  porchlight tenant list [--json]
  porchlight tenant rotate-key --tenant ID [--overlap-hours H] [--json]
  porchlight tenant rotate-session-key --tenant ID [--retire-now] [--json]
  porchlight customer login-link --tenant ID --customer ID [--json]
  porchlight link list --tenant ID --ticket ID [--json]
  porchlight link revoke --tenant ID --ticket ID --link ID [--json]
                                        the link stops opening; its sessions end within a minute`;

async function main(argv: string[]) {
  const env = readEnv();
  const [command, sub] = argv;
  if (command === 'start' || command === 'serve') {
    const { values } = parseArgs({ args: argv.slice(1), options: { workers: { type: 'string', default: '1' } } });
    const workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 16)
      return fail('--workers must be a whole number from 1 to 16');
    if (workers > 1 && !env.DATABASE_URL) {
      return fail(
        '--workers needs DATABASE_URL: the embedded database lives inside one process, and live events cross processes through PostgreSQL.',
      );
    }
    const withDemo = command === 'start';
    return workers > 1 ? startCluster(env, workers, withDemo) : withDemo ? start(env) : serveApi(env);
  }
  if (command === 'worker') return runWorker(env);
  if (!['tenant', 'customer', 'link'].includes(command ?? '') || !sub) return fail(USAGE);

  const { values } = parseArgs({
    args: argv.slice(2),
    options: {
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'portal-url': { type: 'string' },
      'owner-email': { type: 'string' },
      'print-link': { type: 'boolean', default: false },
      tenant: { type: 'string' },
      'overlap-hours': { type: 'string', default: '24' },
      customer: { type: 'string' },
      ticket: { type: 'string' },
      link: { type: 'string' },
      'retire-now': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const database = await openForCommand(env);
  try {
    const tenantRef = async () => {
      const ref = values.tenant ?? '';
      const tenantId = isUuid(ref) ? ref : await new PreTenantLookups(database.sql).tenantByPublicId(ref);
      return tenantId ?? fail(`No tenant ${ref || '(give --tenant)'}`);
    };
    if (command === 'link') {
      const tenantId = await tenantRef();
      const ticketId = values.ticket ?? '';
      if (!isUuid(ticketId)) return fail('--ticket must be a ticket id');
      if (sub === 'list') {
        const links = await withTenant(database.sql, tenantId, (tx) => listTicketLinks(tx, ticketId));
        const lines = links.map(
          (l) => `${l.id}  ${l.mode.padEnd(17)} expires ${l.expiresAt}${l.revokedAt ? `  revoked ${l.revokedAt}` : ''}`,
        );
        return print(values.json, links, lines.join('\n') || 'No links.');
      }
      if (sub !== 'revoke') return fail(USAGE);
      const linkId = values.link ?? '';
      if (!isUuid(linkId)) return fail('--link must be a link id (see porchlight link list)');
      const now = systemClock.now();
      const link = await withTenant(database.sql, tenantId, async (tx) => {
        const revoked = await revokeTicketLink(tx, ticketId, linkId, now);
        await revokeSessionIds(tx, [linkId], new Date(now.getTime() + SESSION_TTL_SECONDS * 1000));
        return revoked;
      }).catch((error: Error) => fail(error.message));
      print(values.json, link, `Link ${link.id} revoked; the sessions it opened end within a minute.`);
    } else if (command === 'customer') {
      if (sub !== 'login-link') return fail(USAGE);
      const tenantId = await tenantRef();
      const customerId = values.customer ?? '';
      if (!isUuid(customerId)) return fail('--customer must be a customer id');
      const link = await withTenant(database.sql, tenantId, (tx) =>
        issueLoginLink(tx, tenantId, customerId, systemClock.now()),
      ).catch((error: Error) => fail(error.message));
      print(
        values.json,
        link,
        `Login link (works once, until ${link.expiresAt}; older links stop working):\n${link.url}`,
      );
    } else if (sub === 'rotate-session-key') {
      const tenantId = await tenantRef();
      const rotated = await new SessionService(new TenantDb(database.sql), systemClock, await secretBoxFor(env)).rotate(
        tenantId,
        values['retire-now'],
      );
      print(
        values.json,
        rotated,
        `New session key ${rotated.kid}. Sessions signed with the previous key stop working at ${rotated.previousRetireAt}.`,
      );
    } else if (sub === 'create') {
      const origins = values.origin ?? [];
      if (!values.name) return fail('tenant create needs --name');
      const bad = origins.filter((o) => !Origin.safeParse(o).success);
      if (origins.length === 0 || bad.length)
        return fail(
          `--origin must be bare origins like https://acme.example${bad.length ? ` (got ${bad.join(', ')})` : ''}`,
        );
      const ownerEmail = values['owner-email'];
      if (ownerEmail !== undefined && !StaffInvite.shape.email.safeParse(ownerEmail).success)
        return fail('--owner-email must be an e-mail address');
      const tenant = await createTenant(database.sql, { name: values.name, origins, portalUrl: values['portal-url'] });
      const owner = ownerEmail
        ? await inviteOwner(database.sql, tenant.tenantId, ownerEmail, values['print-link'], env)
        : undefined;
      print(
        values.json,
        { tenantId: tenant.tenantId, publicId: tenant.publicId, apiKey: tenant.apiKey, ...(owner ? { owner } : {}) },
        [
          `Tenant ${tenant.tenantId} (${tenant.publicId}) created.`,
          `API key (shown once, store it now): ${tenant.apiKey}`,
          ...(owner?.signInUrl ? [`Owner ${owner.email}: sign in once with ${owner.signInUrl}`] : []),
          ...(owner && !owner.signInUrl ? [`Owner ${owner.email}: invite queued in the outbox.`] : []),
        ].join('\n'),
      );
    } else if (sub === 'list') {
      const tenants = await listTenants(database.sql);
      print(
        values.json,
        tenants,
        tenants.map((t) => `${t.id}  ${t.publicId.padEnd(14)} ${t.name}  [${t.allowedOrigins.join(' ')}]`).join('\n') ||
          'No tenants.',
      );
    } else if (sub === 'rotate-key') {
      const ref = values.tenant ?? '';
      const tenantId = isUuid(ref) ? ref : await new PreTenantLookups(database.sql).tenantByPublicId(ref);
      const hours = Number(values['overlap-hours']);
      if (!tenantId) return fail(`No tenant ${ref || '(give --tenant)'}`);
      if (!Number.isFinite(hours) || hours < 0 || hours > 720) return fail('--overlap-hours must be between 0 and 720');
      const apiKey = await rotateApiKey(database.sql, tenantId, hours, systemClock.now());
      print(
        values.json,
        { tenantId, apiKey },
        `New API key (shown once): ${apiKey}\nPrevious keys stop working in ${hours} h.`,
      );
    } else {
      return fail(USAGE);
    }
  } finally {
    await database.close();
  }
}

/** The first owner: the account, and its invite queued in the outbox or (printLink) a sign-in link printed. */
async function inviteOwner(sql: Sql, tenantId: string, email: string, printLink: boolean, env: Env) {
  const consoleUrl = `${env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : `http://localhost:${env.PORT}`}/admin`;
  const now = systemClock.now();
  return withTenant(sql, tenantId, async (tx) => {
    const staff = await createStaff(tx, tenantId, email, 'owner', now);
    if (!printLink) {
      await enqueueStaffMail(tx, tenantId, staff, STAFF_INVITE_TRIGGER, consoleUrl, now);
      return { id: staff.id, email: staff.email };
    }
    const link = await issueStaffLink(tx, tenantId, staff.id, STAFF_INVITE_TRIGGER, consoleUrl, now);
    return { id: staff.id, email: staff.email, signInUrl: link.url, expiresAt: link.expiresAt.toISOString() };
  });
}

/** An outbox worker as its own process, against DATABASE_URL or the running server's embedded database. */
async function runWorker(env: Env) {
  const database = await openForCommand(env);
  const log = processLogger(env.LOG_LEVEL);
  const { outboxWorkerFromEnv } = await import('./services/outbox');
  const outbox = outboxWorkerFromEnv(database.workers, systemClock, env, log);
  outbox.start();
  log.info('outbox_worker_started', { pid: process.pid });
  onSignal(env, async () => {
    await outbox.stop();
    await database.close();
  });
}

function print(json: boolean | undefined, data: unknown, text: string) {
  process.stdout.write((json ? JSON.stringify(data) : text) + '\n');
}

function fail(message: string): never {
  process.stderr.write(message + '\n');
  process.exit(2);
}

type Env = ReturnType<typeof readEnv>;

/** Without SMTP_URL, mail goes to a local SMTP server whose messages the demo's dispatcher page shows. */
async function localMailbox(env: Env) {
  if (env.SMTP_URL) return { env, mailbox: undefined, close: async () => {} };
  const { startLocalSmtp } = await import('./services/outbox/local-smtp');
  const mailbox = await startLocalSmtp();
  return { env: { ...env, SMTP_URL: mailbox.url }, mailbox, close: () => mailbox.close() };
}

async function start(baseEnv: Env) {
  const { env, mailbox, close } = await localMailbox(baseEnv);
  const log = processLogger(env.LOG_LEVEL);
  // The demo's seeding is a dozen admin requests: their lines would bury the links. Errors still show.
  let seeding = true;
  const [{ startApiServer }, { startDemo }] = await Promise.all([import('./server'), import('../../demo/start')]);
  const api = await startApiServer(env, {
    log: {
      info: (event, fields) => {
        if (!seeding || event !== 'request') log.info(event, fields);
      },
      error: log.error,
    },
  });
  const demo = await startDemo(
    { url: api.url, sql: api.database.sql },
    { port: env.DEMO_PORT ?? api.port + 1, publicApiUrl: env.PUBLIC_URL ?? api.url, mailbox },
  );
  seeding = false;
  const where =
    api.database.kind === 'embedded'
      ? `embedded PostgreSQL${env.PORCHLIGHT_MEMORY ? ', in memory' : ` in ${env.PORCHLIGHT_DATA}`}`
      : 'PostgreSQL';
  announce(where, api.url, demo, mailbox?.url);
  onSignal(env, async () => {
    await demo.stop();
    await api.stop();
    await close();
  });
}

/** Production: the API and the widget only. Mail goes to SMTP_URL (unset: email messages fail EMAIL_NOT_CONFIGURED). */
async function serveApi(env: Env) {
  const { startApiServer } = await import('./server');
  const api = await startApiServer(env);
  process.stdout.write(`Porchlight API + widget on ${api.url} (pid ${process.pid})\n`);
  onSignal(env, () => api.stop());
}

/**
 * N API processes sharing one port (node:cluster), supervised: one that dies is replaced. The demo site (start) runs
 * in the primary. Live events cross via PostgreSQL. A process that dies before it listens is a fatal error (a bad
 * configuration or an unreachable database would only die again): logged, and the primary exits non-zero.
 */
async function startCluster(env: Env, workers: number, withDemo: boolean) {
  const log = processLogger(env.LOG_LEVEL);
  if (cluster.isWorker) {
    // As in start: the demo's seeding requests stay unlogged until the primary says it is done.
    let seeding = withDemo;
    process.on('message', (message: { seeded?: boolean }) => {
      if (message.seeded) seeding = false;
    });
    const { startApiServer } = await import('./server');
    const api = await startApiServer(env, {
      log: {
        info: (event, fields) => {
          if (!seeding || event !== 'request') log.info(event, fields);
        },
        error: log.error,
      },
    });
    process.send!({ port: api.port });
    onSignal(env, () => api.stop());
    return;
  }
  const { mailbox, close } = withDemo ? await localMailbox(env) : { mailbox: undefined, close: async () => {} };
  let stopping = false;
  let seeded = false;
  const fork = () =>
    new Promise<number>((resolve, reject) => {
      const worker = cluster.fork(mailbox ? { SMTP_URL: mailbox.url } : {});
      let listening = false;
      worker.once('message', (message: { port: number }) => {
        listening = true;
        if (seeded) worker.send({ seeded });
        resolve(message.port);
      });
      worker.once('exit', (code, signal) => {
        if (stopping) return;
        if (!listening) return reject(new Error(`An API process exited with ${code ?? signal} before it listened`));
        log.error('api_process_died', { pid: worker.process.pid, code, signal });
        fork().then(
          () => log.info('api_process_replaced', {}),
          (error: Error) => fatal(log, error),
        );
      });
    });
  const ports = await Promise.all(Array.from({ length: workers }, fork)).catch((error: Error) => fatal(log, error));
  const apiUrl = `http://127.0.0.1:${ports[0]}`;
  const stopWorkers = () => {
    stopping = true;
    const exited = Object.values(cluster.workers ?? {}).map(
      (worker) => new Promise<void>((resolve) => (worker!.once('exit', () => resolve()), worker!.kill('SIGTERM'))),
    );
    return Promise.all(exited).then(() => {});
  };
  if (!withDemo) {
    process.stdout.write(`Porchlight API + widget on ${apiUrl} (${workers} supervised processes)\n`);
    onSignal(env, stopWorkers);
    return;
  }
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, poolSize: 2 });
  const { startDemo } = await import('../../demo/start');
  const demo = await startDemo(
    { url: apiUrl, sql: database.sql },
    { port: env.DEMO_PORT ?? ports[0]! + 1, publicApiUrl: env.PUBLIC_URL ?? apiUrl, mailbox },
  );
  seeded = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker!.send({ seeded });
  announce(`PostgreSQL, ${workers} API processes on one port`, apiUrl, demo, mailbox?.url);
  onSignal(env, async () => {
    await Promise.all([stopWorkers(), demo.stop()]);
    await database.close();
    await close();
  });
}

function fatal(log: Logger, error: Error): never {
  log.error('fatal', { message: error.message });
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

function announce(
  where: string,
  apiUrl: string,
  demo: { siteUrl: string; dispatcherUrl: string; customerLink: string; consoleLink: string },
  mailboxUrl?: string,
) {
  const lines = [
    `Porchlight is running (${where}). Ctrl+C stops it.`,
    '',
    `  API + widget   ${apiUrl}   (OpenAPI: ${apiUrl}/v1/openapi.json)`,
    ...(mailboxUrl
      ? [`  Outbox mail    ${mailboxUrl}   (a local SMTP server; the dispatcher page shows its mails)`]
      : []),
    `  Tenant CLI     npm run porchlight -- tenant list`,
    '',
    'Open in a browser:',
    `  Demo site      ${demo.siteUrl}`,
    `  Dispatcher     ${demo.dispatcherUrl}`,
    `  Customer link  ${demo.customerLink}`,
    `  Console        ${demo.consoleLink}   (owner@demo.example; works once)`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

/** Stops on SIGINT/SIGTERM; whatever is still running a few seconds past the grace period is not waited for. */
function onSignal(env: Env, stop: () => Promise<void>) {
  const handler = () => {
    setTimeout(() => process.exit(1), env.SHUTDOWN_GRACE_MS + 5_000).unref();
    void stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
