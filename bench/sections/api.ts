/** Bench sections of the API's own costs: reads, access checks, live events and the outbox. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { measureAccess, type AccessRow } from '../access';
import type { LiveResult } from '../live';
import { measureOutbox, type OutboxResult } from '../outbox';
import { measureThroughput, type ThroughputResult } from '../throughput';
import { onEachDatabase } from './databases';
import { table } from './format';

const run = promisify(execFile);
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 4000);

export async function benchThroughput(failures: string[]) {
  console.log(
    `\n## Authenticated ticket read vs raw primary-key select (in process, ${TOTAL} requests × 3 interleaved rounds, medians)\n`,
  );
  // PGlite serves one query at a time: a quarter of the requests keeps its run as long as PostgreSQL's.
  const results: ThroughputResult[] = (
    await onEachDatabase((label, database) =>
      measureThroughput(label, database, database.kind === 'postgres' ? TOTAL : Math.round(TOTAL / 4), [1, 16]),
    )
  ).flat();
  console.log(
    table(
      [
        'database',
        'concurrent requests',
        'raw select/s',
        'API read/s',
        'API/raw rate',
        'p50 raw → API (ms)',
        'p99 raw → API (ms)',
        'target',
      ],
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
}

export async function benchAccess() {
  console.log(`\n## Access: per-request cost vs raw primary-key select (sequential, 3 interleaved rounds, medians)\n`);
  const accessTotal = Math.round(TOTAL / 8);
  const access: AccessRow[] = (
    await onEachDatabase((label, database) => measureAccess(label, database, accessTotal))
  ).flat();
  console.log(
    table(
      ['database', 'operation', 'per second', 'raw select/s', 'cost in raw selects'],
      access.map((r) => [
        r.database,
        r.operation,
        r.perSecond.toFixed(0),
        r.baselinePerSecond.toFixed(0),
        `×${(r.baselinePerSecond / r.perSecond).toFixed(1)}`,
      ]),
    ),
  );
}

export async function benchLive(failures: string[]) {
  if (process.env.DATABASE_URL) {
    const clients = Number(process.env.BENCH_SSE_CLIENTS ?? 5000);
    const changes = Number(process.env.BENCH_LIVE_CHANGES ?? 100);
    console.log(
      `\n## Live ticket events: ${clients} SSE clients on 50 tickets over 2 API processes (PostgreSQL LISTEN/NOTIFY), ${changes} changes after 50 to warm up\n`,
    );
    {
      const options = { clients, tickets: 50, processes: 2, changes };
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'bench/live-process.ts', JSON.stringify(options)],
        { maxBuffer: 1 << 20 },
      );
      const live: LiveResult = JSON.parse(stdout.trim().split('\n').at(-1)!);
      const ms = (v: number) => v.toFixed(1);
      const ratio = live.pushP99 / live.notifyP99;
      if (ratio > 5) failures.push(`live push p99 is ${ratio.toFixed(1)}× the NOTIFY→LISTEN p99 (> 5×)`);
      console.log(
        table(
          ['measure', 'p50 (ms)', 'p99 (ms)', 'p99 ÷ NOTIFY p99', 'target'],
          [
            [
              'bare NOTIFY → LISTEN round trip (baseline, sampled between the changes)',
              ms(live.notifyP50),
              ms(live.notifyP99),
              '1.0',
              '',
            ],
            [
              'change committed → event at client (push)',
              ms(live.pushP50),
              ms(live.pushP99),
              ratio.toFixed(1),
              `${ratio <= 5 ? 'PASS' : 'FAIL'} (≤ 5×)`,
            ],
            [
              'admin POST start → event at client',
              ms(live.deliveryP50),
              ms(live.deliveryP99),
              (live.deliveryP99 / live.notifyP99).toFixed(1),
              'reported',
            ],
            ['admin POST (the write itself)', ms(live.postP50), '', '', 'reported'],
          ],
        ),
      );
      console.log(
        `\n${live.deliveries} deliveries measured; memory per idle stream ≈ ${(live.bytesPerIdleStream / 1024).toFixed(1)} KB (RSS growth of the API processes ÷ streams).`,
      );
    }
  } else {
    console.log('\n(Set DATABASE_URL to measure against PostgreSQL and the live event figures as well.)');
  }
}

export async function benchOutbox() {
  const OUTBOX_MESSAGES = Number(process.env.BENCH_OUTBOX_MESSAGES ?? 2000);
  console.log(
    `\n## Outbox to a local SMTP server (${OUTBOX_MESSAGES} messages; baseline: the same pooled transport with no database)\n`,
  );
  const outbox: OutboxResult[] = await onEachDatabase((label, database) =>
    measureOutbox(label, database, OUTBOX_MESSAGES),
  );
  console.log(
    table(
      [
        'database',
        'SMTP alone msg/s',
        'outbox msg/s',
        'outbox ÷ SMTP alone',
        'one at a time msg/s',
        'time in SMTP peer / in our code',
        'target',
      ],
      outbox.map((r) => [
        r.database,
        r.rawPerSecond.toFixed(0),
        r.outboxPerSecond.toFixed(0),
        `${((r.outboxPerSecond / r.rawPerSecond) * 100).toFixed(0)} %`,
        r.sequentialPerSecond.toFixed(0),
        `${(r.peerShare * 100).toFixed(0)} % / ${((1 - r.peerShare) * 100).toFixed(0)} %`,
        'reported',
      ]),
    ),
  );
}
