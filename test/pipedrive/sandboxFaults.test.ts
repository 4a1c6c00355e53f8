/**
 * Rate limits and faults, produced by the sandbox and read back from its request log. The sandbox and the
 * client share one virtual clock: the client's waits move the sandbox's rate windows, so nothing sleeps.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PipedriveClient } from "../../src/pipedrive/PipedriveClient.ts";
import type { UpstreamCall } from "../../src/pipedrive/PipedriveClient.ts";
import { startSandbox } from "../../src/sandbox/startSandbox.ts";
import type { Sandbox, SandboxOptions } from "../../src/sandbox/startSandbox.ts";
import { virtualTime } from "./fakePipedrive.ts";
import { caught } from "./caughtPipedriveError.ts";

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function setup(options: SandboxOptions = {}, clientOptions: Partial<ConstructorParameters<typeof PipedriveClient>[0]> = {}) {
  const time = virtualTime();
  const sandbox = await startSandbox({ clock: time.now, ...options });
  open.push(sandbox);
  const calls: UpstreamCall[] = [];
  const client = new PipedriveClient({
    baseUrl: sandbox.url,
    token: sandbox.token,
    now: time.now,
    sleep: time.sleep,
    random: () => 0,
    onCall: (call) => calls.push(call),
    ...clientOptions,
  });
  const statuses = () => sandbox.log.entries().map((e) => `${e.method} ${e.path} ${e.status}`);
  return { sandbox, client, time, calls, statuses };
}


async function rawGet(sandbox: Sandbox, path: string): Promise<number> {
  const response = await fetch(`${sandbox.url}${path}`, { headers: { "x-api-token": sandbox.token } });
  await response.arrayBuffer();
  return response.status;
}

describe("burst limit", () => {
  it("paces sequential calls under the limit: waits at the window's edge and never sees a 429", async () => {
    const { client, time, statuses } = await setup({ plan: "lite", burst: 5 });
    for (let i = 1; i <= 12; i++) await client.get("persons", i);
    expect(statuses().filter((s) => s.endsWith(" 429"))).toEqual([]);
    expect(statuses()).toHaveLength(12);
    expect(time.sleeps.length).toBeGreaterThanOrEqual(2);
    for (const ms of time.sleeps) expect(ms).toBeGreaterThan(0);
  });

  it("on a 429 waits for the reset, then succeeds", async () => {
    const { sandbox, client, time, statuses, calls } = await setup({ plan: "lite", burst: 2 });
    // Another process with the same token has just spent the window.
    expect([await rawGet(sandbox, "/api/v2/deals/1"), await rawGet(sandbox, "/api/v2/deals/2")]).toEqual([200, 200]);
    expect(await client.get("persons", 1)).toMatchObject({ id: 1 });
    expect(statuses()).toEqual(["GET /api/v2/deals/1 200", "GET /api/v2/deals/2 200", "GET /api/v2/persons/1 429", "GET /api/v2/persons/1 200"]);
    expect(time.sleeps).toEqual([2000]);
    expect(calls.map((c) => [c.status, c.attempt, c.tokenCost])).toEqual([[429, 1, 0], [200, 2, 1]]);
  });

  it("retries a POST refused by the burst limit exactly once more: the log shows one 429 and one created record", async () => {
    const { sandbox, client, statuses } = await setup({ plan: "lite", burst: 1 });
    expect(await rawGet(sandbox, "/api/v2/deals/1")).toBe(200);
    const created = await client.create("persons", { name: "Paced Person" });
    expect(statuses()).toEqual(["GET /api/v2/deals/1 200", "POST /api/v2/persons 429", "POST /api/v2/persons 200"]);
    expect(await client.get("persons", created.id)).toMatchObject({ name: "Paced Person" });
  });
});

describe("daily budget", () => {
  it("stops with BUDGET_EXHAUSTED and makes no further upstream calls", async () => {
    const { sandbox, client, statuses } = await setup({ plan: "lite", seats: 1, burst: 1_000_000 });
    // Spend the lite plan's 30,000 tokens with 3,000 list calls (10 each) from "another integration".
    for (let batch = 0; batch < 60; batch++) {
      const results = await Promise.all(Array.from({ length: 50 }, () => rawGet(sandbox, "/api/v2/persons?limit=1")));
      expect(results.every((s) => s === 200)).toBe(true);
    }
    sandbox.log.clear();
    const error = await caught(client.list("persons"));
    expect(error.code).toBe("BUDGET_EXHAUSTED");
    expect(error.message).toContain("daily");
    expect(error.message).toContain("30000 tokens");
    await caught(client.users());
    await caught(client.create("persons", { name: "Never sent" }));
    expect(statuses()).toEqual(["GET /api/v2/persons 429"]);
    expect(client.rateStatus()).toMatchObject({ dailyTokenLimit: 30_000, dailyTokenRemaining: 0 });
  });
});

describe("faults", () => {
  it("retries a GET answered 503 twice, then succeeds", async () => {
    const { sandbox, client, statuses, time } = await setup();
    sandbox.faults.inject({ method: "GET", path: "/api/v2/persons/*", count: 2, status: 503 });
    expect(await client.get("persons", 3)).toMatchObject({ id: 3 });
    expect(statuses()).toEqual(["GET /api/v2/persons/3 503", "GET /api/v2/persons/3 503", "GET /api/v2/persons/3 200"]);
    expect(time.sleeps).toEqual([100, 200]); // equal jitter at random 0: half of 200, then half of 400
  });

  it("never repeats a POST answered 503: exactly one POST in the log", async () => {
    const { sandbox, client, statuses } = await setup();
    sandbox.faults.inject({ method: "POST", path: "/api/v2/persons", status: 503 });
    const error = await caught(client.create("persons", { name: "Only Once" }));
    expect(error).toMatchObject({ code: "UPSTREAM_ERROR", status: 503, retryable: false });
    expect(statuses()).toEqual(["POST /api/v2/persons 503"]);
  });

  it("retries a GET whose connection was dropped", async () => {
    const { sandbox, client, statuses, calls } = await setup();
    sandbox.faults.inject({ method: "GET", path: "/api/v2/deals/*", drop: true });
    expect(await client.get("deals", 2)).toMatchObject({ id: 2 });
    expect(calls.map((c) => c.error ?? c.status)).toEqual(["NETWORK", 200]);
    expect(statuses().at(-1)).toBe("GET /api/v2/deals/2 200");
  });

  it("never repeats a POST whose connection was dropped", async () => {
    const { sandbox, client, statuses } = await setup();
    sandbox.faults.inject({ method: "POST", path: "/api/v2/organizations", drop: true });
    const error = await caught(client.create("organizations", { name: "Dropped Org" }));
    expect(error).toMatchObject({ code: "NETWORK", retryable: false });
    expect(statuses().filter((s) => s.startsWith("POST"))).toHaveLength(1);
  });

  it("times out a slow GET and retries it", async () => {
    const { sandbox, client, calls } = await setup({}, { timeoutMs: 150 });
    sandbox.faults.inject({ method: "GET", path: "/api/v2/organizations/*", delayMs: 2_000 });
    expect(await client.get("organizations", 4)).toMatchObject({ id: 4 });
    expect(calls.map((c) => c.error ?? c.status)).toEqual(["TIMEOUT", 200]);
  });

  it("does not repeat a POST that timed out", async () => {
    const { sandbox, client, calls } = await setup({}, { timeoutMs: 150 });
    sandbox.faults.inject({ method: "POST", path: "/api/v2/deals", delayMs: 2_000 });
    const error = await caught(client.create("deals", { title: "Slow deal" }));
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: false });
    expect(calls).toHaveLength(1);
  });
});
