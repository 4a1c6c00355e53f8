import Keyv from "keyv";
import { describe, expect, it } from "vitest";
import { PipedriveClient } from "../../src/pipedrive/PipedriveClient.ts";
import { listBody, sendJson, useFakePipedrive, virtualTime } from "./fakePipedrive.ts";
import { caught } from "./caughtPipedriveError.ts";

const fake = useFakePipedrive();

function limits(remaining: number, reset = 2, dailyRemaining = 29_000, limit = 20): Record<string, string> {
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(reset),
    "x-daily-ratelimit-token-limit": "30000",
    "x-daily-ratelimit-token-remaining": String(dailyRemaining),
  };
}

const tooMany = { success: false, error: "Too many requests", data: null, additional_data: null };
const person = { success: true, data: { id: 1, name: "Ada" } };


describe("burst window", () => {
  it("waits for the window's reset before spending its last requests, not after a 429", async () => {
    const events: string[] = [];
    const server = await fake((req, res, i) => {
      events.push(`request ${i + 1}`);
      sendJson(res, 200, person, limits(i === 0 ? 2 : 19, 2));
    });
    const time = virtualTime();
    const client = new PipedriveClient({
      baseUrl: server.url,
      token: "t",
      now: time.now,
      random: () => 0,
      sleep: async (ms) => {
        events.push(`sleep ${ms}`);
        await time.sleep(ms);
      },
    });
    await client.get("persons", 1); // remaining 2 of 20: at the reserve (20 / 10)
    await client.get("persons", 1);
    await client.get("persons", 1); // remaining 19: no wait
    expect(events).toEqual(["request 1", "sleep 2000", "request 2", "request 3"]);
    expect(server.requests).toHaveLength(3);
  });

  it("counts its own in-flight requests against the window, before any header says so", async () => {
    const held: (() => void)[] = [];
    // The first answer teaches the client the window; the next 19 are held until all 19 have arrived.
    const server = await fake((req, res, i) => {
      if (i === 0) return sendJson(res, 200, person, limits(20, 2));
      held.push(() => sendJson(res, 200, person, limits(20, 2)));
      if (held.length === 19) for (const answer of held) answer();
    });
    const time = virtualTime();
    const client = new PipedriveClient({ baseUrl: server.url, token: "t", now: time.now, sleep: time.sleep, random: () => 0 });
    await client.get("persons", 1);
    await Promise.all(Array.from({ length: 19 }, () => client.get("persons", 1)));
    // 18 reservations take remaining from 20 down to the reserve of 2; the 19th waits out the window
    expect(time.sleeps).toEqual([2000]);
    expect(server.requests).toHaveLength(20);
  });

  it("on a burst 429 waits the reset time with jitter, then succeeds", async () => {
    const server = await fake((req, res, i) => (i === 0 ? sendJson(res, 429, tooMany, limits(0, 2)) : sendJson(res, 200, listBody([{ id: 1 }]), limits(19))));
    const time = virtualTime();
    const client = new PipedriveClient({ baseUrl: server.url, token: "t", now: time.now, sleep: time.sleep, random: () => 0.4 });
    const page = await client.list("persons");
    expect(page.items).toHaveLength(1);
    expect(time.sleeps).toEqual([2200]); // 2 s × (1 + 0.25 × 0.4)
    expect(server.requests).toHaveLength(2);
  });

  it("retries a POST after a burst 429: Pipedrive did not process it", async () => {
    const server = await fake((req, res, i) => (i === 0 ? sendJson(res, 429, tooMany, limits(0, 1)) : sendJson(res, 200, { success: true, data: { id: 9 } }, limits(10))));
    const time = virtualTime();
    const client = new PipedriveClient({ baseUrl: server.url, token: "t", now: time.now, sleep: time.sleep, random: () => 0 });
    expect(await client.create("persons", { name: "N" })).toMatchObject({ id: 9 });
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "POST"]);
    expect(time.sleeps).toEqual([1000]);
  });

  it("gives up on a 429 that persists after maxAttempts, never without waiting", async () => {
    const server = await fake((req, res) => sendJson(res, 429, tooMany, limits(0, 0)));
    const time = virtualTime();
    const client = new PipedriveClient({ baseUrl: server.url, token: "t", now: time.now, sleep: time.sleep, random: () => 0, retry: { maxAttempts: 3 } });
    const error = await caught(client.list("deals"));
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, retryable: true });
    expect(server.requests).toHaveLength(3);
    expect(time.sleeps.length).toBeGreaterThanOrEqual(2);
    for (const ms of time.sleeps) expect(ms).toBeGreaterThanOrEqual(250);
  });

  it("caps the wait of a 429 whose reset header is implausibly long", async () => {
    const server = await fake((req, res, i) => (i === 0 ? sendJson(res, 429, tooMany, limits(0, 3600)) : sendJson(res, 200, person, limits(19))));
    const time = virtualTime();
    const client = new PipedriveClient({ baseUrl: server.url, token: "t", now: time.now, sleep: time.sleep, random: () => 0, retry: { deadlineMs: 60_000 } });
    await client.get("persons", 1);
    expect(time.sleeps).toEqual([30_000]);
  });

  it("keeps the search window apart from the others", async () => {
    const server = await fake((req, res) =>
      req.path.endsWith("/search")
        ? sendJson(res, 200, { success: true, data: { items: [] }, additional_data: { next_cursor: null } }, limits(1, 2, 29_000, 10))
        : sendJson(res, 200, listBody([]), limits(30, 2, 29_000, 40)),
    );
    const time = virtualTime();
    const client = new PipedriveClient({ baseUrl: server.url, token: "t", now: time.now, sleep: time.sleep, random: () => 0 });
    await client.search("organizations", { term: "acme" });
    await client.list("organizations");
    expect(time.sleeps).toEqual([]);
    await client.search("organizations", { term: "acme" });
    expect(time.sleeps).toEqual([2000]);
    expect(client.rateStatus().searchBurst).toMatchObject({ limit: 10 });
    expect(client.rateStatus().burst).toMatchObject({ limit: 40, remaining: 30 });
  });
});

