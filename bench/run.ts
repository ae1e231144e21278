/**
 * `npm run bench`: bundle sizes and API figures, each against its budget. Throughput and latency are reported as
 * ratios to a baseline measured in the same run on the same machine, never as absolute wall-clock pass/fail.
 */
import os from 'node:os';
import { openDatabase } from '../api/src/db/open';
import { freshDatabase } from '../api/src/testing/database';
import { measureBundles } from './bundles';
import { measureThroughput, type ThroughputResult } from './throughput';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const table = (head: string[], rows: string[][]) =>
  [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 4000);
const failures: string[] = [];

console.log(`# Porchlight bench — ${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} cores\n`);

console.log('## Bundles (gzip -9)\n');
const bundles = measureBundles();
console.log(
  table(
    ['bundle', 'files', 'gz', 'budget'],
    bundles.map((b) => {
      const verdict = b.budget === undefined ? '' : `${b.gzBytes <= b.budget ? 'PASS' : 'FAIL'} (≤ ${kb(b.budget)})`;
      if (b.budget !== undefined && b.gzBytes > b.budget) failures.push(`${b.name} is ${kb(b.gzBytes)} > ${kb(b.budget)}`);
      return [b.name, String(b.files), kb(b.gzBytes), verdict];
    }),
  ),
);

console.log(`\n## Authenticated ticket read vs raw primary-key select (in process, ${TOTAL} requests × 3 interleaved rounds, medians)\n`);
const results: ThroughputResult[] = [];
const embedded = await openDatabase({});
try {
  results.push(...(await measureThroughput('embedded PGlite', embedded, Math.round(TOTAL / 4), [1, 16])));
} finally {
  await embedded.close();
}
if (process.env.DATABASE_URL) {
  const postgres = await freshDatabase();
  try {
    results.push(...(await measureThroughput('PostgreSQL', postgres, TOTAL, [1, 16])));
  } finally {
    await postgres.close();
  }
}
console.log(
  table(
    ['database', 'concurrent requests', 'raw select/s', 'API read/s', 'API/raw rate', 'p50 raw → API (ms)', 'p99 raw → API (ms)', 'target'],
    results.map((r) => {
      const ratio = r.apiPerSecond / r.rawPerSecond;
      // The budget is set for sequential reads on PostgreSQL; the concurrent row is reported alongside it.
      const isTarget = r.database === 'PostgreSQL' && r.concurrency === 1;
      if (isTarget && ratio < 0.4) failures.push(`PostgreSQL API/raw ${(ratio * 100).toFixed(0)} % < 40 %`);
      return [
        r.database,
        String(r.concurrency),
        r.rawPerSecond.toFixed(0),
        r.apiPerSecond.toFixed(0),
        `${(ratio * 100).toFixed(0)} %`,
        `${r.rawP50.toFixed(2)} → ${r.apiP50.toFixed(2)} (×${(r.apiP50 / r.rawP50).toFixed(1)})`,
        `${r.rawP99.toFixed(2)} → ${r.apiP99.toFixed(2)} (×${(r.apiP99 / r.rawP99).toFixed(1)})`,
        isTarget ? `${ratio >= 0.4 ? 'PASS' : 'FAIL'} (≥ 40 %)` : 'reported',
      ];
    }),
  ),
);
if (!process.env.DATABASE_URL) console.log('\n(Set DATABASE_URL to measure against PostgreSQL as well.)');

console.log(failures.length ? `\nBudgets missed:\n- ${failures.join('\n- ')}` : '\nAll budgets met.');
process.exitCode = failures.length ? 1 : 0;
