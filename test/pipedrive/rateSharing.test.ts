import Keyv from "keyv";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RateGovernor } from "../../src/pipedrive/RateGovernor.ts";
import { caught } from "./caughtPipedriveError.ts";

// Two Keyv objects over one store stand for two gateway processes sharing one Redis.
function replicaPair() {
  const store = new Map();
  return [new Keyv({ store }), new Keyv({ store })] as const;
}

function governor(cache: Keyv, syncMs = 250): RateGovernor {
  return new RateGovernor({
    cache,
    accountKey: "acme",
    tokenKey: "t1",
    now: Date.now,
    sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    random: () => 0,
    syncMs,
  });
}

function headers(remaining: number, dailyRemaining = 29_000): Headers {
  return new Headers({
    "x-ratelimit-limit": "40",
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": "2",
    "x-daily-ratelimit-token-limit": "30000",
    "x-daily-ratelimit-token-remaining": String(dailyRemaining),
  });
}

function countOperations(keyv: Keyv) {
  return { get: vi.spyOn(keyv, "get"), set: vi.spyOn(keyv, "set") };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 29, 12, 0, 0) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("rate state shared through the Keyv", () => {
  it("admits and observes 50 calls with one read of the shared state and writes behind at most once per syncMs", async () => {
    const [keyv] = replicaPair();
    const ops = countOperations(keyv);
    const rate = governor(keyv);
    for (let i = 0; i < 50; i++) {
      await rate.admit("default", "GET /api/v2/persons");
      await rate.observe("default", "GET /api/v2/persons", 200, headers(39 - (i % 10), 29_000 - 10 * i));
    }
    // The first admit reads burst, search, daily and blocked once; the first change is written at once,
    // everything after it waits for the write-behind, which then writes the latest burst window and budget.
    expect(ops.get).toHaveBeenCalledTimes(4);
    expect(ops.set.mock.calls.map((c) => c[0])).toEqual(["pipedrive:rate:burst:default:t1"]);
    await vi.advanceTimersByTimeAsync(250);
    expect(ops.set.mock.calls.map((c) => c[0]).sort()).toEqual(["pipedrive:rate:burst:default:t1", "pipedrive:rate:burst:default:t1", "pipedrive:rate:daily:acme"]);
    const written = (await keyv.get("pipedrive:rate:daily:acme")) as { remaining: number };
    expect(written.remaining).toBe(29_000 - 10 * 49);
    expect(rate.status().dailyTokenRemaining).toBe(29_000 - 10 * 49);
  });

  it("a replica adopts a newer observation at its next sync, and keeps its own when the shared one is older", async () => {
    const [a, b] = replicaPair();
    const first = governor(a);
    const second = governor(b);
    await second.admit("default", "GET /api/v2/deals"); // synced now: nothing shared yet
    await vi.advanceTimersByTimeAsync(10);
    await first.observe("default", "GET /api/v2/persons", 200, headers(12, 25_000));
    await second.admit("default", "GET /api/v2/deals");
    expect(second.status()).toMatchObject({ burst: null, dailyTokenRemaining: null }); // within syncMs: not read yet
    await vi.advanceTimersByTimeAsync(250);
    await second.admit("default", "GET /api/v2/deals");
    expect(second.status()).toMatchObject({ burst: { limit: 40, remaining: 11 }, dailyTokenRemaining: 25_000 });

    await second.observe("default", "GET /api/v2/deals", 200, headers(30, 24_990));
    await vi.advanceTimersByTimeAsync(250);
    await first.admit("default", "GET /api/v2/persons");
    expect(first.status()).toMatchObject({ dailyTokenRemaining: 24_990 });
    await second.admit("default", "GET /api/v2/deals");
    expect(second.status()).toMatchObject({ dailyTokenRemaining: 24_990 }); // its own, newer than what it wrote
  });

  it("writes an exhausted budget through at once, so a replica fails fast at its next sync without calling", async () => {
    const [a, b] = replicaPair();
    const first = governor(a);
    const second = governor(b);
    await second.admit("default", "GET /api/v2/deals");
    const verdict = await first.observe("default", "GET /api/v2/persons", 429, headers(10, 0));
    expect(verdict.kind).toBe("budget");
    await vi.advanceTimersByTimeAsync(250);
    const error = await caught(second.admit("default", "GET /api/v2/deals"));
    expect(error).toMatchObject({ code: "BUDGET_EXHAUSTED", retryable: false });
    expect(error.message).toContain("Not calling GET /api/v2/deals");
  });

  it("shares Cloudflare's block with every replica", async () => {
    const [a, b] = replicaPair();
    await governor(a).noteBlocked();
    expect((await caught(governor(b).admit("search", "GET /api/v2/persons/search"))).code).toBe("FORBIDDEN");
  });

  it("paces concurrent callers of one process from memory: the 30 callers past the reserve wait for the next window", async () => {
    const [keyv] = replicaPair();
    const rate = governor(keyv);
    await rate.observe("default", "GET /api/v2/persons", 200, headers(40));
    const started = Date.now();
    const admitted: number[] = [];
    const all = Promise.all(Array.from({ length: 66 }, () => rate.admit("default", "GET /api/v2/persons").then(() => admitted.push(Date.now() - started))));
    await vi.advanceTimersByTimeAsync(2_100);
    await all;
    // 36 go at once (40 minus a reserve of 4); the others wait out the window, 36 more per window.
    expect(admitted.filter((ms) => ms === 0)).toHaveLength(36);
    expect(admitted.filter((ms) => ms > 0)).toHaveLength(30);
    for (const ms of admitted.filter((ms) => ms > 0)) expect(ms).toBeGreaterThanOrEqual(2000);
  });
});
