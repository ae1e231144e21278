import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import postgres from 'postgres';
import { connect, type Sql } from './client';
import { announceEmbedded, serverInfoPath } from './locate';
import { openDatabase, type Database } from './open';

describe('embedded wire server', () => {
  let db: Database;
  let clients: Sql[];
  beforeEach(async () => {
    db = await openDatabase({ migrate: false });
    clients = [];
  });
  afterEach(async () => {
    await Promise.all(clients.map((client) => client.end({ timeout: 1 })));
    await db.close();
  });

  const client = (url: URL) => {
    const sql = connect({ url: url.toString(), max: 1, prepare: false });
    clients.push(sql);
    return sql;
  };

  it('admits a loopback client with the per-process password in the URL it hands out', async () => {
    const url = new URL(db.url);
    assert.equal(url.hostname, '127.0.0.1');
    assert.equal(url.password, db.embedded!.password);
    assert.ok(url.password.length >= 32);
    const [row] = await client(url)`select 1 as one`;
    assert.equal(row!.one, 1);
  });

  it('refuses a connection without the password or with a wrong one (28P01)', async () => {
    for (const password of ['', 'wrong', db.embedded!.password.slice(1)]) {
      const url = new URL(db.url);
      url.password = password;
      await assert.rejects(client(url)`select 1`, (error: { code?: string }) => error.code === '28P01', password);
    }
    // The server still serves the right password after the refusals.
    const [row] = await client(new URL(db.url))`select 2 as two`;
    assert.equal(row!.two, 2);
  });

  it('rolls back the transaction of a client cut off inside it, and serves the next client', async () => {
    const url = new URL(db.url);
    const holder = postgres(url.toString(), { max: 1, prepare: false, onnotice: () => {} });
    await holder`create table kept (id int)`;
    const tx = await holder.reserve();
    await tx`begin`;
    await tx`insert into kept values (1)`;
    assert.ok(db.embedded!.db.isInTransaction(), 'positive control: the cut-off client is inside a transaction');
    // Its socket closes mid-transaction, as when its process dies or the network cuts it off.
    await holder.end({ timeout: 0 });
    const [row] = await client(url)<{ n: number }[]>`select count(*)::int as n from kept`;
    assert.equal(row!.n, 0, 'the insert was rolled back');
    assert.equal(db.embedded!.db.isInTransaction(), false);
  });

  it('gives each process (each server) its own password', async () => {
    const other = await openDatabase({ migrate: false });
    try {
      assert.notEqual(other.embedded!.password, db.embedded!.password);
      const wrong = new URL(db.url);
      wrong.password = other.embedded!.password;
      await assert.rejects(client(wrong)`select 1`, (error: { code?: string }) => error.code === '28P01');
    } finally {
      await other.close();
    }
  });
});

describe('server file for the CLI', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'porch-locate-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is written with mode 0600, also over an existing file that was readable by others', async () => {
    const data = join(dir, 'data');
    await writeFile(serverInfoPath(data), '{}', { mode: 0o644 });
    assert.equal((await stat(serverInfoPath(data))).mode & 0o777, 0o644);
    const retract = await announceEmbedded(data, 'postgres://postgres:secret@127.0.0.1:1/postgres');
    assert.equal((await stat(serverInfoPath(data))).mode & 0o777, 0o600);
    await retract();
    await assert.rejects(stat(serverInfoPath(data)), { code: 'ENOENT' });
  });
});
