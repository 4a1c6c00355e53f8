import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewayError } from "../../schema/GatewayError.ts";
import { createSharedState, type SharedState } from "../../src/state/createSharedState.ts";
import { IdempotencyStore } from "../../src/state/IdempotencyStore.ts";
import { LockManager } from "../../src/state/LockManager.ts";
import { MemoryAtomicStore } from "../../src/state/MemoryAtomicStore.ts";
import { canonicalJson } from "../../src/state/canonicalJson.ts";
import { startTestRedis, type TestRedis } from "./support/useRedis.ts";

let redis: TestRedis;
const opened: SharedState[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await redis.stop();
});

async function redisState(prefix: string): Promise<SharedState> {
  const state = await createSharedState({ redisUrl: redis.url, prefix });
  opened.push(state);
  return state;
}

/** A create that counts its calls and finishes only when the test says so. */
function gatedCreate<T>(result: T) {
  let calls = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let started!: () => void;
  const startedP = new Promise<void>((resolve) => (started = resolve));
  return {
    create: async () => {
      calls++;
      started();
      await gate;
      return result;
    },
    open: () => open(),
    started: startedP,
    calls: () => calls,
  };
}

describe("canonicalJson", () => {
  it("sorts keys at every level and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, { z: 1, y: 2 }] } })).toBe('{"a":{"c":[2,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});

describe("IdempotencyStore in memory", () => {
  const idem = () => new IdempotencyStore({ store: new MemoryAtomicStore(), prefix: "t" });

  it("runs the create once and replays the first result, marking it as a replay", async () => {
    const store = idem();
    let calls = 0;
    const create = async () => ({ contact: { id: ++calls }, idempotentReplay: false });
    const first = await store.run("app", "k1", "createContact", { firstName: "A", lastName: "B" }, create);
    const second = await store.run("app", "k1", "createContact", { lastName: "B", firstName: "A" }, create);
    expect(first).toEqual({ contact: { id: 1 }, idempotentReplay: false });
    expect(second).toEqual({ contact: { id: 1 }, idempotentReplay: true });
    expect(calls).toBe(1);
  });

  it("refuses the same key with a different input as IDEMPOTENCY_CONFLICT", async () => {
    const store = idem();
    await store.run("app", "k1", "createContact", { firstName: "A" }, async () => ({ id: 1 }));
    await expect(store.run("app", "k1", "createContact", { firstName: "B" }, async () => ({ id: 2 }))).rejects.toMatchObject({
      extensions: { code: "IDEMPOTENCY_CONFLICT", field: "idempotencyKey" },
    });
    await expect(store.run("app", "k1", "createCompany", { firstName: "A" }, async () => ({ id: 2 }))).rejects.toMatchObject({
      extensions: { code: "IDEMPOTENCY_CONFLICT" },
    });
  });

  it("keeps keys of different apps apart", async () => {
    const store = idem();
    const a = await store.run("app-a", "k", "m", {}, async () => "a");
    const b = await store.run("app-b", "k", "m", {}, async () => "b");
    expect([a, b]).toEqual(["a", "b"]);
  });

  it("makes concurrent requests with one key wait for the single create", async () => {
    const store = idem();
    const gated = gatedCreate({ id: 7 });
    const runs = Array.from({ length: 5 }, () => store.run("app", "k", "m", { x: 1 }, gated.create));
    await gated.started;
    gated.open();
    expect(await Promise.all(runs)).toEqual(Array(5).fill({ id: 7 }));
    expect(gated.calls()).toBe(1);
  });

  it("releases the claim when the create fails, so a retry creates", async () => {
    const store = idem();
    await expect(store.run("app", "k", "m", {}, async () => Promise.reject(new Error("upstream down")))).rejects.toThrow("upstream down");
    expect(await store.run("app", "k", "m", {}, async () => "second try")).toBe("second try");
  });

  it("keeps the key of a create whose outcome is unknown: retries get UPSTREAM_OUTCOME_UNKNOWN and never create", async () => {
    const store = idem();
    let calls = 0;
    const lost = async () => {
      calls++;
      throw new GatewayError("UPSTREAM_OUTCOME_UNKNOWN", "no usable answer");
    };
    await expect(store.run("app", "k", "createContact", { a: 1 }, lost)).rejects.toMatchObject({ extensions: { code: "UPSTREAM_OUTCOME_UNKNOWN" } });
    const retry = store.run("app", "k", "createContact", { a: 1 }, async () => ++calls);
    await expect(retry).rejects.toMatchObject({ extensions: { code: "UPSTREAM_OUTCOME_UNKNOWN", field: "idempotencyKey" } });
    await expect(retry).rejects.toThrow(/may or may not exist.*new key only if it is missing/);
    expect(calls).toBe(1);
    expect(await store.run("app", "fresh-key", "createContact", { a: 1 }, async () => ++calls)).toBe(2);
  });

  it("gives a second request CREATE_IN_PROGRESS when the first one outlasts waitMs", async () => {
    const store = new IdempotencyStore({ store: new MemoryAtomicStore(), prefix: "t", waitMs: 30 });
    const gated = gatedCreate("first");
    const first = store.run("app", "k", "createContact", {}, gated.create);
    await gated.started;
    await expect(store.run("app", "k", "createContact", {}, gated.create)).rejects.toMatchObject({
      extensions: { code: "CREATE_IN_PROGRESS", field: "idempotencyKey" },
    });
    gated.open();
    expect(await first).toBe("first");
    expect(await store.run("app", "k", "createContact", {}, gated.create)).toBe("first");
    expect(gated.calls()).toBe(1);
  });

  it("runs without a key every time", async () => {
    const store = idem();
    let calls = 0;
    await store.run("app", undefined, "m", {}, async () => ++calls);
    await store.run("app", undefined, "m", {}, async () => ++calls);
    expect(calls).toBe(2);
  });

  it("expires records after the ttl", async () => {
    let now = 1_000_000;
    const store = new IdempotencyStore({ store: new MemoryAtomicStore(() => now), prefix: "t", ttlMs: 1000 });
    await store.run("app", "k", "m", {}, async () => 1);
    now += 1001;
    expect(await store.run("app", "k", "m", {}, async () => 2)).toBe(2);
  });
});

describe("IdempotencyStore on Redis, two stores (as two gateway processes)", () => {
  it("makes exactly one create for concurrent requests through different connections", async () => {
    const prefix = redis.prefix();
    const [s1, s2] = await Promise.all([redisState(prefix), redisState(prefix)]);
    const idem1 = new IdempotencyStore({ store: s1.atomic, prefix });
    const idem2 = new IdempotencyStore({ store: s2.atomic, prefix });
    const gated = gatedCreate({ id: 42 });
    const first = idem1.run("app", "same", "createContact", { a: 1 }, gated.create);
    await gated.started;
    const waiters = [idem2.run("app", "same", "createContact", { a: 1 }, gated.create), idem2.run("app", "same", "createContact", { a: 1 }, gated.create)];
    const conflict = idem2.run("app", "same", "createContact", { a: 2 }, gated.create);
    await expect(conflict).rejects.toMatchObject({ extensions: { code: "IDEMPOTENCY_CONFLICT" } });
    gated.open();
    expect(await Promise.all([first, ...waiters])).toEqual([{ id: 42 }, { id: 42 }, { id: 42 }]);
    expect(gated.calls()).toBe(1);
  });

  it("lets a retry on the other process proceed after a failed create", async () => {
    const prefix = redis.prefix();
    const [s1, s2] = await Promise.all([redisState(prefix), redisState(prefix)]);
    const idem1 = new IdempotencyStore({ store: s1.atomic, prefix });
    const idem2 = new IdempotencyStore({ store: s2.atomic, prefix });
    await expect(idem1.run("app", "k", "m", {}, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await idem2.run("app", "k", "m", {}, async () => "retried")).toBe("retried");
  });

  it("renews the claim of a create that outlives claimTtlMs, so the other process waits instead of creating again", async () => {
    const prefix = redis.prefix();
    const [s1, s2] = await Promise.all([redisState(prefix), redisState(prefix)]);
    const idem1 = new IdempotencyStore({ store: s1.atomic, prefix, claimTtlMs: 60 });
    const idem2 = new IdempotencyStore({ store: s2.atomic, prefix, claimTtlMs: 60 });
    const gated = gatedCreate({ id: 7 });
    const first = idem1.run("app", "slow", "createContact", { a: 1 }, gated.create);
    await gated.started;
    await sleep(300); // five claim lifetimes: an unrenewed claim would be gone
    const second = idem2.run("app", "slow", "createContact", { a: 1 }, gated.create);
    await sleep(50);
    gated.open();
    expect(await Promise.all([first, second])).toEqual([{ id: 7 }, { id: 7 }]);
    expect(gated.calls()).toBe(1);
  });

  it("answers UPSTREAM_OUTCOME_UNKNOWN, not a second create, once the holder of a claim has died", async () => {
    const prefix = redis.prefix();
    const doomed = await createSharedState({ redisUrl: redis.url, prefix });
    const survivor = await redisState(prefix);
    const idem1 = new IdempotencyStore({ store: doomed.atomic, prefix, claimTtlMs: 60 });
    const idem2 = new IdempotencyStore({ store: survivor.atomic, prefix, claimTtlMs: 60 });
    const gated = gatedCreate({ id: 9 });
    const dying = idem1.run("app", "crash", "createContact", { a: 1 }, gated.create).catch(() => "holder lost its store");
    await gated.started;
    await doomed.close(); // the holder's process is gone: its heartbeat is no longer renewed
    await sleep(200);
    const retry = idem2.run("app", "crash", "createContact", { a: 1 }, gated.create);
    await expect(retry).rejects.toMatchObject({ extensions: { code: "UPSTREAM_OUTCOME_UNKNOWN", field: "idempotencyKey" } });
    expect(gated.calls()).toBe(1);
    gated.open();
    await dying;
  });

  it("shares Keyv values between connections with one prefix and not across prefixes", async () => {
    const prefix = redis.prefix();
    const [s1, s2, other] = await Promise.all([redisState(prefix), redisState(prefix), redisState(redis.prefix())]);
    await s1.keyv.set("users", [{ id: 1 }]);
    expect(await s2.keyv.get("users")).toEqual([{ id: 1 }]);
    expect(await other.keyv.get("users")).toBeUndefined();
  });

  it("fails start-up with a clear message when Redis cannot be reached", async () => {
    await expect(createSharedState({ redisUrl: "redis://127.0.0.1:1", prefix: "x" })).rejects.toThrow(/cannot connect to Redis at REDIS_URL \(redis:\/\/127\.0\.0\.1:1\)/);
  });
});

describe("LockManager", () => {
  it("serialises holders of one key in process and lets other keys run", async () => {
    const locks = new LockManager({ prefix: "t" });
    const order: string[] = [];
    const gated = gatedCreate(undefined);
    const a = locks.withLock("k", async () => {
      order.push("a start");
      await gated.create();
      order.push("a end");
    });
    const b = locks.withLock("k", async () => void order.push("b"));
    const other = locks.withLock("other", async () => void order.push("other"));
    await other;
    await gated.started;
    gated.open();
    await Promise.all([a, b]);
    expect(order).toEqual(["a start", "other", "a end", "b"]);
  });

  it("serialises holders across two Redis connections and frees the lock after an error", async () => {
    const prefix = redis.prefix();
    const [s1, s2] = await Promise.all([redisState(prefix), redisState(prefix)]);
    const l1 = new LockManager({ store: s1.atomic, prefix });
    const l2 = new LockManager({ store: s2.atomic, prefix });
    const order: string[] = [];
    const gated = gatedCreate(undefined);
    const a = l1.withLock("dedupe", async () => {
      order.push("a start");
      await gated.create();
      order.push("a end");
    });
    await gated.started;
    const b = l2.withLock("dedupe", async () => void order.push("b"));
    gated.open();
    await Promise.all([a, b]);
    expect(order).toEqual(["a start", "a end", "b"]);
    await expect(l1.withLock("dedupe", async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(await l2.withLock("dedupe", async () => "free again")).toBe("free again");
  });

  it("gives up waiting for another process's lock with a typed CREATE_IN_PROGRESS", async () => {
    const prefix = redis.prefix();
    const [s1, s2] = await Promise.all([redisState(prefix), redisState(prefix)]);
    const l1 = new LockManager({ store: s1.atomic, prefix });
    const l2 = new LockManager({ store: s2.atomic, prefix, waitMs: 40 });
    const gated = gatedCreate("held");
    const held = l1.withLock("busy", gated.create);
    await gated.started;
    await expect(l2.withLock("busy", async () => "never")).rejects.toMatchObject({ extensions: { code: "CREATE_IN_PROGRESS" } });
    gated.open();
    expect(await held).toBe("held");
    expect(await l2.withLock("busy", async () => "free again")).toBe("free again");
  });

  it("renews a lock held longer than its ttl, so the other process still waits", async () => {
    const prefix = redis.prefix();
    const [s1, s2] = await Promise.all([redisState(prefix), redisState(prefix)]);
    const l1 = new LockManager({ store: s1.atomic, prefix, ttlMs: 60 });
    const l2 = new LockManager({ store: s2.atomic, prefix, ttlMs: 60 });
    const order: string[] = [];
    const gated = gatedCreate(undefined);
    const a = l1.withLock("slow", async () => {
      order.push("a start");
      await gated.create();
      order.push("a end");
    });
    await gated.started;
    await sleep(300); // five lock lifetimes: an unrenewed lock would be gone
    const b = l2.withLock("slow", async () => void order.push("b"));
    await sleep(50);
    gated.open();
    await Promise.all([a, b]);
    expect(order).toEqual(["a start", "a end", "b"]);
  });
});
