import { beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";
import { client, type SandboxClient, useSandbox } from "./sandboxClient.ts";

let sandbox: Sandbox;
let api: SandboxClient;
useSandbox({ clock: () => Date.UTC(2026, 10, 5, 9, 0, 0) }, (started) => ({ sandbox, api } = started));
beforeEach(() => {
  sandbox.reset();
  sandbox.faults.clear();
  sandbox.log.clear();
  sandbox.config({ latencyMs: 0 });
});

const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sandbox.url}/__sandbox${path}`, { method, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() };
};

describe("request log", () => {
  it("records method, path, query object, status, token cost, write body and time, in order", async () => {
    await api.get("/api/v2/persons?ids=1,2&limit=2");
    await api.post("/api/v2/organizations", { name: "Logged Org" });
    await api.get("/api/v2/deals/99999");
    await client(sandbox, "wrong").get("/api/v1/users");
    expect(sandbox.log.entries()).toEqual([
      { method: "GET", path: "/api/v2/persons", query: { ids: "1,2", limit: "2" }, status: 200, tokenCost: 10, at: "2026-11-05T09:00:00Z" },
      { method: "POST", path: "/api/v2/organizations", query: {}, status: 200, tokenCost: 5, body: { name: "Logged Org" }, at: "2026-11-05T09:00:00Z" },
      { method: "GET", path: "/api/v2/deals/99999", query: {}, status: 404, tokenCost: 1, at: "2026-11-05T09:00:00Z" },
      { method: "GET", path: "/api/v1/users", query: {}, status: 401, tokenCost: 0, at: "2026-11-05T09:00:00Z" },
    ]);
  });

  it("is readable and clearable over HTTP, and control-plane calls are not logged", async () => {
    await api.get("/api/v1/activityTypes");
    const log = await control("GET", "/log");
    expect(log.body.entries.map((e: any) => `${e.method} ${e.path} ${e.tokenCost}`)).toEqual(["GET /api/v1/activityTypes 20"]);
    expect((await control("DELETE", "/log")).status).toBe(200);
    expect(sandbox.log.entries()).toEqual([]);
  });
});

describe("faults", () => {
  it("answer the next N matching requests with the injected status, then behave again", async () => {
    sandbox.faults.inject({ method: "GET", path: "/api/v2/persons*", count: 2, status: 503 });
    expect((await api.get("/api/v2/deals/1")).status).toBe(200);
    const first = await api.get("/api/v2/persons/1");
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ success: false, data: null, additional_data: null });
    expect((await api.get("/api/v2/persons?limit=1")).status).toBe(503);
    expect((await api.get("/api/v2/persons/1")).status).toBe(200);
    expect(sandbox.log.entries().map((e) => e.status)).toEqual([200, 503, 503, 200]);
  });

  it("drop the connection", async () => {
    sandbox.faults.inject({ path: "/api/v1/users", drop: true });
    await expect(api.get("/api/v1/users")).rejects.toThrow();
    expect((await api.get("/api/v1/users")).status).toBe(200);
    expect(sandbox.log.entries().map((e) => e.status)).toEqual([0, 200]);
  });

  it("respond slowly by the given ms", async () => {
    sandbox.faults.inject({ path: "/api/v2/deals/*", delayMs: 150 });
    const started = performance.now();
    expect((await api.get("/api/v2/deals/2")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("are injected over HTTP, and a bad rule is a 400 that names the problem", async () => {
    expect((await control("POST", "/faults", { method: "patch", path: "/api/v2/deals/*", status: 500 })).status).toBe(200);
    expect((await api.patch("/api/v2/deals/1", { title: "x" })).status).toBe(500);
    const bad = await control("POST", "/faults", { path: "/x", status: 418 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("Invalid fault rule");
    expect(() => sandbox.faults.inject({ path: "/x", status: 500, drop: true })).toThrow("exactly one of status");
    await control("POST", "/faults", { path: "*", status: 502, count: 5 });
    expect((await control("DELETE", "/faults")).status).toBe(200);
    expect((await api.get("/api/v2/deals/1")).status).toBe(200);
  });
});

describe("latency, config and reset", () => {
  it("adds the configured latency to every API request", async () => {
    const settings = await control("POST", "/config", { latencyMs: 120 });
    expect(settings.body).toMatchObject({ latencyMs: 120, plan: "ultimate", seats: 10, dailyTokenBudget: 2_100_000 });
    const started = performance.now();
    await api.get("/api/v2/persons/1");
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it("sets plan and seats over HTTP and rejects unknown settings", async () => {
    const set = await control("POST", "/config", { plan: "growth", seats: 2 });
    expect(set.body).toMatchObject({ plan: "growth", seats: 2, dailyTokenBudget: 120_000 });
    expect((await api.get("/api/v2/persons/1")).headers.get("x-ratelimit-limit")).toBe("40");
    expect((await control("POST", "/config", { plan: "gold" })).status).toBe(400);
    expect((await control("POST", "/config", { latency: 5 })).status).toBe(400);
    expect((await control("GET", "/config")).body.plan).toBe("growth");
    sandbox.config({ plan: "ultimate", seats: 10 });
  });

  it("reset restores the seed: created records vanish, deleted ones return, ids restart", async () => {
    const created = await api.post("/api/v2/persons", { name: "Temporary" });
    await api.delete("/api/v2/persons/3");
    expect((await control("POST", "/reset")).status).toBe(200);
    expect((await api.get(`/api/v2/persons/${created.body.data.id}`)).status).toBe(404);
    expect((await api.get("/api/v2/persons/3")).body.data.is_deleted).toBe(false);
    expect((await api.post("/api/v2/persons", { name: "Again" })).body.data.id).toBe(created.body.data.id);
  });

  it("answers 404 for an unknown control-plane route", async () => {
    expect((await control("GET", "/nothing")).status).toBe(404);
  });
});
