import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/open';

const MIGRATIONS_DIR = fileURLToPath(new URL('../db/migrations/', import.meta.url));
/** Any fixed number: the advisory lock under which one test process builds the template the others copy. */
const TEMPLATE_LOCK = 7_417_002;

let hashed: Promise<string> | undefined;

/** The migrations' names and texts, hashed once per process: a copy made from one set of migrations serves only it. */
function schemaHash(): Promise<string> {
  hashed ??= (async () => {
    const hash = createHash('sha256');
    for (const file of (await readdir(MIGRATIONS_DIR)).sort())
      hash.update(file).update(await readFile(MIGRATIONS_DIR + file));
    return hash.digest('hex').slice(0, 16);
  })();
  return hashed;
}

const databaseUrl = (url: string, name: string) => {
  const at = new URL(url);
  at.pathname = `/${name}`;
  return at.toString();
};

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL named by DATABASE_URL
 * (dropped afterwards), or a new in-memory PGlite when DATABASE_URL is not set.
 *
 * Migrating from nothing takes most of a fresh database's time, so a migrated one is made once per set of
 * migrations and copied: on PostgreSQL a template database (`create database … template`), on PGlite a dump of its
 * data directory in the system's temporary directory. Each fresh database still runs `migrate`, which finds
 * nothing left to do; `migrate: false` starts from an empty database, as the migration tests need.
 */
export async function freshDatabase(options: { poolSize?: number; migrate?: boolean } = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const migrated = options.migrate !== false;
  if (!url) return openDatabase({ ...options, loadDataDir: migrated ? await embeddedSnapshot() : undefined });
  const name = `porch_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const template = migrated ? ` template ${await templateDatabase(admin, url)}` : '';
  await admin.unsafe(`create database ${name}${template}`);
  const database = await openDatabase({ ...options, databaseUrl: databaseUrl(url, name) });
  return {
    ...database,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The migrated template for this set of migrations, built under a lock by the first process that needs it. */
async function templateDatabase(admin: postgres.Sql, url: string): Promise<string> {
  const name = `porch_template_${await schemaHash()}`;
  const exists = async () => (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
  if (await exists()) return name;
  await admin`select pg_advisory_lock(${TEMPLATE_LOCK})`;
  try {
    if (await exists()) return name;
    // Built under another name and renamed when done, so a build cut short never serves as a template.
    const building = `${name}_building`;
    await admin.unsafe(`drop database if exists ${building} with (force)`);
    await admin.unsafe(`create database ${building}`);
    await (await openDatabase({ databaseUrl: databaseUrl(url, building), poolSize: 1 })).close();
    await admin.unsafe(`alter database ${building} rename to ${name}`);
    const stale = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like 'porch\\_template\\_%' and datname <> ${name}`;
    for (const { datname } of stale) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    return name;
  } finally {
    await admin`select pg_advisory_unlock(${TEMPLATE_LOCK})`;
  }
}

let snapshot: Promise<Blob> | undefined;

/** A migrated PGlite data directory as a tar, made once per set of migrations and kept in the temporary directory. */
function embeddedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const name = `porchlight-pglite-${await schemaHash()}.tar`;
    const file = join(tmpdir(), name);
    const saved = await readFile(file).catch(() => undefined);
    if (saved) return new Blob([saved]);
    const database = await openDatabase({});
    try {
      const dump = await database.embedded!.db.dumpDataDir('none');
      // Written whole and renamed, so a process reading it never sees half a file.
      const partial = `${file}.${process.pid}`;
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
      await rename(partial, file);
      for (const stale of await readdir(tmpdir()))
        if (/^porchlight-pglite-\w+\.tar$/.test(stale) && stale !== name)
          await rm(join(tmpdir(), stale), { force: true });
      return dump;
    } finally {
      await database.close();
    }
  })();
  return snapshot;
}
