import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DEMO_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The owner's login: migrations and the CLI. The API and its workers log in as their own roles (below). */
  DATABASE_URL: z.string().url().optional(),
  /** The request role's login (`porchlight_app`); default: DATABASE_URL with that user and no password. */
  APP_DATABASE_URL: z.string().url().optional(),
  /** The worker role's login (`porchlight_worker`); default: DATABASE_URL with that user and no password. */
  WORKER_DATABASE_URL: z.string().url().optional(),
  PORCHLIGHT_DATA: z.string().default('.porchlight/data'),
  PORCHLIGHT_MEMORY: z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['silent', 'info']).default('info'),
  /** How many proxies in front append to X-Forwarded-For (`true` = 1); rate limits take the entry left of theirs. */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d{1,2}|true|false)$/, 'a hop count (0-99), true (1) or false (0)')
    .optional()
    .transform((v) => (v === 'true' ? 1 : v === undefined || v === 'false' ? 0 : Number(v))),
  /** Where email goes (`smtp://user:pass@host:587`); `npm start` runs a local one for the demo when unset. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'smtp:// or smtps:// URL')
    .optional(),
  SMTP_FROM: z.email().default('no-reply@porchlight.localhost'),
  /** A Twilio-compatible messages endpoint, e.g. https://api.twilio.com/2010-04-01/Accounts/<sid>/Messages.json */
  SMS_URL: z.string().url().optional(),
  SMS_FROM: z.string().default('Porchlight'),
  SMS_ACCOUNT_SID: z.string().default(''),
  SMS_AUTH_TOKEN: z.string().default(''),
  /** `0`: this API process delivers no outbox messages (run `porchlight worker` processes instead). */
  OUTBOX_WORKER: z.enum(['0', '1']).default('1'),
  /** How long a worker holds a claimed message before another may deliver it again. */
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  /** On SIGTERM: how long open requests may finish before the remaining connections are closed. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Largest document a customer or the company may upload, and most a ticket's documents hold together (bytes). */
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_073_741_824)
    .default(10 * 1024 * 1024),
  DOCUMENT_TICKET_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(107_374_182_400)
    .default(50 * 1024 * 1024),
  /** Where documents' bytes go: `postgres` (default, chunks in the database) or `s3` (DOCUMENT_S3_* below). */
  DOCUMENT_STORE: z.enum(['postgres', 's3']).default('postgres'),
  DOCUMENT_S3_BUCKET: z.string().optional(),
  /** An S3-compatible endpoint (MinIO, Ceph …); unset: AWS. Credentials come from the AWS SDK's usual sources. */
  DOCUMENT_S3_ENDPOINT: z.string().url().optional(),
  DOCUMENT_S3_REGION: z.string().default('us-east-1'),
  DOCUMENT_S3_PREFIX: z.string().default(''),
  /**
   * 32 random bytes, base64 (`openssl rand -base64 32`): seals the per-tenant session signing secrets at rest.
   * Required with DATABASE_URL by the processes that sign sessions (`secretBoxFor`: the server stops before it
   * opens the database); the embedded database generates one beside its data (`<PORCHLIGHT_DATA>.secret-key`).
   */
  PORCHLIGHT_SECRET_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/]{43}=$/.test(v), '32 bytes, base64 (generate with: openssl rand -base64 32)')
    .optional(),
});

export type Env = z.infer<typeof schema>;

const checked = schema.refine((env) => env.DOCUMENT_STORE !== 's3' || env.DOCUMENT_S3_BUCKET, {
  path: ['DOCUMENT_S3_BUCKET'],
  message: 'required with DOCUMENT_STORE=s3',
});

/** Reads the environment once; a bad value stops the process with a clear message. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable (DATABASE_URL= in a shell or CI file) means "not set".
  const parsed = checked.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
