/** The part of the pool a bus needs: LISTEN on one channel (postgres.js re-listens after a reconnect). */
export interface Listener {
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onListen: () => void,
  ): Promise<{ unlisten(): Promise<void> }>;
}

/** What crosses processes when a ticket changes: ids only. Subscribers read the row themselves, under RLS. */
export interface TicketSignal {
  tenantId: string;
  ticketId: string;
  eventId: string;
}

export type SignalListener = (signal: TicketSignal) => void;

/**
 * Fan-out of ticket changes to the streams open in this process. Two implementations: PostgreSQL LISTEN/NOTIFY
 * (any number of API processes; one listening connection per process; the database notifies at commit) and
 * in-process (the embedded database, whose single session cannot carry notifications between connections).
 */
export interface EventBus {
  /**
   * Tells the bus a change has committed. The PostgreSQL database signals every committed ticket event itself
   * (the `ticket_events_signal` trigger, delivered at commit), so there this is a no-op.
   */
  publish(signal: TicketSignal): Promise<void>;
  subscribe(ticketId: string, listener: SignalListener): () => void;
  /** Called after the bus (re)connects: anything may have been missed, so streams should catch up. */
  onResync(listener: () => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'porch_ticket_events';

/** The process-local part both buses share: listeners per ticket. */
class Fanout {
  #byTicket = new Map<string, Set<SignalListener>>();
  #resync = new Set<() => void>();

  subscribe(ticketId: string, listener: SignalListener): () => void {
    let set = this.#byTicket.get(ticketId);
    if (!set) this.#byTicket.set(ticketId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#byTicket.delete(ticketId);
    };
  }

  onResync(listener: () => void): () => void {
    this.#resync.add(listener);
    return () => this.#resync.delete(listener);
  }

  deliver(signal: TicketSignal) {
    for (const listener of this.#byTicket.get(signal.ticketId) ?? []) listener(signal);
  }

  resync() {
    for (const listener of this.#resync) listener();
  }

  get size() {
    return this.#byTicket.size;
  }
}

export class InProcessEventBus implements EventBus {
  #fanout = new Fanout();

  async publish(signal: TicketSignal): Promise<void> {
    this.#fanout.deliver(signal);
  }
  subscribe(ticketId: string, listener: SignalListener) {
    return this.#fanout.subscribe(ticketId, listener);
  }
  onResync(listener: () => void) {
    return this.#fanout.onResync(listener);
  }
  async close() {}
}

export class PostgresEventBus implements EventBus {
  #fanout = new Fanout();
  #listening: Promise<{ unlisten(): Promise<void> }>;

  constructor(listener: Listener) {
    // postgres.js keeps one connection for all LISTENs of this pool and re-listens after a reconnect, calling
    // the third argument each time: notifications sent while it was away are lost, so streams catch up then.
    this.#listening = listener.listen(
      CHANNEL,
      (payload) => this.#receive(payload),
      () => this.#fanout.resync(),
    );
  }

  /** Resolves once this process is listening. */
  ready(): Promise<void> {
    return this.#listening.then(() => {});
  }

  async publish(): Promise<void> {
    // Nothing to send: the ticket_events trigger notified the channel when the write committed.
  }

  subscribe(ticketId: string, listener: SignalListener) {
    return this.#fanout.subscribe(ticketId, listener);
  }

  onResync(listener: () => void) {
    return this.#fanout.onResync(listener);
  }

  async close() {
    await (await this.#listening).unlisten();
  }

  #receive(payload: string) {
    const [tenantId, ticketId, eventId] = payload.split(':');
    if (tenantId && ticketId && eventId) this.#fanout.deliver({ tenantId, ticketId, eventId });
  }
}
