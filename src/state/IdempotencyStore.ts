/**
 * Makes create mutations safe to retry. The first request with an idempotency key claims it atomically
 * (SET NX on the shared store) and runs the create; a later or concurrent request with the same key and the
 * same input (same mutation, same canonical-JSON hash) gets the stored result without a second upstream
 * create; the same key with a different input is an IDEMPOTENCY_CONFLICT. Records expire after `ttlMs` (24 h
 * by default).
 *
 * A create that failed before anything was written releases the claim, so a retry can proceed. A create that
 * may have reached Pipedrive without a usable answer (UPSTREAM_OUTCOME_UNKNOWN: the record may exist) keeps the
 * key: every retry with it gets that same answer and never a second create. The same holds when the holder
 * dies mid-create (a crash, an OOM kill): its heartbeat key, renewed while it works, lapses after `claimTtlMs`,
 * and waiters then answer UPSTREAM_OUTCOME_UNKNOWN instead of running the create again.
 *
 * Waiters learn that the result is stored from an in-process signal when the claim holder is in the same
 * process, and by polling the shared store (10 ms doubling to 250 ms) when it is another replica; after
 * `waitMs` they give up with CREATE_IN_PROGRESS.
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
import { keepLeaseAlive } from "./keepLeaseAlive.ts";

export interface IdempotencyStoreOptions {
  store: AtomicStore;
  prefix: string;
  /** How long a finished record is kept: default 24 h. */
  ttlMs?: number;
  /** How soon a holder that died is noticed (a working holder renews its heartbeat): default 60 s. */
  claimTtlMs?: number;
  /** How long a second request with the key waits for the first one to finish: default 120 s. */
  waitMs?: number;
}

type StoredRecord =
  | { s: "pending"; f: string; t: string }
  | { s: "done"; f: string; r: unknown }
  /** The create may have reached Pipedrive without a usable answer: it is never run again under this key. */
  | { s: "unknown"; f: string };

const MAX_KEY_LENGTH = 255;

export class IdempotencyStore {
  readonly #store: AtomicStore;
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #claimTtlMs: number;
  readonly #waitMs: number;
  readonly #signals = new EventEmitter().setMaxListeners(0);

  constructor(options: IdempotencyStoreOptions) {
    this.#store = options.store;
    this.#prefix = options.prefix;
    this.#ttlMs = options.ttlMs ?? 24 * 3600 * 1000;
    this.#claimTtlMs = options.claimTtlMs ?? 60_000;
    this.#waitMs = options.waitMs ?? 120_000;
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
    const deadline = Date.now() + this.#waitMs;
    let delayMs = 10;

    for (;;) {
      const token = randomUUID();
      const claim = JSON.stringify({ s: "pending", f: fingerprint, t: token } satisfies StoredRecord);
      // The holder's heartbeat exists before its claim does, so a waiter that sees the claim without it knows
      // the holder died.
      await this.#store.set(aliveKey(recordKey, token), token, this.#claimTtlMs);
      if (await this.#store.setIfAbsent(recordKey, claim, this.#ttlMs)) return this.#runClaimed(recordKey, claim, token, fingerprint, create);
      await this.#store.deleteIfEquals(aliveKey(recordKey, token), token).catch(() => false);

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
      if (record.s === "unknown") throw outcomeStillUnknown(mutation);
      if ((await this.#store.get(aliveKey(recordKey, record.t))) === undefined) {
        // A holder records its outcome before it stops its heartbeat, so an unchanged claim without one is a
        // holder that died; it may have sent the create, so the key can never safely run it again.
        if ((await this.#store.get(recordKey)) === current) throw outcomeStillUnknown(mutation);
        continue;
      }
      if (Date.now() > deadline) {
        throw new GatewayError(
          "CREATE_IN_PROGRESS",
          `The first ${mutation} with this idempotency key is still running after ${Math.round(this.#waitMs / 1000)} s; retry with the same key later to get its result.`,
          { field: "idempotencyKey" },
        );
      }
      await this.#waitForChange(recordKey, delayMs);
      delayMs = Math.min(delayMs * 2, 250);
    }
  }

  async #runClaimed<T>(recordKey: string, claim: string, token: string, fingerprint: string, create: () => Promise<T>): Promise<T> {
    const heartbeat = aliveKey(recordKey, token);
    const stopBeating = keepLeaseAlive(this.#store, heartbeat, token, this.#claimTtlMs);
    const settle = async (record: StoredRecord | undefined): Promise<void> => {
      stopBeating();
      try {
        if (record) await this.#store.set(recordKey, JSON.stringify(record), this.#ttlMs);
        else await this.#store.deleteIfEquals(recordKey, claim);
      } catch {
        // Unrecorded, the claim stays without its heartbeat, which waiters read as an unknown outcome: never a
        // second create, at worst a needless UPSTREAM_OUTCOME_UNKNOWN.
      }
      await this.#store.deleteIfEquals(heartbeat, token).catch(() => false);
      this.#signals.emit(recordKey);
    };
    let result: T;
    try {
      result = await create();
    } catch (error) {
      // Nothing was written unless Pipedrive may have applied it: then the key stays taken.
      await settle(isOutcomeUnknown(error) ? { s: "unknown", f: fingerprint } : undefined);
      throw error;
    }
    await settle({ s: "done", f: fingerprint, r: result === undefined ? null : result });
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

// One heartbeat key per claim, so a new claimant never touches a previous holder's.
function aliveKey(recordKey: string, token: string): string {
  return `${recordKey}:alive:${token}`;
}

function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof GatewayError && error.code === "UPSTREAM_OUTCOME_UNKNOWN";
}

function outcomeStillUnknown(mutation: string): GatewayError {
  return new GatewayError(
    "UPSTREAM_OUTCOME_UNKNOWN",
    `The first ${mutation} with this idempotency key reached Pipedrive without a usable answer, so the record may or may not exist. ` +
      "The gateway does not send it again under this key: look the record up, and create it with a new key only if it is missing.",
    { field: "idempotencyKey" },
  );
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
