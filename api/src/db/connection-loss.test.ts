import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import postgres from 'postgres';
import { connect, isDatabaseUnavailable, withTenant, type Sql } from './client';
import { freshDatabase } from '../testing/database';
import type { Database } from './open';

/**
 * The connection-loss defects of postgres.js 3.4.9 (porsager/postgres #1154, #1199, #1208): a reserved connection
 * whose backend is terminated must reject its queries, and the pool must come back at once — no uncaught
 * `Cannot read properties of null (reading 'write')`, no connection that hangs every later query.
 */
const url = process.env.DATABASE_URL;
const skip = url ? false : 'needs real PostgreSQL (DATABASE_URL): pg_terminate_backend means nothing under PGlite';

describe('a terminated backend', { skip }, () => {
  let database: Database;
  let killer: postgres.Sql;
  before(async () => {
    database = await freshDatabase();
    killer = postgres(database.url, { max: 1, onnotice: () => {} });
  });
  after(async () => {
    await killer?.end();
    await database?.close();
  });

  /** A one-connection pool, so the terminated connection is the one every later query must use. */
  async function oneConnection(fn: (sql: Sql) => Promise<void>) {
    const sql = connect({ url: database.url, max: 1 });
    try {
      await fn(sql);
    } finally {
      await sql.end({ timeout: 1 });
    }
  }

  const terminate = (pid: number) => killer`select pg_terminate_backend(${pid})`;

  test(
    'mid-query: the transaction rejects as unavailable and the next query answers within 3 s',
    { timeout: 15_000 },
    () =>
      oneConnection(async (sql) => {
        const failure = await withTenant(sql, null, async (tx) => {
          const pid = (await tx<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
          const sleeping = tx`select pg_sleep(10)`.then(
            () => null,
            (error: unknown) => error,
          );
          await new Promise((resolve) => setTimeout(resolve, 100));
          await terminate(pid);
          throw await sleeping;
        }).then(
          () => null,
          (error: unknown) => error,
        );
        assert.ok(isDatabaseUnavailable(failure), `unavailable, got ${String(failure)}`);
        const started = performance.now();
        const [row] = await sql`select 1 as one`;
        assert.equal(row!.one, 1);
        assert.ok(performance.now() - started < 3000);
      }),
  );

  test(
    'between queries: the next query in the transaction rejects, the pool answers afterwards',
    { timeout: 15_000 },
    () =>
      oneConnection(async (sql) => {
        const failure = await withTenant(sql, null, async (tx) => {
          const pid = (await tx<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
          await terminate(pid);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx`select 1`;
        }).then(
          () => null,
          (error: unknown) => error,
        );
        assert.ok(isDatabaseUnavailable(failure), `unavailable, got ${String(failure)}`);
        for (let i = 0; i < 3; i++) assert.equal((await sql`select 1 as one`)[0]!.one, 1);
      }),
  );

  test('positive control: a transaction on a live connection commits', () =>
    oneConnection(async (sql) => {
      const [row] = await withTenant(sql, null, (tx) => tx`select 41 + 1 as answer`);
      assert.equal(row!.answer, 42);
    }));
});
