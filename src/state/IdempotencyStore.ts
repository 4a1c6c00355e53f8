/**
 * Makes create mutations safe to retry. The first request with an idempotency key claims it atomically
 * (SET NX on the shared store) and runs the create; a later or concurrent request with the same key and the
 * same input (same mutation, same canonical-JSON hash) gets the stored result without a second upstream
 * create; the same key with a different input is an IDEMPOTENCY_CONFLICT. A failed create releases the claim
 * so a retry can proceed. Records expire after `ttlMs` (24 h by default).
 *
 * Waiters learn that the result is stored from an in-process signal when the claim holder is in the same
 * process, and by polling the shared store (10 ms doubling to 250 ms) when it is another replica.
 *
 * @example
 *   const idem = new IdempotencyStore({ store: state.atomic, prefix: "bedrock", ttlMs: 86_400_000 });
 *   await idem.run("crm-sync", "key-1", "createContact", input, () => createUpstream(input));
 */
import { createHash, randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { GatewayError } from "../../schema/GatewayError.ts";
import type { AtomicStore } from "./AtomicStore.ts";
import { canonicalJson } from "./canonicalJson.ts";

export interface IdempotencyStoreOptions {
  store: AtomicStore;
  prefix: string;
  /** How long a finished record is kept: default 24 h. */
  ttlMs?: number;
  /** How long a claim lives without a result (a crashed holder frees the key after it): default 60 s. */
  claimTtlMs?: number;
}

type StoredRecord = { s: "pending"; f: string; t: string } | { s: "done"; f: string; r: unknown };

const MAX_KEY_LENGTH = 255;

export class IdempotencyStore {
  readonly #store: AtomicStore;
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #claimTtlMs: number;
  readonly #signals = new EventEmitter().setMaxListeners(0);

  constructor(options: IdempotencyStoreOptions) {
    this.#store = options.store;
    this.#prefix = options.prefix;
    this.#ttlMs = options.ttlMs ?? 24 * 3600 * 1000;
    this.#claimTtlMs = options.claimTtlMs ?? 60_000;
  }

  /**
   * Runs `create` at most once per (scope, key). `scope` separates callers (the API key's name) so two apps
   * cannot collide on a key. A replayed object result that has an `idempotentReplay` member gets it set to true.
   */
  async run<T>(scope: string, key: string | undefined, mutation: string, input: unknown, create: () => Promise<T>): Promise<T> {
    if (key === undefined) return create();
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw GatewayError.badInput("idempotencyKey", `An idempotency key must be 1 to ${MAX_KEY_LENGTH} characters long; got ${key.length}.`);
    }
    const recordKey = `${this.#prefix}:idem:${sha256(scope)}:${sha256(key)}`;
    const fingerprint = sha256(canonicalJson({ mutation, input }));
    const deadline = Date.now() + this.#claimTtlMs * 2;
    let delayMs = 10;

    for (;;) {
      const claim = JSON.stringify({ s: "pending", f: fingerprint, t: randomUUID() } satisfies StoredRecord);
      if (await this.#store.setIfAbsent(recordKey, claim, this.#claimTtlMs)) return this.#runClaimed(recordKey, claim, fingerprint, create);

      const current = await this.#store.get(recordKey);
      if (current === undefined) continue; // released or expired since our claim attempt: try again
      const record = JSON.parse(current) as StoredRecord;
      if (record.f !== fingerprint) {
        throw new GatewayError(
          "IDEMPOTENCY_CONFLICT",
          `The idempotency key was already used with a different input (or another mutation); use a new key for a new ${mutation}.`,
          { field: "idempotencyKey" },
        );
      }
      if (record.s === "done") return markReplay(record.r) as T;
      if (Date.now() > deadline) throw new Error(`gave up waiting for the first request with this idempotency key (${mutation})`);
      await this.#waitForChange(recordKey, delayMs);
      delayMs = Math.min(delayMs * 2, 250);
    }
  }

  async #runClaimed<T>(recordKey: string, claim: string, fingerprint: string, create: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await create();
    } catch (error) {
      await this.#store.deleteIfEquals(recordKey, claim).catch(() => false);
      this.#signals.emit(recordKey);
      throw error;
    }
    try {
      const done: StoredRecord = { s: "done", f: fingerprint, r: result === undefined ? null : result };
      await this.#store.set(recordKey, JSON.stringify(done), this.#ttlMs);
    } catch {
      // The create happened; a result that cannot be stored must not turn into an error for the caller.
      await this.#store.deleteIfEquals(recordKey, claim).catch(() => false);
    }
    this.#signals.emit(recordKey);
    return result;
  }

  // Resolves on a same-process signal or after `ms`, whichever comes first; never rejects.
  #waitForChange(recordKey: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#signals.off(recordKey, done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#signals.on(recordKey, done);
    });
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function markReplay(result: unknown): unknown {
  if (result && typeof result === "object" && !Array.isArray(result) && "idempotentReplay" in result) {
    return { ...result, idempotentReplay: true };
  }
  return result;
}
