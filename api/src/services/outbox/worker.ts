import type { TenantDb, Tx } from '../../db/tenant-db';
import {
  claimDue,
  markAttemptFailed,
  markSent,
  prepareDeliveries,
  type ClaimedMessage,
  type Delivery,
} from '../../db/outbox-delivery';
import { resolveLoginLinkRequests, tenantsWithLoginLinkRequests } from '../../db/login-link-requests';
import type { Clock } from '../../lib/clock';
import { withDeadline } from '../../lib/deadline';
import { silentLogger, type Logger } from '../../lib/log';
import { escapeHtml, renderHtml, renderText } from '../../lib/templates';
import { DeliveryError, type EmailChannel, type SmsChannel } from './channels';

export interface WorkerOptions {
  /**
   * How long a claimed message is ours. No send starts after half the lease, and one send takes at most ~50 s
   * (SMTP connect 10 + greeting 10 + socket 30), so with the default no lease runs out while its message is sent.
   */
  leaseMs?: number;
  /** Messages claimed per round, and how many of them are in flight at once. */
  batchSize?: number;
  concurrency?: number;
  /** Attempts before a message fails for good (MAX_ATTEMPTS; WORKER_CRASHED when the last one never finished). */
  maxAttempts?: number;
  /** Backoff: base × 2^(attempt−1), capped, then jittered to 50–100 % so a recovering server is not hit in waves. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Pause between polls while there is nothing to do. */
  idleMs?: number;
  /** A claim or marking transaction that takes longer fails the round (logged); the loop goes on. */
  transactionDeadlineMs?: number;
  random?: () => number;
  log?: Logger;
}

export interface WorkerStats {
  delivered: number;
  failedAttempts: number;
  /** Time inside the channels' send (the SMTP/SMS peer and the wire), summed over messages in flight. */
  sendMs: number;
  /** Wall time of the rounds that claimed something or not. */
  totalMs: number;
}

/**
 * Delivers the outbox. Each round leases due messages (`FOR UPDATE SKIP LOCKED`, across tenants), then per
 * message: mint the link and render (tenant transaction), send, mark sent (tenant transaction). A worker that dies
 * between sending and marking loses nothing: the lease runs out and the message is sent again (at least once; the
 * stable Message-ID / idempotency key lets the peer drop the duplicate). Failures are retried with exponential
 * backoff and jitter until `maxAttempts`; a peer's permanent refusal fails the message at once.
 */
