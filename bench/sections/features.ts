/** Bench sections of the features: booking, the job list, invoices and documents. */
import { freshDatabase } from '../../api/src/testing/database';
import { measureBooking, type BookingBenchResult } from '../booking';
import { measureDocuments } from '../documents';
import { measureInvoices } from '../invoices';
import { measureJobs, type JobsBenchResult } from '../jobs';
import { onEachDatabase } from './databases';
import { mb, table } from './format';

export async function benchBooking(failures: string[]) {
  console.log(
    '\n## Booking: month availability (500 engineers, 20,000 visits) vs one ticket read; 1,000 concurrent bookings of one window (capacity 3) vs one uncontended booking\n',
  );
  const booking: BookingBenchResult[] = await onEachDatabase(measureBooking);
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

export async function benchJobs(failures: string[]) {
  console.log(
    '\n## Jobs: service history page 50 (10,000 jobs of one customer, 20 a page) vs page 1; search over 100,000 tickets of one tenant vs one ticket read (medians of 3 rounds)\n',
  );
  const jobs: JobsBenchResult[] = await onEachDatabase(measureJobs);
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

export async function benchInvoices(failures: string[]) {
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

export async function benchDocuments(failures: string[]) {
  console.log(
    '\n## Documents: a 5 MB upload (admin API, separate API process, PostgreSQL blob store) vs a raw insert\n',
  );
  if (!process.env.DATABASE_URL) {
    console.log('Skipped: needs DATABASE_URL (the raw insert and the API process share one PostgreSQL).');
  } else {
    const database = await freshDatabase();
    try {
      const r = await measureDocuments(database);
      const growthOk = r.peakGrowthBytes <= 2 * r.fileBytes;
      if (!growthOk) failures.push(`document upload grew the server by ${mb(r.peakGrowthBytes)} > 2× the file`);
      if (r.ratio < 0.5)
        failures.push(`document upload throughput ${(r.ratio * 100).toFixed(0)} % of a raw insert < 50 %`);
      console.log(
        table(
          ['file', 'raw insert (ms)', 'upload (ms)', 'upload/raw throughput', 'server peak memory growth'],
          [
            [
              mb(r.fileBytes),
              r.rawMs.toFixed(1),
              r.uploadMs.toFixed(1),
              `${(r.ratio * 100).toFixed(0)} % ${r.ratio >= 0.5 ? 'PASS' : 'FAIL'} (≥ 50 %)`,
              `${mb(r.peakGrowthBytes)} ${growthOk ? 'PASS' : 'FAIL'} (≤ 2× the file${r.peakReset ? '' : ', peak not resettable: whole run'})`,
            ],
          ],
        ),
      );
    } finally {
      await database.close();
    }
  }
}
