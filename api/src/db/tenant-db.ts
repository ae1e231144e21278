import { withTenant, type AppRole, type Sql, type Tx } from './client';
import { portalTicketQuery, type PortalTicketRow } from './portal-ticket';
import { feedQuery, type StreamEvent } from './ticket-events';

export type { Tx };

/**
 * The handle routes and services get instead of the pool. Every way in runs as a restricted role — `porchlight_app`
 * for requests, `porchlight_worker` for the platform jobs (`Database.workers`): a transaction scoped to one tenant
 * (row-level security), a transaction with no tenant (only the security-definer functions see anything: outbox
 * claims and sweeps, which only the worker role may call), or one of the hot-path reads whose function enters the
 * tenant itself. The owner pool stays with migrations, the CLI and tests.
 */
export class TenantDb {
  readonly #sql: Sql;
  readonly #role: AppRole;

  constructor(sql: Sql, role: AppRole = 'porchlight_app') {
    this.#sql = sql;
    this.#role = role;
  }

  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withTenant(this.#sql, tenantId, fn, this.#role);
  }

  /** Cross-tenant background work through security-definer functions; plain tables read as empty here. */
  withoutTenant<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withTenant(this.#sql, null, fn, this.#role);
  }

  /** The portal timeline's row: one statement, one round trip, no transaction around it. */
  async portalTicket(tenantId: string, id: string): Promise<PortalTicketRow | undefined> {
    const [row] = await portalTicketQuery(this.#sql, tenantId, id);
    return row;
  }

  /** What a woken stream feed reads (see `feedQuery`): one statement, one round trip. */
  async feed(
    tenantId: string,
    ticketId: string,
    afterId: string | null,
    limit: number,
  ): Promise<(PortalTicketRow & { events: StreamEvent[] }) | undefined> {
    const [row] = await feedQuery(this.#sql, tenantId, ticketId, afterId, limit);
    return row;
  }

  /** Readiness: the database answers. */
  async ping(): Promise<void> {
    await this.#sql`select 1`;
  }
}
