import { withTenant, type Sql, type Tx } from './client';
import { portalTicketQuery, type PortalTicketRow } from './portal-ticket';
import { feedQuery, type StreamEvent } from './ticket-events';

export type { Tx };

/**
 * The handle routes and services get instead of the pool. Every way in runs as the restricted `porchlight_app`
 * role: a transaction scoped to one tenant (row-level security), a transaction with no tenant (only the
 * security-definer functions see anything: outbox claims, sweeps), or one of the hot-path reads whose
 * security-definer function enters the tenant itself. The owner pool stays with migrations, the CLI and
 * `db/pre-tenant.ts`.
 */
export class TenantDb {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withTenant(this.#sql, tenantId, fn);
  }

  /** Cross-tenant background work through security-definer functions; plain tables read as empty here. */
  withoutTenant<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withTenant(this.#sql, null, fn);
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
