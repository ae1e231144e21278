import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/open';

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL named by DATABASE_URL
 * (dropped afterwards), or a new in-memory PGlite when DATABASE_URL is not set.
 */
export async function freshDatabase(options: { poolSize?: number; migrate?: boolean } = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase(options);
  const name = `porch_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const database = await openDatabase({ ...options, databaseUrl: testUrl.toString() });
  return {
    ...database,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