export class OutboxWorker {
  readonly stats: WorkerStats = { delivered: 0, failedAttempts: 0, sendMs: 0, totalMs: 0 };
  readonly #options: Required<Omit<WorkerOptions, 'log'>> & { log: Logger };
  #running: Promise<void> | null = null;
  #stopped = false;
  #wake: (() => void) | null = null;

  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly channels: { email?: EmailChannel; sms?: SmsChannel },
    options: WorkerOptions = {},
  ) {
    this.#options = {
      leaseMs: 120_000,
      batchSize: 32,
      concurrency: 8,
      maxAttempts: 12,
      baseDelayMs: 30_000,
      maxDelayMs: 3_600_000,
      idleMs: 500,
      transactionDeadlineMs: 15_000,
      random: Math.random,
      log: silentLogger,
      ...options,
    };
  }

  /**
   * Turns waiting "email me a new link" requests into login-link mails (one tenant transaction per tenant, at most
   * `batchSize` tenants and requests each per call). Answers how many requests it took.
   */
  async resolveLoginLinkRequests(): Promise<number> {
    const { batchSize } = this.#options;
    const tenants = await this.#transaction(null, (tx) => tenantsWithLoginLinkRequests(tx, batchSize));
    let taken = 0;
    for (const tenantId of tenants) {
      taken += await this.#transaction(tenantId, (tx) =>
        resolveLoginLinkRequests(tx, tenantId, batchSize, this.clock.now()),
      );
    }
    return taken;
  }

  /** One round: resolves link requests, then claims due messages and delivers them. Resolves with how many were claimed. */
  async runOnce(): Promise<number> {
    const { leaseMs, batchSize } = this.#options;
    const started = performance.now();
    await this.resolveLoginLinkRequests();
    const claimed = await this.#transaction(null, (tx) =>
      claimDue(tx, this.clock.now(), leaseMs, batchSize, this.#options.maxAttempts),
    );
    const sendBy = started + leaseMs / 2;
    const byTenant = new Map<string, ClaimedMessage[]>();
    for (const message of claimed) byTenant.set(message.tenantId, [...(byTenant.get(message.tenantId) ?? []), message]);
    await Promise.all([...byTenant].map(([tenantId, messages]) => this.#deliverAll(tenantId, messages, sendBy)));
    this.stats.totalMs += performance.now() - started;
    return claimed.length;
  }

  /** Polls until stopped; a full round goes straight on, an empty one waits `idleMs` (or a wake()). */
  start(): this {
    this.#running ??= (async () => {
      while (!this.#stopped) {
        let claimed = 0;
        try {
          claimed = await this.runOnce();
        } catch (error) {
          this.#options.log.error('outbox_round_failed', { message: (error as Error).message });
        }
        if (claimed === 0 && !this.#stopped) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.#options.idleMs);
            this.#wake = () => (clearTimeout(timer), resolve());
          });
          this.#wake = null;
        }
      }
    })();
    return this;
  }

  /** Ends the loop after the messages in hand are finished (their leases would cover them anyway). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#running;
  }

  /**
   * One tenant's share of a round: prepare all (one transaction), send with `concurrency` in flight, then mark
   * all sent (one statement). If the database fails meanwhile the leases expire and a later round sends again.
   * Sends stop at `sendBy` (half the lease), so two workers never hold the same message at once.
   */
  async #deliverAll(tenantId: string, claimed: ClaimedMessage[], sendBy: number) {
    const tenant = <T>(fn: (tx: Tx) => Promise<T>) => this.#transaction(tenantId, fn);
    try {
      const deliveries = await tenant((tx) => prepareDeliveries(tx, tenantId, claimed, this.clock.now()));
      const sent: Parameters<typeof markSent>[1] = [];
      const failed: { claimed: ClaimedMessage; error: DeliveryError }[] = [];
      let next = 0;
      const lane = async () => {
        // Past half the lease, what is left stays leased and unsent: another round takes it once the lease ends.
        while (next < deliveries.length && performance.now() < sendBy) {
          const delivery = deliveries[next++]!;
          const sending = performance.now();
          try {
            sent.push({ id: delivery.id, attempt: delivery.attempt, ...(await this.#send(delivery)) });
          } catch (error) {
            const failure =
              error instanceof DeliveryError ? error : new DeliveryError('INTERNAL', (error as Error).message, false);
            failed.push({ claimed: { tenantId, id: delivery.id, attempt: delivery.attempt }, error: failure });
          } finally {
            this.stats.sendMs += performance.now() - sending;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.#options.concurrency, deliveries.length) }, lane));
      await tenant(async (tx) => {
        await markSent(tx, sent, this.clock.now());
        for (const { claimed: message, error } of failed) {
          const retryAt =
            error.permanent || message.attempt >= this.#options.maxAttempts ? null : this.#retryAt(message.attempt);
          const reason = !error.permanent && !retryAt ? 'MAX_ATTEMPTS' : error.reason;
          await markAttemptFailed(
            tx,
            message,
            { reason, message: error.message, smsSegments: error.smsSegments },
            retryAt,
          );
          this.#options.log.info('outbox_attempt_failed', {
            id: message.id,
            attempt: message.attempt,
            reason,
            retrying: retryAt !== null,
          });
        }
      });
      this.stats.delivered += sent.length;
      this.stats.failedAttempts += failed.length;
    } catch (error) {
      this.#options.log.error('outbox_delivery_failed', {
        tenantId,
        messages: claimed.length,
        message: (error as Error).message,
      });
    }
  }

  /** A lost database fails the transaction within the deadline instead of holding the loop. */
  #transaction<T>(tenantId: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withDeadline(
      () => (tenantId === null ? this.db.withoutTenant(fn) : this.db.withTenant(tenantId, fn)),
      this.#options.transactionDeadlineMs,
      'outbox transaction',
    );
  }

  #retryAt(attempt: number): Date {
    const { baseDelayMs, maxDelayMs, random } = this.#options;
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return new Date(this.clock.now().getTime() + delay * (0.5 + random() / 2));
  }

  async #send(delivery: Delivery): Promise<{ providerRef?: string; smsSegments?: number }> {
    const text = renderText(delivery.template.body, delivery.values);
    if (delivery.channel === 'sms') {
      if (!this.channels.sms)
        throw new DeliveryError('SMS_NOT_CONFIGURED', 'No SMS provider is configured (SMS_URL)', true);
      return this.channels.sms.send({ to: delivery.recipient, body: text, idempotencyKey: delivery.messageKey });
    }
    if (!this.channels.email)
      throw new DeliveryError('EMAIL_NOT_CONFIGURED', 'No SMTP server is configured (SMTP_URL)', true);
    return this.channels.email.send({
      messageId: `<${delivery.messageKey}@porchlight>`,
      fromName: delivery.company.name,
      to: delivery.recipient,
      subject: delivery.subject,
      text,
      html: emailHtml(delivery),
      headers: { 'X-Porchlight-Message': delivery.id },
      automated: delivery.automated,
    });
  }
}

function emailHtml(delivery: Delivery): string {
  const { name, logoUrl } = delivery.company;
  const logo = logoUrl
    ? `<img src="${escapeHtml(logoUrl)}" alt="${escapeHtml(name)}" height="40" style="display:block;margin-bottom:16px">`
    : '';
  return `<!doctype html><html lang="${delivery.language}"><head><meta charset="utf-8"><title>${escapeHtml(delivery.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933;max-width:560px;margin:0 auto;padding:24px">
${logo}<p style="font-weight:600;margin-top:0">${escapeHtml(name)}</p>
${renderHtml(delivery.template.body, delivery.values)}
</body></html>`;
}
