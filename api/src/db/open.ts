import { mkdir } from 'node:fs/promises';
import { connect, type Sql } from './client';
import { EmbeddedPostgres } from './embedded';
import { migrate } from './migrate';
import { PreTenantLookups } from './pre-tenant';
import { TenantDb } from './tenant-db';

export interface Database {
  /** The owner pool: migrations, the CLI and the composition root (app.ts, server.ts) only. */
  sql: Sql;
  /** What routes and services get: tenant-scoped transactions (see TenantDb). */
  tenants: TenantDb;
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
  /** Loopback port for the embedded server (0 picks one). */
  port?: number;
  poolSize?: number;
  migrate?: boolean;
}

/** Opens PostgreSQL (or starts the embedded one) and brings its schema up to date. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.databaseUrl ? openPostgres(options.databaseUrl, options) : await openEmbedded(options);
  if (options.migrate !== false) await migrate(database.sql);
  return database;
}

function openPostgres(url: string, options: OpenOptions): Database {
  const sql = connect({ url, max: options.poolSize ?? 10 });
  return { ...handles(sql), kind: 'postgres', url, close: () => sql.end({ timeout: 5 }) };
}

async function openEmbedded(options: OpenOptions): Promise<Database> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const embedded = await EmbeddedPostgres.open(options.dataDir);
  const port = await embedded.listen(options.port ?? 0);
  const url = `postgres://postgres:${embedded.password}@127.0.0.1:${port}/postgres`;
  // PGlite runs one query at a time; a small pool only saves connection hand-offs.
  const sql = connect({ url, max: options.poolSize ?? 4, prepare: false });
  return {
    ...handles(sql),
    kind: 'embedded',
    url,
    embedded,
    async close() {
      await sql.end({ timeout: 5 });
      await embedded.close();
    },
  };
}

const handles = (sql: Sql) => ({ sql, tenants: new TenantDb(sql), preTenant: new PreTenantLookups(sql) });
