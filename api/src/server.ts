import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { S3BlobStore } from './services/documents/s3-store';
import { announceEmbedded } from './db/locate';
import { openDatabase, type Database } from './db/open';
import { sealAllSessionKeys } from './db/session-keys';
import { secretBoxFor } from './secret-key';
import type { Env } from './env';
import { systemClock } from './lib/clock';
import { withDeadline } from './lib/deadline';
import { processLogger, type Logger } from './lib/log';
import { InProcessEventBus, PostgresEventBus, type EventBus } from './services/event-bus';
import { startMaintenance } from './services/maintenance';
import { outboxWorkerFromEnv } from './services/outbox';

export const WIDGET_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  stop(): Promise<void>;
}

/** Serves `fetch` on a loopback port (0 picks one); resolves once listening, with the port taken. */
export function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname = '127.0.0.1') {
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
}

/**
 * Opens the database (embedded unless DATABASE_URL), brings it up to date and serves the API and the widget.
 * `log` replaces the process logger (readable on a terminal, JSON otherwise).
 */
export async function startApiServer(env: Env, options: { log?: Logger } = {}): Promise<RunningServer> {
  const dataDir = env.PORCHLIGHT_MEMORY ? undefined : env.PORCHLIGHT_DATA;
  const secretBox = await secretBoxFor(env);
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    appDatabaseUrl: env.APP_DATABASE_URL,
    workerDatabaseUrl: env.WORKER_DATABASE_URL,
    dataDir,
  });
  try {
    // Rows from before secrets were sealed are sealed now; a wrong key stops the start here, with its reason.
    await sealAllSessionKeys(database.sql, secretBox);
  } catch (error) {
    await database.close();
    throw error;
  }
  // In memory too: the tenant CLI reaches this process's database through the file named for PORCHLIGHT_DATA.
  const retract =
    database.kind === 'embedded' ? await announceEmbedded(env.PORCHLIGHT_DATA, database.url) : async () => {};
  const log = options.log ?? processLogger(env.LOG_LEVEL);
  const bus: EventBus = database.kind === 'postgres' ? new PostgresEventBus(database.sql) : new InProcessEventBus();
  if (bus instanceof PostgresEventBus) await bus.ready();
  const shutdown = new AbortController();
  const app = createApp({
    sql: database.appSql,
    clock: systemClock,
    secretBox,
    log,
    widgetDir: WIDGET_DIR,
    bus,
    shutdown: shutdown.signal,
    trustProxy: env.TRUST_PROXY,
    publicUrl: env.PUBLIC_URL,
    documents: {
      store: documentStoreFrom(env),
      limits: { maxFileBytes: env.DOCUMENT_MAX_BYTES, maxTicketBytes: env.DOCUMENT_TICKET_MAX_BYTES },
    },
  });
  const { server, port } = await listen(app.fetch, env.PORT);
  const maintenance = startMaintenance(database.workers, systemClock, log);
  const outbox = env.OUTBOX_WORKER === '1' ? outboxWorkerFromEnv(database.workers, systemClock, env, log) : null;
  outbox?.start();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    database,
    async stop() {
      // Open streams get a "reconnect" event first, so their clients move to another process without a gap.
      shutdown.abort();
      maintenance.stop();
      const http = server as Server;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      // What is still open after the grace period (a half-sent request, a stuck stream) is cut off; the outbox's
      // messages in hand stay leased and are delivered by a later round.
      const grace = env.SHUTDOWN_GRACE_MS;
      await Promise.all([
        withDeadline(() => closed, grace, 'draining requests').catch(() => http.closeAllConnections()),
        withDeadline(async () => outbox?.stop(), grace, 'stopping the outbox').catch((error: Error) =>
          log.error('shutdown_outbox', { message: error.message }),
        ),
      ]);
      await closed;
      await withDeadline(() => bus.close(), 2_000, 'closing the event bus').catch(() => {});
      await retract();
      await database.close();
    },
  };
}

/** The S3 store when DOCUMENT_STORE=s3; otherwise undefined (documents go to PostgreSQL). */
function documentStoreFrom(env: Env): S3BlobStore | undefined {
  if (env.DOCUMENT_STORE !== 's3') return undefined;
  return new S3BlobStore({
    bucket: env.DOCUMENT_S3_BUCKET!,
    endpoint: env.DOCUMENT_S3_ENDPOINT,
    region: env.DOCUMENT_S3_REGION,
    prefix: env.DOCUMENT_S3_PREFIX,
  });
}
