import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  receivedAt: string;
}

export interface LocalSmtpOptions {
  port?: number;
  /** Parse every mail with mailparser (the demo, most tests); off, only the Message-ID is read (bulk runs). */
  parse?: boolean;
  /** How many parsed mails to keep, newest last. */
  keep?: number;
  /**
   * Decides each mail once its data is in: return an SMTP error code (e.g. 451) to refuse it. Runs before the
   * answer goes back, so a test can act "after the peer has the message, before the sender knows".
   */
  onData?: (messageId: string, raw: Buffer) => number | void | Promise<number | void>;
}

export interface LocalSmtp {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Every accepted Message-ID with how often it arrived. */
  received: Map<string, number>;
  close(): Promise<void>;
}

const MESSAGE_ID = /^message-id:\s*(<[^>\r\n]+>)/im;

/** A real SMTP server on a loopback port (the `smtp-server` package): the demo's mailbox and the tests' peer. */
export async function startLocalSmtp(options: LocalSmtpOptions = {}): Promise<LocalSmtp> {
  const mails: ReceivedMail[] = [];
  const received = new Map<string, number>();
  const keep = options.keep ?? 200;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    // Senders keep pooled connections open; closing should not wait the default 30 s for them.
    closeTimeout: 200,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        try {
          const raw = Buffer.concat(chunks);
          const head = raw.subarray(0, Math.min(raw.length, 8192)).toString('latin1');
          const messageId = head.match(MESSAGE_ID)?.[1] ?? '';
          const refuse = await options.onData?.(messageId, raw);
          if (refuse) {
            const error = Object.assign(new Error('Try again later'), { responseCode: refuse });
            return callback(error);
          }
          received.set(messageId, (received.get(messageId) ?? 0) + 1);
          if (options.parse !== false) {
            const parsed = await simpleParser(raw);
            mails.push({
              messageId,
              to: session.envelope.rcptTo.map((r) => r.address),
              from: parsed.from?.text ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: Object.fromEntries(
                parsed.headerLines.map((h) => [h.key, h.line.slice(h.key.length + 1).trim()]),
              ),
              receivedAt: new Date().toISOString(),
            });
            if (mails.length > keep) mails.splice(0, mails.length - keep);
          }
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
  });
  // A sender that dies mid-conversation resets its connection; that is its problem, not the server's.
  server.on('error', () => {});
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
