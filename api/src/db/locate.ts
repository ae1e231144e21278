import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { connect, type Sql } from './client';
import { openDatabase, type Database } from './open';
import { TenantDb } from './tenant-db';

/** Where a running server tells other local processes (the CLI) how to reach its embedded database. */
export const serverInfoPath = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.server.json`;

/**
 * Writes the file the CLI reads, unless another live server already wrote it (an in-memory server started next to
 * one on disk must not take the CLI away from it). Returns how to remove it again, only while it is still ours.
 */
export async function announceEmbedded(dataDir: string, url: string): Promise<() => Promise<void>> {
  const path = serverInfoPath(dataDir);
  const other = await readServerInfo(path);
  if (other && other.pid !== process.pid && alive(other.pid)) {
    process.stderr.write(`${path} names another running server (pid ${other.pid}); the CLI reaches that one.\n`);
    return async () => {};
  }
  await mkdir(dirname(path), { recursive: true });
  // The URL carries the embedded server's per-process password: only this user may read it (chmod too, since
  // `mode` applies only when the file is created).
  await writeFile(path, JSON.stringify({ pid: process.pid, url }), { mode: 0o600 });
  await chmod(path, 0o600);
  return async () => {
    if ((await readServerInfo(path))?.pid === process.pid) await rm(path, { force: true });
  };
}

const readServerInfo = (path: string): Promise<{ pid: number; url: string } | null> =>
  readFile(path, 'utf8').then(JSON.parse, () => null);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The database for a one-off command: DATABASE_URL; else the running server's embedded database through its
 * loopback socket (PGlite allows one process per data directory); else the data directory opened directly.
 */
export async function openForCommand(env: {
  DATABASE_URL?: string;
  WORKER_DATABASE_URL?: string;
  PORCHLIGHT_DATA: string;
  PORCHLIGHT_MEMORY: boolean;
}): Promise<{ sql: Sql; workers: TenantDb; close(): Promise<void> }> {
  if (env.DATABASE_URL)
    return openDatabase({ databaseUrl: env.DATABASE_URL, workerDatabaseUrl: env.WORKER_DATABASE_URL, poolSize: 2 });
  const info = await readServerInfo(serverInfoPath(env.PORCHLIGHT_DATA));
  if (info && alive(info.pid)) {
    const sql = connect({ url: info.url, max: 1, prepare: false });
    return { sql, workers: new TenantDb(sql, 'porchlight_worker'), close: () => sql.end() };
  }
  if (env.PORCHLIGHT_MEMORY)
    throw new Error('PORCHLIGHT_MEMORY=1 keeps the database inside the server, and none is running: start it first.');
  const database: Database = await openDatabase({ dataDir: env.PORCHLIGHT_DATA, poolSize: 2 });
  return database;
}
