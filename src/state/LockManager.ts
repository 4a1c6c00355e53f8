/**
 * `withLock(key, fn)`: runs `fn` while no other holder of `key` runs, so two creates that share a dedupe key
 * (same contact and time, same email) cannot both miss each other's record. Inside one process a promise chain
 * per key orders the holders; with a shared AtomicStore (Redis) the holder also takes `SET lock NX PX ttl`
 * with a random token, renews it while `fn` runs, and releases it by compare-and-delete, which orders holders
 * across replicas.
 *
 * @example
 *   const locks = new LockManager({ store: state.kind === "redis" ? state.atomic : undefined, prefix: "bedrock" });
 *   await locks.withLock("Activity:42:2026-01-01T10:00", () => findOrCreate());
 */
import { createHash, randomUUID } from "node:crypto";
import { GatewayError } from "../../schema/GatewayError.ts";
import type { AtomicStore } from "./AtomicStore.ts";
import { keepLeaseAlive } from "./keepLeaseAlive.ts";

export interface LockManagerOptions {
  /** Shared store for locks across processes; omit for in-process locking only. */
  store?: AtomicStore;
  prefix: string;
  /** A lock whose holder died frees itself after this long (a working holder renews it): default 30 s. */
  ttlMs?: number;
  /** Longest wait for a lock before giving up with an error: default 30 s. */
  waitMs?: number;
}

export class LockManager {
  readonly #store: AtomicStore | undefined;
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #waitMs: number;
  readonly #tails = new Map<string, Promise<void>>();

  constructor(options: LockManagerOptions) {
    this.#store = options.store;
    this.#prefix = options.prefix;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#waitMs = options.waitMs ?? 30_000;
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    try {
      await previous;
      return this.#store ? await this.#withSharedLock(this.#store, key, fn) : await fn();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  async #withSharedLock<T>(store: AtomicStore, key: string, fn: () => Promise<T>): Promise<T> {
    const lockKey = `${this.#prefix}:lock:${createHash("sha256").update(key).digest("hex")}`;
    const token = randomUUID();
    const deadline = Date.now() + this.#waitMs;
    let delayMs = 10;
    while (!(await store.setIfAbsent(lockKey, token, this.#ttlMs))) {
      if (Date.now() > deadline) {
        throw new GatewayError(
          "CREATE_IN_PROGRESS",
          `Another create of the same record has been running for ${Math.round(this.#waitMs / 1000)} s; retry later, and it will be matched instead of created again.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, 200);
    }
    const stopRenewing = keepLeaseAlive(store, lockKey, token, this.#ttlMs);
    try {
      return await fn();
    } finally {
      stopRenewing();
      await store.deleteIfEquals(lockKey, token).catch(() => false);
    }
  }
}
