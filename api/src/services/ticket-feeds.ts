import type { TenantDb } from '../db/tenant-db';
import { toPortalTicket } from '../db/portal-ticket';
import type { PortalTenant } from '../db/tenants';
import type { Clock } from '../lib/clock';
import { encodeSse } from '../lib/sse';
import type { TicketStreamMessage } from '../schemas/contract/tickets';
import type { EventBus } from './event-bus';

/** A stream message ready to write: serialised and encoded once per change, however many streams get it. */
export interface FeedMessage {
  id: string;
  data: string;
  /** The `ticket` event as SSE bytes. */
  frame: Uint8Array;
}

/** One open stream as the feed sees it: where it is, and how to hand it messages (in order). */
export interface Subscriber {
  tenantId: string;
  /** The newest event id handed to this subscriber; null until its first message. */
  lastSent: string | null;
  /** Queues the messages for writing and advances `lastSent`; never waits for the client (no head-of-line blocking). */
  deliver(messages: FeedMessage[]): void;
}

const PAGE = 500;
const newer = (a: string, b: string | null) => b === null || BigInt(a) > BigInt(b);

/**
 * Per process and ticket, one reader for all the ticket's open streams: a bus signal causes one RLS-scoped read of
 * the new events and the current state, which every stream then gets (each only what is newer than what it has).
 * A stream joins by catching up on its own first, through its own queue, so replay always precedes live events.
 */
export class TicketFeeds {
  #feeds = new Map<string, Feed>();

  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    /** The tenant's portal settings (status labels, position rules), cached: see `PortalGates.tenant`. */
    private readonly portalTenant: (tenantId: string) => Promise<PortalTenant | undefined>,
  ) {
    bus.onResync(() => {
      for (const feed of this.#feeds.values()) feed.wake();
    });
  }

  /** Registers the subscriber, replays what it missed after `lastSent` (or the newest event), returns unsubscribe. */
  join(ticketId: string, subscriber: Subscriber): () => void {
    let feed = this.#feeds.get(ticketId);
    if (!feed) {
      feed = new Feed(ticketId, this.db, this.clock, this.portalTenant);
      const unsubscribe = this.bus.subscribe(ticketId, (signal) => feed!.wake(signal.tenantId));
      feed.onEmpty = () => {
        unsubscribe();
        this.#feeds.delete(ticketId);
      };
      this.#feeds.set(ticketId, feed);
    }
    return feed.add(subscriber);
  }

  get openFeeds() {
    return this.#feeds.size;
  }
}

/**
 * All reads of one ticket's feed run one after another: a joining subscriber's catch-up, then wake-ups. So when a
 * wake-up reads, every subscriber that joined before it has been handed its replay, and a signal that arrives
 * while a read is queued is covered by that read (wake-ups coalesce).
 */
class Feed {
  #subscribers = new Set<Subscriber>();
  #chain: Promise<void> = Promise.resolve();
  #wakePending = false;
  onEmpty = () => {};

  constructor(
    private readonly ticketId: string,
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly portalTenant: (tenantId: string) => Promise<PortalTenant | undefined>,
  ) {}

  add(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    this.#enqueue(() => this.#read([subscriber], subscriber.tenantId));
    return () => {
      this.#subscribers.delete(subscriber);
      if (this.#subscribers.size === 0) this.onEmpty();
    };
  }

  wake(tenantId?: string) {
    // A ticket belongs to one tenant: a signal naming another is foreign and must not even coalesce with real ones.
    const owner = this.#subscribers.values().next().value?.tenantId;
    if (!owner || (tenantId && tenantId !== owner) || this.#wakePending) return;
    this.#wakePending = true;
    this.#enqueue(async () => {
      this.#wakePending = false;
      // Subscribers still waiting for their own catch-up (queued behind this read) get it from that read.
      const ready = [...this.#subscribers].filter((s) => s.lastSent !== null);
      if (ready.length) await this.#read(ready, owner);
    });
  }

  #enqueue(task: () => Promise<void>) {
    this.#chain = this.#chain.then(task).catch(() => {
      // A failed read (database briefly away) is retried by the next signal or resync; streams stay open.
    });
  }

  async #read(subscribers: Subscriber[], tenantId: string): Promise<void> {
    for (;;) {
      const fresh = subscribers.length === 1 && subscribers[0]!.lastSent === null;
      const [row, tenant] = await Promise.all([
        this.db.feed(tenantId, this.ticketId, fresh ? null : (oldest(subscribers) ?? '0'), PAGE),
        this.portalTenant(tenantId),
      ]);
      const events = row?.events ?? [];
      if (events.length === 0 || !tenant) return;
      const ticket = toPortalTicket(row!, tenant, this.clock.now());
      const messages = events.map((event): FeedMessage => {
        const data = JSON.stringify({ event, ticket } satisfies TicketStreamMessage);
        return { id: event.id, data, frame: encodeSse({ event: 'ticket', id: event.id, data }) };
      });
      for (const subscriber of subscribers) deliverNewer(subscriber, messages);
      if (events.length < PAGE || fresh) return;
    }
  }
}

function oldest(subscribers: Subscriber[]): string | null {
  let min: string | null = null;
  for (const { lastSent } of subscribers) {
    if (lastSent === null) return null;
    if (min === null || BigInt(lastSent) < BigInt(min)) min = lastSent;
  }
  return min;
}

function deliverNewer(subscriber: Subscriber, messages: FeedMessage[]) {
  const fresh = messages.filter((m) => newer(m.id, subscriber.lastSent));
  if (fresh.length) subscriber.deliver(fresh);
}
