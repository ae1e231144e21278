/**
 * Outbox throughput to a local SMTP server (the `smtp-server` package, no parsing), against a baseline measured in
 * the same run: the same pooled nodemailer transport sending straight to the same server with no database. The
 * share of time in our code vs the SMTP peer comes from a sequential run (one message in flight): time inside the
 * transport's send ÷ the worker's wall time.
 */
import type { Database } from '../api/src/db/open';
import { createTenant } from '../api/src/db/tenants';
import { createTicket } from '../api/src/db/tickets';
import { withTenant } from '../api/src/db/client';
import { systemClock } from '../api/src/lib/clock';
import { sampleTicket } from '../api/src/testing/harness';
import { seedEmails } from '../api/src/testing/outbox';
import { smtpChannel } from '../api/src/services/outbox/channels';
import { startLocalSmtp } from '../api/src/services/outbox/local-smtp';
import { OutboxWorker, type WorkerOptions } from '../api/src/services/outbox/worker';

export interface OutboxResult {
  database: string;
  messages: number;
  rawPerSecond: number;
  outboxPerSecond: number;
  /** Sequential run: share of wall time spent inside the SMTP send. */
  peerShare: number;
  sequentialPerSecond: number;
}

export async function measureOutbox(label: string, database: Database, messages: number): Promise<OutboxResult> {
  const smtp = await startLocalSmtp({ parse: false });
  const channel = smtpChannel({ url: smtp.url, from: 'bench@porchlight.localhost' });
  try {
    const { tenantId } = await createTenant(database.sql, {
      name: `Bench ${label}`,
      origins: ['https://bench.example'],
    });
    const ticketId = await withTenant(database.sql, tenantId, (tx) =>
      createTicket(tx, tenantId, sampleTicket(), new Date()),
    );

    // Baseline: the transport alone, 8 in flight like the worker (after a warm-up, so both runs start warm).
    const sendRaw = async (count: number) => {
      let sent = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (sent < count) {
            const n = sent++;
            await channel.send({
              messageId: `<raw-${n}@bench>`,
              fromName: 'Bench',
              to: 'bulk@example.com',
              subject: `Message ${n}`,
              text: `Hello Bulk, number ${n}`,
              html: `<p>Hello Bulk, number ${n}</p>`,
              headers: {},
              automated: false,
            });
          }
        }),
      );
      return (performance.now() - start) / 1000;
    };
    await sendRaw(200);
    const rawSeconds = await sendRaw(messages);

    const drain = async (options: WorkerOptions, count: number) => {
      await seedEmails(database.sql, tenantId, ticketId, count, systemClock.now());
      const worker = new OutboxWorker(database.workers, systemClock, { email: channel }, options);
      const start = performance.now();
      while ((await worker.runOnce()) > 0);
      return { seconds: (performance.now() - start) / 1000, stats: worker.stats };
    };
    const full = await drain({}, messages);
    const sequential = await drain({ concurrency: 1, batchSize: 1 }, Math.round(messages / 5));
    return {
      database: label,
      messages,
      rawPerSecond: messages / rawSeconds,
      outboxPerSecond: full.stats.delivered / full.seconds,
      peerShare: sequential.stats.sendMs / sequential.stats.totalMs,
      sequentialPerSecond: sequential.stats.delivered / sequential.seconds,
    };
  } finally {
    channel.close();
    await smtp.close();
  }
}
