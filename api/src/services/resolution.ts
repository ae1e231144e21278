import { markResolved } from '../db/resolution';
import type { TenantDb } from '../db/tenant-db';
import type { EventBus } from './event-bus';

/**
 * The customer marks the ticket resolved, once: `created` when this call wrote the `resolved` event (then told to
 * the bus after the commit, so woken streams find the row); a repeat answers the first time and writes nothing.
 */
export async function resolveTicket(
  db: TenantDb,
  bus: EventBus,
  tenantId: string,
  ticketId: string,
  now: Date,
): Promise<{ resolvedAt: string; timezone: string; created: boolean }> {
  const { resolvedAt, timezone, eventId } = await db.withTenant(tenantId, (tx) =>
    markResolved(tx, tenantId, ticketId, now),
  );
  if (eventId) await bus.publish({ tenantId, ticketId, eventId });
  return { resolvedAt, timezone, created: eventId !== null };
}
