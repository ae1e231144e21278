/**
 * `npm run bench`: bundle sizes and API figures, each against its budget. Throughput and latency are reported as
 * ratios to a baseline measured in the same run on the same machine, never as absolute wall-clock pass/fail.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import { openDatabase } from '../api/src/db/open';
import { freshDatabase } from '../api/src/testing/database';
import { measureAccess, type AccessRow } from './access';
import { measureBooking, type BookingBenchResult } from './booking';
import { measureBundles } from './bundles';
import { measureJobs, type JobsBenchResult } from './jobs';
import { measureInvoices } from './invoices';
import type { LiveResult } from './live';
import { measureOutbox, type OutboxResult } from './outbox';
import { measureThroughput, type ThroughputResult } from './throughput';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const table = (head: string[], rows: string[][]) =>
  [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');

const run = promisify(execFile);
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 4000);
const failures: string[] = [];
/** `npm run bench -- live booking` runs only those sections; no arguments runs them all. */
const SECTIONS = ['bundles', 'throughput', 'access', 'live', 'outbox', 'booking', 'jobs', 'invoices'] as const;
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(SECTIONS as readonly string[]).includes(name));
if (unknown.length) throw new Error(`unknown bench section ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
const wanted = (section: (typeof SECTIONS)[number]) => chosen.length === 0 || chosen.includes(section);

console.log(`# Porchlight bench — ${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} cores\n`);

if (wanted('bundles')) {
  console.log('## Bundles (gzip -9)\n');
  const bundles = measureBundles();
  console.log(
    table(
      ['bundle', 'files', 'gz', 'budget'],
      bundles.map((b) => {
        const verdict = b.budget === undefined ? '' : `${b.gzBytes <= b.budget ? 'PASS' : 'FAIL'} (≤ ${kb(b.budget)})`;
        if (b.budget !== undefined && b.gzBytes > b.budget)
          failures.push(`${b.name} is ${kb(b.gzBytes)} > ${kb(b.budget)}`);
        return [b.name, String(b.files), kb(b.gzBytes), verdict];
      }),
    ),
  );
}

if (wanted('throughput')) {
  console.log(
    `\n## Authenticated ticket read vs raw primary-key select (in process, ${TOTAL} requests × 3 interleaved rounds, medians)\n`,
  );
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

if (wanted('access')) {
  console.log(`\n## Access: per-request cost vs raw primary-key select (sequential, 3 interleaved rounds, medians)\n`);
  const access: AccessRow[] = [];
  const accessTotal = Math.round(TOTAL / 8);
  const embeddedForAccess = await openDatabase({});
  try {
    access.push(...(await measureAccess('embedded PGlite', embeddedForAccess, accessTotal)));
  } finally {
    await embeddedForAccess.close();
  }
  if (process.env.DATABASE_URL) {
    const postgres = await freshDatabase();
    try {
      access.push(...(await measureAccess('PostgreSQL', postgres, accessTotal)));
    } finally {
      await postgres.close();
    }
  }
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

if (wanted('live')) {
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

if (wanted('outbox')) {
  const OUTBOX_MESSAGES = Number(process.env.BENCH_OUTBOX_MESSAGES ?? 2000);
  console.log(
    `\n## Outbox to a local SMTP server (${OUTBOX_MESSAGES} messages; baseline: the same pooled transport with no database)\n`,
  );
  const outbox: OutboxResult[] = [];
  const outboxEmbedded = await openDatabase({});
  try {
    outbox.push(await measureOutbox('embedded PGlite', outboxEmbedded, OUTBOX_MESSAGES));
  } finally {
    await outboxEmbedded.close();
  }
  if (process.env.DATABASE_URL) {
    const postgres = await freshDatabase();
    try {
      outbox.push(await measureOutbox('PostgreSQL', postgres, OUTBOX_MESSAGES));
    } finally {
      await postgres.close();
    }
  }
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

if (wanted('booking')) {
  console.log(
    '\n## Booking: month availability (500 engineers, 20,000 visits) vs one ticket read; 1,000 concurrent bookings of one window (capacity 3) vs one uncontended booking\n',
  );
  const booking: BookingBenchResult[] = [];
  const bookingEmbedded = await openDatabase({});
  try {
    booking.push(await measureBooking('embedded PGlite', bookingEmbedded));
  } finally {
    await bookingEmbedded.close();
  }
  if (process.env.DATABASE_URL) {
    const postgres = await freshDatabase();
    try {
      booking.push(await measureBooking('PostgreSQL', postgres));
    } finally {
      await postgres.close();
    }
  }
  const ms = (v: number) => v.toFixed(2);
  console.log(
    table(
      [
        'database',
        'ticket read (ms)',
        'month availability (ms)',
        'month ÷ read',
        'uncontended booking (ms)',
        'contended p50 / p99 (ms)',
        'p99 ÷ uncontended',
        '200 / 409 / other',
      ],
      booking.map((b) => {
        const monthRatio = b.monthMs / b.ticketReadMs;
        const raceRatio = b.contendedP99Ms / b.uncontendedBookingMs;
        if (monthRatio > 20)
          failures.push(`${b.database}: month availability is ${monthRatio.toFixed(1)}× a ticket read (> 20×)`);
        if (raceRatio > 10)
          failures.push(
            `${b.database}: contended booking p99 is ${raceRatio.toFixed(0)}× an uncontended booking (> 10×)`,
          );
        if (b.successes !== 3 || b.others !== 0)
          failures.push(
            `${b.database}: ${b.successes} bookings succeeded and ${b.others} failed otherwise (want exactly 3 and 0)`,
          );
        return [
          b.database,
          ms(b.ticketReadMs),
          ms(b.monthMs),
          `${monthRatio.toFixed(1)}× ${monthRatio <= 20 ? 'PASS' : 'FAIL'} (≤ 20×)`,
          ms(b.uncontendedBookingMs),
          `${ms(b.contendedP50Ms)} / ${ms(b.contendedP99Ms)}`,
          `${raceRatio.toFixed(1)}× ${raceRatio <= 10 ? 'PASS' : 'FAIL'} (≤ 10×)`,
          `${b.successes} / ${b.conflicts} / ${b.others}`,
        ];
      }),
    ),
  );
}

if (wanted('jobs')) {
  console.log(
    '\n## Jobs: service history page 50 (10,000 jobs of one customer, 20 a page) vs page 1; search over 100,000 tickets of one tenant vs one ticket read (medians of 3 rounds)\n',
  );
  const jobs: JobsBenchResult[] = [];
  const jobsEmbedded = await openDatabase({});
  try {
    jobs.push(await measureJobs('embedded PGlite', jobsEmbedded));
  } finally {
    await jobsEmbedded.close();
  }
  if (process.env.DATABASE_URL) {
    const postgres = await freshDatabase();
    try {
      jobs.push(await measureJobs('PostgreSQL', postgres));
    } finally {
      await postgres.close();
    }
  }
  const ms = (v: number) => v.toFixed(2);
  console.log(
    table(
      [
        'database',
        'page 1 (ms)',
        'page 50 (ms)',
        'page 50 ÷ page 1',
        'ticket read (ms)',
        'search (ms)',
        'search ÷ read',
      ],
      jobs.map((j) => {
        const pageRatio = j.historyPage50Ms / j.historyFirstMs;
        const searchRatio = j.searchMs / j.ticketReadMs;
        if (pageRatio > 2) failures.push(`${j.database}: history page 50 is ${pageRatio.toFixed(1)}× page 1 (> 2×)`);
        if (searchRatio > 10)
          failures.push(`${j.database}: search is ${searchRatio.toFixed(1)}× a ticket read (> 10×)`);
        return [
          j.database,
          ms(j.historyFirstMs),
          ms(j.historyPage50Ms),
          `${pageRatio.toFixed(2)}× ${pageRatio <= 2 ? 'PASS' : 'FAIL'} (≤ 2×)`,
          ms(j.ticketReadMs),
          ms(j.searchMs),
          `${searchRatio.toFixed(1)}× ${searchRatio <= 10 ? 'PASS' : 'FAIL'} (≤ 10×)`,
        ];
      }),
    ),
  );
}

if (wanted('invoices')) {
  console.log('\n## Invoices: list read vs ticket read (same session, embedded PGlite); PDF of a 50-line invoice\n');
  const r = await measureInvoices();
  const ratio = r.listMs / r.ticketMs;
  if (ratio > 5) failures.push(`invoice list read is ${ratio.toFixed(1)}× a ticket read (> 5×)`);
  console.log(
    table(
      [
        'ticket read (ms)',
        'invoice list, 11 invoices (ms)',
        'list ÷ ticket',
        'PDF pages',
        'pages/s',
        'peak memory above baseline',
      ],
      [
        [
          r.ticketMs.toFixed(2),
          r.listMs.toFixed(2),
          `${ratio.toFixed(1)}× ${ratio <= 5 ? 'PASS' : 'FAIL'} (≤ 5×)`,
          String(r.pdfPages),
          r.pagesPerSecond.toFixed(0),
          `${r.peakMemoryMb.toFixed(1)} MB (reported)`,
        ],
      ],
    ),
  );
}

console.log(failures.length ? `\nBudgets missed:\n- ${failures.join('\n- ')}` : '\nAll budgets met.');
process.exitCode = failures.length ? 1 : 0;
