import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Sql } from './client';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any fixed number: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7_417_001;

/**
 * Applies the numbered SQL files in migrations/ that this database has not seen, in order, each in its own
 * transaction. A session-level advisory lock makes a second process wait until the first is done, then find
 * nothing left to do.
 */
export async function migrate(sql: Sql): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  const reserved = await sql.reserve();
  const applied: string[] = [];
  try {
    await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await reserved`create table if not exists schema_migrations (
      version text primary key, applied_at timestamptz not null default now())`;
    const done = new Set((await reserved<{ version: string }[]>`select version from schema_migrations`).map((r) => r.version));
    for (const file of files) {
      if (done.has(file)) continue;
      const body = await readFile(MIGRATIONS_DIR + file, 'utf8');
      await reserved.unsafe('begin');
      try {
        await reserved.unsafe(body);
        await reserved`insert into schema_migrations (version) values (${file})`;
        await reserved.unsafe('commit');
      } catch (error) {
        await reserved.unsafe('rollback');
        throw new Error(`migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(file);
    }
    await reserved.unsafe(`
      grant usage on schema public to porchlight_app;
      grant select, insert, update, delete on all tables in schema public to porchlight_app;
      revoke all on schema_migrations from porchlight_app;
      grant usage, select on all sequences in schema public to porchlight_app;`);
  } finally {
    await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    reserved.release();
  }
  return applied;
}
