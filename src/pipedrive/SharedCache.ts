/**
 * Read-through cache over Keyv that also shares in-flight loads: many concurrent cold reads of one key make a
 * single upstream call, and replicas on one Redis-backed Keyv reuse each other's results. A failed load is
 * never cached and rejects every waiter, so the next read tries again.
 *
 * @example
 * const cache = new SharedCache(new Keyv(), 600_000);
 * const users = await cache.read("pipedrive:users:acme", () => fetchUsers());
 */
import type Keyv from "keyv";

export class SharedCache {
  readonly #keyv: Keyv;
  readonly #ttlMs: number;
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(keyv: Keyv, ttlMs: number) {
    this.#keyv = keyv;
    this.#ttlMs = ttlMs;
  }

  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.#inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const loading: Promise<T> = this.#readThrough(key, load).finally(() => {
      if (this.#inFlight.get(key) === loading) this.#inFlight.delete(key);
    });
    this.#inFlight.set(key, loading);
    return loading;
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.#inFlight.delete(key);
    await Promise.all(keys.map((key) => this.#keyv.delete(key)));
  }

  async #readThrough<T>(key: string, load: () => Promise<T>): Promise<T> {
    const cached = await this.#keyv.get(key).catch(() => undefined);
    if (cached !== undefined) return cached as T;
    const value = await load();
    // A cache outage costs a refetch next time, not this answer.
    await this.#keyv.set(key, value, this.#ttlMs).catch(() => undefined);
    return value;
  }
}
