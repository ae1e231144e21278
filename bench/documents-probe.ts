/**
 * Where a 5 MB document's memory and time go, part by part, in one process (node --expose-gc): a raw insert, the
 * PostgreSQL blob store's `put` of a stream without HTTP. Each line: time, growth of the peak resident memory
 * (VmHWM, reset before), and what process.memoryUsage() grew by at its highest sampled point.
 * Run: DATABASE_URL=… node --expose-gc --import tsx bench/documents-probe.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createTenant } from '../api/src/db/tenants';
import { PostgresBlobStore } from '../api/src/services/documents/blob-store';
import type { Tx } from '../api/src/db/client';
import { freshDatabase } from '../api/src/testing/database';
import { sample } from '../api/src/testing/documents';

const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc!;
const MB = 1024 * 1024;
const file = sample('png', 5 * MB);
const status = async (field: string) =>
  Number((await readFile('/proc/self/status', 'utf8')).match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))![1]) * 1024;

async function* arriving(bytes: Buffer, size = 64 * 1024) {
  for (let at = 0; at < bytes.length; at += size) yield Buffer.from(bytes.subarray(at, at + size));
}

/** The same stream with a full collection every 512 KiB: what stays live, without the garbage awaiting collection. */
async function* collected(source: AsyncIterable<Buffer>, type: 'minor' | 'major' = 'major') {
  let n = 0;
  for await (const chunk of source) {
    if (++n % 8 === 0) gc(type === 'minor' ? { type } : undefined);
    yield chunk;
  }
}

async function probe(name: string, run: () => Promise<unknown>) {
  gc();
  gc();
  await writeFile('/proc/self/clear_refs', '5');
  const before = { ...process.memoryUsage(), hwm: await status('VmRSS') };
  const top = { rss: 0, heapUsed: 0, arrayBuffers: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    top.rss = Math.max(top.rss, m.rss - before.rss);
    top.heapUsed = Math.max(top.heapUsed, m.heapUsed - before.heapUsed);
    top.arrayBuffers = Math.max(top.arrayBuffers, m.arrayBuffers - before.arrayBuffers);
  }, 1);
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  clearInterval(sampler);
  const hwm = (await status('VmHWM')) - before.hwm;
  const f = (x: number) => (x / MB).toFixed(1).padStart(5);
  console.log(
    `${name.padEnd(44)} ${ms.toFixed(0).padStart(5)} ms  VmHWM +${f(hwm)} MB  sampled: rss +${f(top.rss)} heapUsed +${f(top.heapUsed)} arrayBuffers +${f(top.arrayBuffers)}`,
  );
  return ms;
}

/** The store's batching (16 rows a transaction) with another way of writing a batch's rows. */
async function putWith(
  tenantId: string,
  write: (tx: Tx, key: string, first: number, rows: Buffer[]) => Promise<void>,
  rowBytes = 32 * 1024,
  perTx = 16,
) {
  const key = crypto.randomUUID();
  let pending: Buffer[] = [];
  let bytes = 0;
  let seq = 0;
  const flush = async () => {
    const joined = Buffer.concat(pending, bytes);
    const rows: Buffer[] = [];
    for (let at = 0; at < joined.length; at += rowBytes) rows.push(joined.subarray(at, at + rowBytes));
    const first = seq;
    seq += rows.length;
    await database.tenants.withTenant(tenantId, (tx) => write(tx, key, first, rows));
    pending = [];
    bytes = 0;
  };
  for await (const chunk of arriving(file)) {
    pending.push(chunk);
    bytes += chunk.length;
    if (bytes >= rowBytes * perTx) await flush();
  }
  if (bytes) await flush();
}

function copyBinary(tenantId: string, key: string, first: number, rows: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1')];
  rows.forEach((row, i) => {
    const head = Buffer.alloc(2 + 4 + 4 + 4);
    head.writeInt16BE(2, 0);
    head.writeInt32BE(4, 2);
    head.writeInt32BE(first + i, 6);
    head.writeInt32BE(row.length, 10);
    parts.push(head, row);
  });
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

const database = await freshDatabase();
try {
  const { tenantId } = await createTenant(database.sql, { name: 'probe', origins: ['https://probe.example'] });
  await database.sql`create table probe_raw (id serial primary key, data bytea not null)`;
  await database.sql`alter table probe_raw alter column data set storage external`;
  const rounds = Number(process.env.ROUNDS ?? 3);
  const variants: [string, () => Promise<unknown>][] = [
    ['(a) raw insert, one 5 MB row', () => database.sql`insert into probe_raw (data) values (${file})`],
    ['(b) store put (app role, RLS)', () => new PostgresBlobStore(database.tenants).put(tenantId, arriving(file))],
    [
      '(f) store put, gc() every 512 KiB',
      () => new PostgresBlobStore(database.tenants).put(tenantId, collected(arriving(file))),
    ],
    [
      '(g) store put, minor gc() every 512 KiB',
      () => new PostgresBlobStore(database.tenants).put(tenantId, collected(arriving(file), 'minor')),
    ],
    [
      '(b2) store put, 64 KiB rows × 8',
      () => new PostgresBlobStore(database.tenants, 64 * 1024, 8).put(tenantId, arriving(file)),
    ],
    [
      '(c) hex, 32 KiB rows (the store before)',
      () =>
        putWith(tenantId, async (tx, key, first, rows) => {
          for (const [i, row] of rows.entries())
            await tx`insert into document_blob_chunks (tenant_id, blob_key, seq, data) values (${tenantId}, ${key}, ${first + i}, ${row})`;
        }),
    ],
    [
      '(d) base64 + decode()',
      () =>
        putWith(tenantId, async (tx, key, first, rows) => {
          for (const [i, row] of rows.entries())
            await tx`insert into document_blob_chunks (tenant_id, blob_key, seq, data) values (${tenantId}, ${key}, ${first + i}, decode(${row.toString('base64')}, 'base64'))`;
        }),
    ],
    [
      '(e) COPY binary → temp table → insert select',
      () =>
        putWith(tenantId, async (tx, key, first, rows) => {
          await tx`create temp table porch_blob_upload (seq integer, data bytea) on commit drop`;
          const w = await tx`copy porch_blob_upload (seq, data) from stdin (format binary)`.writable();
          await new Promise<void>((resolve, reject) => {
            w.on('error', reject);
            w.on('finish', resolve);
            w.end(copyBinary(tenantId, key, first, rows));
          });
          await tx`insert into document_blob_chunks (tenant_id, blob_key, seq, data) select ${tenantId}, ${key}, seq, data from porch_blob_upload`;
        }),
    ],
  ];
  for (const [, run] of variants) await run(); // warm-up
  for (let round = 0; round < rounds; round++) for (const [name, run] of variants) await probe(name, run);
} finally {
  await database.close();
}
