import { insertMessage, queueThreadMail, type MessageAuthor, type MessageView } from '../db/messages';
import type { TenantDb } from '../db/tenant-db';
import type { EventBus } from './event-bus';

/**
 * A new message on the ticket's thread, from either side: the message, its `message` ticket event and, for the
 * company's, the customer's (throttled) mail commit together; then the bus wakes the ticket's open streams. The
 * customer's messages mail no one: the tenant settings hold no support address to tell.
 */
export async function postMessage(
  db: TenantDb,
  bus: EventBus,
  tenantId: string,
  message: { ticketId: string; author: MessageAuthor; authorName: string | null; body: string },
  now: Date,
): Promise<MessageView> {
  const created = await db.withTenant(tenantId, async (tx) => {
    const result = await insertMessage(tx, tenantId, { ...message, now });
    if (message.author === 'company') await queueThreadMail(tx, tenantId, message.ticketId, message.body, now);
    return result;
  });
  await bus.publish({ tenantId, ticketId: message.ticketId, eventId: created.eventId });
  return created.message;
}
