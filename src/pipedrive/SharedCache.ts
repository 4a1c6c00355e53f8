/**
 * Read-through cache of slow-changing lists (users, activity types, field metadata): an in-process layer in
 * front of a Keyv, with in-flight loads shared. A read served from process memory costs no (de)serialisation
 * and no Redis round trip; a miss reads the Keyv (another replica may have loaded it), and only then loads
 * upstream. Many concurrent cold reads of one key make a single load; a failed load is never cached and
 * rejects every waiter, so the next read tries again.
 *
 * Entries live `ttlMs` in both layers (in memory: at most until the Keyv entry expires). Invalidation:
 * `delete()` drops the keys from the Keyv, from every SharedCache of this process on the same Keyv at once,
 * and bumps a version key in the Keyv; every replica reads that version at most every `syncMs` and empties
 * its memory layer when it changed, so another replica's invalidation is seen within `syncMs` (default
 * 250 ms), not only after the TTL.
 *
 * @example
 * const cache = new SharedCache(new Keyv(), 600_000, { versionKey: "pipedrive:version:acme" });
 * const users = await cache.read("pipedrive:users:acme", () => fetchUsers());
 * await cache.delete(["pipedrive:users:acme"]); // every replica refetches
 */
import { randomUUID } from "node:crypto";
import type Keyv from "keyv";

export interface SharedCacheOptions {
  /** The Keyv key whose value changes on every `delete()`; one per account scope. */
  versionKey: string;
  /** How often the version key is read; default 250 ms. */
  syncMs?: number;
  /** Called once per read that is not waiting on another: `hit` when memory or the Keyv had the value. */
  onRead?: (key: string, hit: boolean) => void;
}

interface Entry {
  value: unknown;
  expiresAt: number;
}

// Every SharedCache of this process per Keyv, so an invalidation reaches them without waiting for a sync.
const siblings = new WeakMap<Keyv, Set<WeakRef<SharedCache>>>();

export class SharedCache {
  readonly #keyv: Keyv;
  readonly #ttlMs: number;
  readonly #versionKey: string;
  readonly #syncMs: number;
  readonly #onRead: ((key: string, hit: boolean) => void) | undefined;
  readonly #local = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<unknown>>();
  /** Bumped whenever memory is emptied, so a load that started before cannot store a stale value. */
  #epoch = 0;
  #version: unknown = undefined;
  #versionReadAt = Number.NEGATIVE_INFINITY;
  #versionRead: Promise<void> | null = null;

  constructor(keyv: Keyv, ttlMs: number, options: SharedCacheOptions) {
    this.#keyv = keyv;
    this.#ttlMs = ttlMs;
    this.#versionKey = options.versionKey;
    this.#syncMs = options.syncMs ?? 250;
    this.#onRead = options.onRead;
    let group = siblings.get(keyv);
    if (!group) siblings.set(keyv, (group = new Set()));
    group.add(new WeakRef(this));
  }

  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (Date.now() - this.#versionReadAt < this.#syncMs) {
      const hit = this.#fromMemory(key);
      if (hit) {
        this.#onRead?.(key, true);
        return Promise.resolve(hit.value as T);
      }
    }
    const pending = this.#inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const loading: Promise<T> = this.#readThrough(key, load).finally(() => {
      if (this.#inFlight.get(key) === loading) this.#inFlight.delete(key);
    });
    this.#inFlight.set(key, loading);
    return loading;
  }

  /** Drops `keys` here, in every SharedCache of this process on the same Keyv, and (by the version key) in other replicas. */
  async delete(keys: readonly string[]): Promise<void> {
    const group = siblings.get(this.#keyv);
    for (const ref of group ?? []) {
      const sibling = ref.deref();
      if (sibling) sibling.#forget(keys);
      else group!.delete(ref);
    }
    const version = randomUUID();
    this.#version = version;
    await Promise.all([
      ...keys.map((key) => this.#keyv.delete(key)),
      this.#keyv.set(this.#versionKey, version).catch(() => undefined),
    ]);
  }

  #forget(keys: readonly string[]): void {
    this.#epoch++;
    for (const key of keys) {
      this.#local.delete(key);
      this.#inFlight.delete(key);
    }
  }

  #fromMemory(key: string): Entry | undefined {
    const entry = this.#local.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry;
    this.#local.delete(key);
    return undefined;
  }

  async #readThrough<T>(key: string, load: () => Promise<T>): Promise<T> {
    await this.#syncVersion();
    const epoch = this.#epoch;
    const local = this.#fromMemory(key);
    if (local) {
      this.#onRead?.(key, true);
      return local.value as T;
    }
    const raw = await this.#keyv.getRaw<T>(key).catch(() => undefined);
    if (raw && raw.value !== undefined) {
      this.#onRead?.(key, true);
      const ttlEnd = Date.now() + this.#ttlMs;
      this.#remember(epoch, key, raw.value, typeof raw.expires === "number" ? Math.min(raw.expires, ttlEnd) : ttlEnd);
      return raw.value;
    }
    this.#onRead?.(key, false);
    const value = await load();
    if (!this.#remember(epoch, key, value, Date.now() + this.#ttlMs)) return value;
    // A cache outage costs a refetch next time, not this answer.
    await this.#keyv.set(key, value, this.#ttlMs).catch(() => undefined);
    return value;
  }

  // False after an invalidation while this load was in flight: its result may predate the change.
  #remember(epoch: number, key: string, value: unknown, expiresAt: number): boolean {
    if (epoch !== this.#epoch) return false;
    this.#local.set(key, { value, expiresAt });
    return true;
  }

  // One read of the version key per syncMs, shared by concurrent readers; a changed version empties memory.
  #syncVersion(): Promise<void> {
    if (Date.now() - this.#versionReadAt < this.#syncMs) return Promise.resolve();
    this.#versionRead ??= this.#keyv
      .get(this.#versionKey)
      .catch(() => this.#version)
      .then((version) => {
        if (version !== this.#version) {
          this.#local.clear();
          this.#epoch++;
        }
        this.#version = version;
        this.#versionReadAt = Date.now();
      })
      .finally(() => {
        this.#versionRead = null;
      });
    return this.#versionRead;
  }
}
