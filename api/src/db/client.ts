import postgres from 'postgres';
import { currentDeadline } from '../lib/deadline';

export type Sql = postgres.Sql;
export type Tx = postgres.ReservedSql;

/** Errors that mean "the database cannot be reached right now", as opposed to a bad query. */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout
  '25P03', // idle_in_transaction_session_timeout
  'DEADLINE_EXCEEDED', // lib/deadline: the database did not answer in time
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE.has(code);
}

export interface ConnectOptions {
  url: string;
  max?: number;
  /** Named prepared statements live in the server session; the embedded server shares one session. */
  prepare?: boolean;
}

export function connect({ url, max = 10, prepare = true }: ConnectOptions): Sql {
  return postgres(url, {
    max,
    prepare,
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 30,
  });
}

/**
 * The roles the application runs as (migration 0017): `porchlight_app` serves requests; `porchlight_worker` (a
 * member of it) also runs the platform jobs — outbox claims, retention, rate-counter sweeps — that requests may not.
 * On PostgreSQL each logs in as itself (see `roleUrl`), so setting the role is a no-op with nothing to reset to; the
 * embedded database has one user, so there the setting is the switch.
 */
export type AppRole = 'porchlight_app' | 'porchlight_worker';

/**
 * The login URL of `role`: its own URL when given (APP_DATABASE_URL, WORKER_DATABASE_URL), else the owner's URL with
 * the role as user and no password (trust or certificate authentication on the database's side).
 */
export function roleUrl(ownerUrl: string, role: AppRole, own?: string): string {
  if (own) return own;
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = '';
  return url.toString();
}

/**
 * The one way the app reaches tenant data: a transaction running as a restricted role (`porchlight_app` unless
 * given) with the tenant set transaction-locally, so row-level security filters every statement even if a query
 * forgets its `tenant_id` condition. `tenantId` null runs with no tenant: only the security-definer lookups see
 * anything.
 *
 * BEGIN and the settings are pipelined with fn's first query on a reserved connection (one round trip instead of
 * three). That is safe: the server runs them in order, and if the settings fail the transaction is aborted, so
 * nothing after them runs.
 */
export async function withTenant<T>(
  sql: Sql,
  tenantId: string | null,
  fn: (tx: Tx) => Promise<T>,
  role: AppRole = 'porchlight_app',
): Promise<T> {
  const tx = await sql.reserve();
  const setup = Promise.all([tx`begin`, enterTenant(tx, tenantId, role)]);
  setup.catch(() => {});
  try {
    const result = await fn(tx);
    await setup;
    // Whoever waited for this has given up (a request answered 503): nothing of it may stay behind.
    currentDeadline()?.throwIfAborted();
    await tx`commit`;
    return result;
  } catch (error) {
    await tx`rollback`.catch(() => {});
    throw await setup.then(
      () => error,
      (setupError: unknown) => setupError,
    );
  } finally {
    tx.release();
  }
}

/**
 * Bounds on every tenant transaction, so a stuck statement or an abandoned transaction (its process frozen or cut off)
 * cannot hold rows and a connection for long: the request deadline (REQUEST_DEADLINE_MS) answers before the first.
 */
const STATEMENT_TIMEOUT = '5s';
const IDLE_IN_TRANSACTION_TIMEOUT = '15s';

const enterTenant = (tx: Tx, tenantId: string | null, role: AppRole) =>
  tx`select set_config('role', ${role}, true), set_config('porchlight.tenant_id', ${tenantId ?? ''}, true),
            set_config('statement_timeout', ${STATEMENT_TIMEOUT}, true),
            set_config('idle_in_transaction_session_timeout', ${IDLE_IN_TRANSACTION_TIMEOUT}, true)`;
