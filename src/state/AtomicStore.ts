/**
 * The few atomic operations that idempotency records and locks need, beyond what Keyv offers:
 * Redis `SET key value NX PX ttl`, compare-and-delete and compare-and-extend. `MemoryAtomicStore` and `RedisAtomicStore`
 * implement it; values are strings, keys are used as given (callers add the prefix).
 *
 * @example
 *   if (await store.setIfAbsent("bedrock:lock:x", token, 30_000)) {
 *     try { ... } finally { await store.deleteIfEquals("bedrock:lock:x", token); }
 *   }
 */
export interface AtomicStore {
  /** Stores `value` only when `key` does not exist; true when it was stored. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Deletes `key` only while it still holds `expected`; true when it was deleted. */
  deleteIfEquals(key: string, expected: string): Promise<boolean>;
  /** Gives `key` a new time to live of `ttlMs` only while it still holds `expected`; true when it did. */
  extendIfEquals(key: string, expected: string, ttlMs: number): Promise<boolean>;
}