describe("daily budget", () => {
  it("throws BUDGET_EXHAUSTED at once and then fails fast without calling Pipedrive, for every client on the cache", async () => {
    const server = await fake((req, res) => sendJson(res, 429, tooMany, limits(10, 1, 0)));
    const time = virtualTime();
    const cache = new Keyv();
    const options = { baseUrl: server.url, token: "t", cache, now: time.now, sleep: time.sleep, random: () => 0 };
    const client = new PipedriveClient(options);
    const first = await caught(client.list("persons"));
    expect(first).toMatchObject({ code: "BUDGET_EXHAUSTED", status: 429, retryable: false });
    expect(first.message).toContain("x-daily-ratelimit-token-remaining: 0");
    expect(first.message).toContain("all 30000 tokens of today's budget are spent");
    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);

    const again = await caught(client.get("persons", 1));
    expect(again.code).toBe("BUDGET_EXHAUSTED");
    expect(again.status).toBeUndefined();
    expect(again.message).toContain("Not calling GET /api/v2/persons/{id}: the company's daily Pipedrive API token budget is exhausted");

    const replica = new PipedriveClient(options);
    expect((await caught(replica.users())).code).toBe("BUDGET_EXHAUSTED");
    expect(server.requests).toHaveLength(1);
    expect(client.rateStatus()).toMatchObject({ dailyTokenLimit: 30000, dailyTokenRemaining: 0, budgetExhaustedUntil: time.now() + 60_000 });
  });

  it("lets one call check again after budgetRecheckMs, and recovers when the budget is back", async () => {
    const server = await fake((req, res, i) => (i === 0 ? sendJson(res, 429, tooMany, limits(10, 1, 0)) : sendJson(res, 200, person, limits(19, 2, 29_990))));
    const time = virtualTime();
    const client = new PipedriveClient({ baseUrl: server.url, token: "t", now: time.now, sleep: time.sleep, random: () => 0, budgetRecheckMs: 30_000 });
    await caught(client.get("persons", 1));
    time.advance(29_999);
    expect((await caught(client.get("persons", 1))).code).toBe("BUDGET_EXHAUSTED");
    time.advance(1);
    expect(await client.get("persons", 1)).toMatchObject({ id: 1 });
    expect(server.requests).toHaveLength(2);
    expect(client.rateStatus()).toMatchObject({ dailyTokenRemaining: 29_990, budgetExhaustedUntil: null });
  });
});

describe("rateStatus", () => {
  it("reports the last seen limits and the tokens this client spent by Pipedrive's cost table", async () => {
    const server = await fake((req, res) =>
      req.path === "/api/v2/persons" ? sendJson(res, 200, listBody([]), limits(17, 1.5, 28_000)) : sendJson(res, 200, person, limits(16, 1, 27_990)),
    );
    const time = virtualTime();
    const client = new PipedriveClient({ baseUrl: server.url, token: "t", now: time.now, sleep: time.sleep });
    expect(client.rateStatus()).toEqual({ burst: null, searchBurst: null, dailyTokenLimit: null, dailyTokenRemaining: null, budgetExhaustedUntil: null, tokensSpent: 0 });
    await client.list("persons");
    expect(client.rateStatus()).toMatchObject({ burst: { limit: 20, remaining: 17, resetAt: time.now() + 1500 }, dailyTokenRemaining: 28_000, tokensSpent: 10 });
    await client.get("persons", 1);
    await client.update("persons", 1, { name: "A" });
    expect(client.rateStatus()).toMatchObject({ dailyTokenLimit: 30_000, dailyTokenRemaining: 27_990, tokensSpent: 16 });
  });
});
