import { mkdir } from 'node:fs/promises';
import { connect, roleUrl, type Sql } from './client';
import { EmbeddedPostgres } from './embedded';
import { migrate } from './migrate';
import { PreTenantLookups } from './pre-tenant';
import { TenantDb } from './tenant-db';

export interface Database {
  /** The owner pool: migrations, the CLI, the event bus's LISTEN and test setup only. */
  sql: Sql;
  /** The request pool, for `createApp`: on PostgreSQL logged in as `porchlight_app` (no superuser, no BYPASSRLS). */
  appSql: Sql;
  /** What routes and services get: tenant-scoped transactions on the request pool (see TenantDb). */
  tenants: TenantDb;
  /** The outbox worker's and the maintenance loop's handle: the `porchlight_worker` role, its own pool. */
  workers: TenantDb;
  preTenant: PreTenantLookups;
  kind: 'postgres' | 'embedded';
  /** A postgres:// URL other processes on this machine can use (the embedded server's loopback port). */
  url: string;
  embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Real PostgreSQL; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** Embedded data directory; undefined keeps everything in memory. */
  dataDir?: string;
  /** An embedded data directory dumped as a tar (PGlite's `dumpDataDir`) to start from. */
  loadDataDir?: Blob;
  /** Loopback port for the embedded server (0 picks one). */
  port?: number;
  poolSize?: number;
  migrate?: boolean;
  /** The request role's login (APP_DATABASE_URL); by default databaseUrl with the user `porchlight_app`. */
  appDatabaseUrl?: string;
  /** The worker role's login (WORKER_DATABASE_URL); by default databaseUrl with the user `porchlight_worker`. */
  workerDatabaseUrl?: string;
}

/** Opens PostgreSQL (or starts the embedded one) and brings its schema up to date. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.databaseUrl ? openPostgres(options.databaseUrl, options) : await openEmbedded(options);
  if (options.migrate !== false) {
    try {
      await migrate(database.sql);
      await refuseMightyLogins(database);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

/** A request or worker pool that logs in as a superuser or a BYPASSRLS role would make row-level security moot. */
async function refuseMightyLogins(database: Database) {
  if (database.kind === 'embedded') return;
  for (const handle of [database.tenants, database.workers]) {
    const [me] = await handle.withoutTenant(
      (tx) => tx<{ name: string; mighty: boolean }[]>`
        select rolname as name, rolsuper or rolbypassrls as mighty from pg_roles where rolname = session_user`,
    );
    if (me!.mighty)
      throw new Error(`The application logs in as ${me!.name}, a superuser or BYPASSRLS role; give it its own role.`);
  }
}

// Connections open lazily, so the three pools cost nothing until used.
function openPostgres(url: string, options: OpenOptions): Database {
  const max = options.poolSize ?? 10;
  const sql = connect({ url, max });
  const appSql = connect({ url: roleUrl(url, 'porchlight_app', options.appDatabaseUrl), max });
  const workerSql = connect({ url: roleUrl(url, 'porchlight_worker', options.workerDatabaseUrl), max });
  return {
    sql,
    appSql,
    tenants: new TenantDb(appSql),
    workers: new TenantDb(workerSql, 'porchlight_worker'),
    preTenant: new PreTenantLookups(appSql),
    kind: 'postgres',
    url,
    close: async () => {
      await Promise.all([sql, appSql, workerSql].map((pool) => pool.end({ timeout: 5 })));
    },
  };
}

async function openEmbedded(options: OpenOptions): Promise<Database> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const embedded = await EmbeddedPostgres.open(options.dataDir, options.loadDataDir);
  const port = await embedded.listen(options.port ?? 0);
  const url = `postgres://postgres:${embedded.password}@127.0.0.1:${port}/postgres`;
  // PGlite runs one query at a time; a small pool only saves connection hand-offs. It has one user, so the request
  // and worker handles switch to their role per transaction on the owner's connections (see docs/architecture.md).
  const sql = connect({ url, max: options.poolSize ?? 4, prepare: false });
  return {
    sql,
    appSql: sql,
    tenants: new TenantDb(sql),
    workers: new TenantDb(sql, 'porchlight_worker'),
    preTenant: new PreTenantLookups(sql),
    kind: 'embedded',
    url,
    embedded,
    async close() {
      await sql.end({ timeout: 5 });
      await embedded.close();
    },
  };
}
