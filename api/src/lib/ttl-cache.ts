/**
 * A small read-through cache: values expire `ttlMs` after they were loaded, and concurrent misses for one key
 * share a single load. Used for data that every request needs and that may be a few seconds stale.
 */
export class TtlCache<K, V> {
  #entries = new Map<K, { value: Promise<V>; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: K, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as K);
    const value = load();
    this.#entries.set(key, { value, expires: now + this.ttlMs });
    value.catch(() => this.#entries.delete(key));
    return value;
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }
}
