import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import type { Database } from '../api/src/db/open';
import { createTenant } from '../api/src/db/tenants';
import { multipart, sample } from '../api/src/testing/documents';
import { sampleTicket } from '../api/src/testing/harness';
import { TEST_SECRET_KEY } from '../api/src/testing/secret';

export interface DocumentsBenchResult {
  fileBytes: number;
  rounds: number;
  /** Medians over the rounds. */
  uploadMs: number;
  rawMs: number;
  /** Raw insert time / upload time: the upload's throughput as a share of a raw insert of the same bytes. */
  ratio: number;
  /** Largest growth of the API process's peak resident memory during one upload, in bytes. */
  peakGrowthBytes: number;
  /** Whether the kernel let the bench reset the peak before each upload (else the growth is over the whole run). */
  peakReset: boolean;
}

function startApiProcess(url: string) {
  const env = { ...process.env, DATABASE_URL: url, PORCHLIGHT_SECRET_KEY: TEST_SECRET_KEY };
  const child = spawn('node', ['--import', 'tsx', 'bench/api-process.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<{ child: ChildProcess; port: number; pid: number }>((resolve, reject) => {
    child.stdout!.once('data', (chunk) => resolve({ child, ...JSON.parse(String(chunk)) }));
    child.once('exit', (code) => reject(new Error(`API process exited with ${code}`)));
  });
}

/** A field of /proc/<pid>/status in bytes (VmRSS: now, VmHWM: the peak). */
async function memory(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))![1]) * 1024;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * A 5 MB document uploaded through the admin API to a separate API process on PostgreSQL (the default blob store),
 * against a raw `insert` of the same bytes into a bytea column with the same driver, interleaved, medians. The API
 * process's peak resident memory is reset before each upload (/proc/<pid>/clear_refs) and read after it.
 */
export async function measureDocuments(database: Database, rounds = 3): Promise<DocumentsBenchResult> {
  const fileBytes = 5 * 1024 * 1024;
  const file = sample('png', fileBytes);
  const api = await startApiProcess(database.url);
  try {
    const { apiKey } = await createTenant(database.sql, {
      name: 'Documents bench',
      origins: ['https://bench.example'],
    });
    const base = `http://127.0.0.1:${api.port}`;
    const headers = { authorization: `Bearer ${apiKey}` };
    const created = await fetch(`${base}/v1/admin/tickets`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(sampleTicket()),
    });
    const ticket = (await created.json()) as { id: string };
    await database.sql`create table bench_raw_bytes (id serial primary key, data bytea not null)`;
    await database.sql`alter table bench_raw_bytes alter column data set storage external`;

    const upload = async () => {
      const { body, contentType } = multipart('bench.png', file);
      const started = performance.now();
      const response = await fetch(`${base}/v1/admin/tickets/${ticket.id}/documents`, {
        method: 'POST',
        headers: { ...headers, 'content-type': contentType },
        body,
      });
      if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
      return performance.now() - started;
    };
    const raw = async () => {
      const started = performance.now();
      await database.sql`insert into bench_raw_bytes (data) values (${file})`;
      return performance.now() - started;
    };

    await upload();
    await raw();
    let peakReset = true;
    const uploads: number[] = [];
    const raws: number[] = [];
    let peakGrowthBytes = 0;
    for (let round = 0; round < rounds; round++) {
      raws.push(await raw());
      await writeFile(`/proc/${api.pid}/clear_refs`, '5').catch(() => (peakReset = false));
      const before = await memory(api.pid, 'VmRSS');
      uploads.push(await upload());
      peakGrowthBytes = Math.max(peakGrowthBytes, (await memory(api.pid, 'VmHWM')) - before);
    }
    const uploadMs = median(uploads);
    const rawMs = median(raws);
    return { fileBytes, rounds, uploadMs, rawMs, ratio: rawMs / uploadMs, peakGrowthBytes, peakReset };
  } finally {
    const exited = new Promise((resolve) => api.child.once('exit', resolve));
    api.child.kill('SIGTERM');
    await exited;
  }
}
