import { createTransport, type Transporter } from 'nodemailer';
import { SegmentedMessage } from 'sms-segments-calculator';

/**
 * Why an attempt failed. `permanent` means retrying cannot help (the peer refused the message or the address);
 * everything else is retried with backoff. `reason` is the stable code the dispatcher sees.
 */
export class DeliveryError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly permanent: boolean,
    readonly smsSegments?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface EmailMessage {
  /** Stable across attempts (`<outbox-id@porchlight>`), so a receiving system can drop a duplicate. */
  messageId: string;
  fromName: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Sent by an automated action (not a dispatcher's resend): carries List-Unsubscribe. */
  automated: boolean;
}

export interface EmailChannel {
  send(message: EmailMessage): Promise<{ providerRef: string }>;
  close(): void;
}

/** Any SMTP server by URL (`smtp://user:pass@host:587`, `smtps://…`), through a small connection pool. */
export function smtpChannel(options: { url: string; from: string; maxConnections?: number }): EmailChannel {
  const transport: Transporter = createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 4,
    // The outbox retries with its own backoff and keeps the message; a second, hidden retry loop only delays that.
    maxRequeues: 0,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      try {
        const info = await transport.sendMail({
          messageId: message.messageId,
          from: { name: message.fromName, address: options.from },
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.automated
            ? { ...message.headers, 'List-Unsubscribe': `<mailto:${options.from}?subject=unsubscribe>` }
            : message.headers,
        });
        return { providerRef: String(info.response ?? '').slice(0, 200) };
      } catch (error) {
        const {
          responseCode,
          code,
          message: text,
        } = error as { responseCode?: number; code?: string; message: string };
        // 5xx is the server's final word on this message or address; 4xx and network errors may pass later.
        if (responseCode && responseCode >= 500)
          throw new DeliveryError('REJECTED', `SMTP ${responseCode}: ${text}`, true);
        throw new DeliveryError(
          'SMTP_UNAVAILABLE',
          responseCode ? `SMTP ${responseCode}: ${text}` : `${code ?? 'ERROR'}: ${text}`,
          false,
        );
      }
    },
    close: () => transport.close(),
  };
}

export interface SmsChannel {
  send(message: {
    to: string;
    body: string;
    idempotencyKey: string;
  }): Promise<{ providerRef: string; smsSegments: number }>;
}

/** More segments than this is almost certainly a template mistake, and each one is billed. */
export const SMS_MAX_SEGMENTS = 10;

/** How an SMS body is encoded and into how many billed segments it splits (GSM-7: 160/153, UCS-2: 70/67). */
export function smsSegments(body: string): { encoding: 'GSM-7' | 'UCS-2'; segments: number } {
  const message = new SegmentedMessage(body);
  return { encoding: message.encodingName, segments: message.segmentsCount };
}

/**
 * A Twilio-compatible messages API: form-encoded To/From/Body, HTTP basic auth with the account SID and token,
 * and an `Idempotency-Key` (the outbox id) that providers honouring it use to drop a retried duplicate.
 */
export function httpSmsChannel(options: {
  url: string;
  from: string;
  accountSid: string;
  authToken: string;
  timeoutMs?: number;
}): SmsChannel {
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  return {
    async send({ to, body, idempotencyKey }) {
      const { segments } = smsSegments(body);
      if (segments > SMS_MAX_SEGMENTS)
        throw new DeliveryError('SMS_TOO_LONG', `${segments} segments (at most ${SMS_MAX_SEGMENTS})`, true, segments);
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            authorization,
            'content-type': 'application/x-www-form-urlencoded',
            'idempotency-key': idempotencyKey,
          },
          body: new URLSearchParams({ To: to, From: options.from, Body: body }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new DeliveryError('SMS_UNAVAILABLE', (error as Error).message, false, segments);
      }
      const text = await response.text().catch(() => '');
      if (response.ok) {
        const sid = (() => {
          try {
            return String(JSON.parse(text).sid ?? '');
          } catch {
            return '';
          }
        })();
        return { providerRef: sid || `HTTP ${response.status}`, smsSegments: segments };
      }
      // 4xx (bad number, bad credentials) will not change by retrying; 429 and 5xx may.
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 429;
      throw new DeliveryError(
        permanent ? 'REJECTED' : 'SMS_UNAVAILABLE',
        `HTTP ${response.status}: ${text.slice(0, 200)}`,
        permanent,
        segments,
      );
    },
  };
}
