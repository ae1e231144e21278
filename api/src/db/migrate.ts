import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Sql } from './client';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any fixed number: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7_417_001;

/**
 * Applies the numbered SQL files in migrations/ that this database has not seen, in order, all in one
 * transaction that first takes a transaction-level advisory lock: a second process starting at the same time
 * waits, then finds nothing left to do; a failing file leaves the database as it was. (A transaction-level lock
 * also serialises connections that share one embedded PGlite session, where session-level locks would not.)
 */
export async function migrate(sql: Sql): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())`;
    const done = new Set(
      (await tx<{ version: string }[]>`select version from schema_migrations`).map((r) => r.version),
    );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      try {
        await tx.unsafe(await readFile(MIGRATIONS_DIR + file, 'utf8'));
      } catch (error) {
        throw new Error(`migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
      await tx`insert into schema_migrations (version) values (${file})`;
      applied.push(file);
    }
    await tx.unsafe(`
      grant usage on schema public to porchlight_app;
      grant select, insert, update, delete on all tables in schema public to porchlight_app;
      revoke all on schema_migrations from porchlight_app;
      grant usage, select on all sequences in schema public to porchlight_app;`);
    return applied;
  }) as Promise<string[]>;
}
