import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServer, connect as connectTcp, type Socket } from 'node:net';
import postgres from 'postgres';
import { connect, isDatabaseUnavailable, withTenant, type Sql } from './client';
import { freshDatabase } from '../testing/database';
import type { Database } from './open';

/**
 * The connection-loss defects of postgres.js 3.4.9 (porsager/postgres #1154, #1192, #1199, #1208, #1223): a reserved
 * connection whose backend is terminated must reject its queries, and the pool must come back at once — no uncaught
 * `Cannot read properties of null (reading 'write')`, no connection that hangs every later query; a connection lost
 * while it opens (fetching the array types) leaves no unhandled rejection and no reservation waiting forever.
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
    'mid-query: the transaction rejects as unavailable and the next query answers (a hang meets the timeout)',
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
        const [row] = await sql`select 1 as one`;
        assert.equal(row!.one, 1);
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

describe('a connection lost while it opens (fetching the array types)', { skip }, () => {
  let database: Database;
  before(async () => (database = await freshDatabase()));
  after(async () => await database?.close());

  /** A TCP proxy to PostgreSQL that cuts the first connection to send the driver's array-type query. */
  async function cuttingProxy() {
    const target = new URL(database.url);
    let cuts = 0;
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      const server = connectTcp(Number(target.port || 5432), target.hostname);
      for (const socket of [client, server]) {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => (sockets.delete(socket), client.destroy(), server.destroy()));
      }
      client.on('data', (chunk: Buffer) => {
        if (cuts === 0 && chunk.includes('pg_catalog.pg_type')) {
          cuts++;
          client.destroy();
          return;
        }
        server.write(chunk);
      });
      server.on('data', (chunk: Buffer) => client.write(chunk));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = new URL(database.url);
    url.host = `127.0.0.1:${(proxy.address() as { port: number }).port}`;
    return {
      url: url.toString(),
      cuts: () => cuts,
      close: () => {
        for (const socket of sockets) socket.destroy();
        return new Promise<void>((resolve) => proxy.close(() => resolve()));
      },
    };
  }

  test(
    'the waiting transaction gets the reconnected connection, nothing is left unhandled, arrays are read',
    { timeout: 15_000 },
    async () => {
      const unhandled: unknown[] = [];
      const record = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', record);
      const proxy = await cuttingProxy();
      const sql = connect({ url: proxy.url, max: 1 });
      try {
        // A transaction, as every request runs: it waits for a reserved connection, cut while that was opening.
        const [row] = await withTenant(
          sql,
          null,
          (tx) => tx<{ letters: string[] }[]>`select array['a', 'b']::text[] as letters`,
        );
        // The cut connection's rejections were settled before its successor (a new socket) could answer.
        assert.equal(proxy.cuts(), 1, 'positive control: a types query was cut');
        assert.deepEqual(row!.letters, ['a', 'b']);
        assert.deepEqual(unhandled.map(String), []);
        assert.equal((await withTenant(sql, null, (tx) => tx`select 1 as one`))[0]!.one, 1);
      } finally {
        process.off('unhandledRejection', record);
        await sql.end({ timeout: 1 });
        await proxy.close();
      }
    },
  );
});
