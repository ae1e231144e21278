import type { TenantDb } from '../../db/tenant-db';
import type { Env } from '../../env';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/log';
import { httpSmsChannel, smtpChannel } from './channels';
import { OutboxWorker, type WorkerOptions } from './worker';

/** A worker wired to the channels the environment configures; an unconfigured channel fails its messages clearly. */
export function outboxWorkerFromEnv(db: TenantDb, clock: Clock, env: Env, log: Logger, options: WorkerOptions = {}) {
  const email = env.SMTP_URL ? smtpChannel({ url: env.SMTP_URL, from: env.SMTP_FROM }) : undefined;
  const sms = env.SMS_URL
    ? httpSmsChannel({
        url: env.SMS_URL,
        from: env.SMS_FROM,
        accountSid: env.SMS_ACCOUNT_SID,
        authToken: env.SMS_AUTH_TOKEN,
      })
    : undefined;
  const worker = new OutboxWorker(db, clock, { email, sms }, { leaseMs: env.OUTBOX_LEASE_MS, log, ...options });
  return {
    worker,
    start: () => worker.start(),
    async stop() {
      await worker.stop();
      email?.close();
    },
  };
}
