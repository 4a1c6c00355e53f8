/**
 * AtomicStore in this process's memory: the default when no REDIS_URL is set (one gateway process).
 * Operations are synchronous underneath, so each is atomic by construction.
 *
 * @example
 *   const store = new MemoryAtomicStore();
 *   await store.setIfAbsent("k", "v", 1000); // true
 *   await store.setIfAbsent("k", "w", 1000); // false
 */
import type { AtomicStore } from "./AtomicStore.ts";

export class MemoryAtomicStore implements AtomicStore {
  readonly #entries = new Map<string, { value: string; expiresAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.#read(key) !== undefined) return false;
    this.#entries.set(key, { value, expiresAt: this.#now() + ttlMs });
    return true;
  }

  async get(key: string): Promise<string | undefined> {
    return this.#read(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#entries.set(key, { value, expiresAt: this.#now() + ttlMs });
  }

  async deleteIfEquals(key: string, expected: string): Promise<boolean> {
    if (this.#read(key) !== expected) return false;
    this.#entries.delete(key);
    return true;
  }

  async extendIfEquals(key: string, expected: string, ttlMs: number): Promise<boolean> {
    const entry = this.#entries.get(key);
    if (!entry || this.#read(key) !== expected) return false;
    entry.expiresAt = this.#now() + ttlMs;
    return true;
  }

  #read(key: string): string | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }
}
