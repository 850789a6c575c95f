/**
 * A size-bounded cache that evicts the oldest entry first. Yoga's default LRU checks a TTL on every
 * read; the parse and validation results it holds never go stale for a fixed schema, so a plain Map
 * lookup is enough and measurably cheaper per request.
 */
export class BoundedCache<T> {
  readonly #entries = new Map<string, T>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(key: string): T | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: T): void {
    if (!this.#entries.has(key) && this.#entries.size >= this.#limit) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
  }

  get size(): number {
    return this.#entries.size;
  }
}
