import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type Sql } from './client';
import { openDatabase, type Database } from './open';

/** Where a running server tells other local processes (the CLI) how to reach its embedded database. */
export const serverInfoPath = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.server.json`;

export async function announceEmbedded(dataDir: string, url: string): Promise<() => Promise<void>> {
  const path = serverInfoPath(dataDir);
  // The URL carries the embedded server's per-process password: only this user may read it (chmod too, since
  // `mode` applies only when the file is created).
  await writeFile(path, JSON.stringify({ pid: process.pid, url }), { mode: 0o600 });
  await chmod(path, 0o600);
  return () => rm(path, { force: true });
}

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
  PORCHLIGHT_DATA: string;
  PORCHLIGHT_MEMORY: boolean;
}): Promise<{ sql: Sql; close(): Promise<void> }> {
  if (env.DATABASE_URL) return openDatabase({ databaseUrl: env.DATABASE_URL, poolSize: 2 });
  const info = await readFile(serverInfoPath(env.PORCHLIGHT_DATA), 'utf8').then(JSON.parse, () => null);
  if (info && alive(info.pid)) {
    const sql = connect({ url: info.url, max: 1, prepare: false });
    return { sql, close: () => sql.end() };
  }
  if (env.PORCHLIGHT_MEMORY)
    throw new Error('PORCHLIGHT_MEMORY=1 keeps the database inside the server: start it first (npm start).');
  const database: Database = await openDatabase({ dataDir: env.PORCHLIGHT_DATA, poolSize: 2 });
  return database;
}
