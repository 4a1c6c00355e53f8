import { beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/startSandbox.ts";
import { client, type SandboxClient, useSandbox } from "./sandboxClient.ts";

let sandbox: Sandbox;
let api: SandboxClient;
let now = 0;
useSandbox({ plan: "lite", seats: 1, clock: () => now }, (started) => ({ sandbox, api } = started));
beforeEach(() => {
  now = Date.UTC(2026, 10, 3, 10, 0, 0);
  sandbox.config({ plan: "lite", seats: 1, burst: null, searchBurst: null });
  sandbox.reset();
});

describe("burst window (rolling 2 s, per token)", () => {
  it("allows the plan's 20 requests, answers 429 with headers past it, and recovers when the window frees", async () => {
    const first = await api.get("/api/v2/persons/1");
    expect(first.headers.get("x-ratelimit-limit")).toBe("20");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("19");
    expect(first.headers.get("x-ratelimit-reset")).toBe("2");
    now += 1_000;
    for (let i = 0; i < 19; i++) expect((await api.get("/api/v2/persons/1")).status).toBe(200);
    const refused = await api.get("/api/v2/persons/1");
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ success: false, error: "Too many requests", data: null, additional_data: null });
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("x-ratelimit-reset")).toBe("1");
    now += 1_000; // the first request leaves the window
    const recovered = await api.get("/api/v2/persons/1");
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get("x-ratelimit-remaining")).toBe("0");
    expect((await api.get("/api/v2/persons/1")).status).toBe(429);
    now += 1_000;
    expect((await api.get("/api/v2/persons/1")).status).toBe(200);
  });

  it("follows the plan: growth allows 40 per window", async () => {
    sandbox.config({ plan: "growth" });
    const reply = await api.get("/api/v1/users/me");
    expect(reply.headers.get("x-ratelimit-limit")).toBe("40");
  });

  it("limits search endpoints to 10 per window on every plan, separately from other calls", async () => {
    sandbox.config({ plan: "ultimate" });
    for (let i = 0; i < 10; i++) expect((await api.get("/api/v2/persons/search?term=smith")).status).toBe(200);
    const refused = await api.get("/api/v2/organizations/search?term=acme");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-ratelimit-limit")).toBe("10");
    expect((await api.get("/api/v2/persons?limit=1")).status).toBe(200);
  });
});

describe("daily token budget (per company)", () => {
  it("reports 30,000 × plan multiplier × seats and spends each endpoint's cost", async () => {
    sandbox.config({ plan: "premium", seats: 3 });
    const list = await api.get("/api/v2/deals?limit=1");
    expect(list.headers.get("x-daily-ratelimit-token-limit")).toBe("450000");
    expect(list.headers.get("x-daily-ratelimit-token-remaining")).toBe("449990");
    const search = await api.get("/api/v2/persons/search?term=smith");
    expect(search.headers.get("x-daily-ratelimit-token-remaining")).toBe("449970");
    const users = await api.get("/api/v1/users");
    expect(users.headers.get("x-daily-ratelimit-token-remaining")).toBe("449950");
  });

  it("answers 429 to every request once spent, until the next UTC day", async () => {
    sandbox.config({ burst: 100_000 });
    // lite × 1 seat = 30,000 tokens = 3,000 list calls of 10 tokens
    for (let i = 0; i < 3_000; i++) {
      const reply = await api.get("/api/v2/organizations?limit=1");
      if (reply.status !== 200) throw new Error(`call ${i} answered ${reply.status}`);
    }
    const spent = await api.get("/api/v2/persons/1");
    expect(spent.status).toBe(429);
    expect(spent.body.error).toBe("Daily API token budget exhausted");
    expect(spent.headers.get("x-daily-ratelimit-token-remaining")).toBe("0");
    expect((await api.get("/api/v1/users/me")).status).toBe(429);
    now = Date.UTC(2026, 10, 4, 0, 0, 1);
    const nextDay = await api.get("/api/v2/persons/1");
    expect(nextDay.status).toBe(200);
    expect(nextDay.headers.get("x-daily-ratelimit-token-remaining")).toBe("29999");
  }, 60_000);

  it("defaults to a budget no test suite reaches: ultimate, 10 seats, 120 per window", async () => {
    const fresh = await startSandbox();
    try {
      const reply = await client(fresh).get("/api/v2/persons/1");
      expect(reply.headers.get("x-daily-ratelimit-token-limit")).toBe("2100000");
      expect(reply.headers.get("x-ratelimit-limit")).toBe("120");
    } finally {
      await fresh.close();
    }
  });
});
