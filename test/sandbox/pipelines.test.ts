import { beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";
import { listAll, type SandboxClient, useSandbox } from "./sandboxClient.ts";

let sandbox: Sandbox;
let api: SandboxClient;
// A clock that stands still keeps every request of a test in one burst window, however slow the machine.
const now = Date.UTC(2026, 10, 3, 10, 0, 0);
useSandbox({ plan: "lite", seats: 1, clock: () => now }, (started) => ({ sandbox, api } = started));
beforeEach(() => sandbox.reset());

describe("GET /api/v2/pipelines", () => {
  it("lists the demo pipeline, the one every demo deal is in", async () => {
    const reply = await api.get("/api/v2/pipelines");
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      success: true,
      data: [{ id: 1, name: "Sales Pipeline", order_nr: 1, is_deleted: false, is_deal_probability_enabled: true, add_time: expect.any(String), update_time: expect.any(String) }],
      additional_data: { next_cursor: null },
    });
    const deals = (await listAll(api, "/api/v2/deals?limit=500")).items;
    expect(new Set(deals.map((d) => d.pipeline_id))).toEqual(new Set([1]));
    expect((await api.get("/api/v2/pipelines/1")).body).toEqual({ success: true, data: reply.body.data[0] });
  });

  it("answers 404 for a missing pipeline, 400 for a bad id or parameter, 405 for writes", async () => {
    expect((await api.get("/api/v2/pipelines/2")).body).toMatchObject({ success: false, error: "Entity was not found", error_info: "Pipeline 2 does not exist or is not accessible." });
    expect((await api.get("/api/v2/pipelines/x")).status).toBe(400);
    expect((await api.get("/api/v2/pipelines?sort_by=order_nr")).status).toBe(400);
    expect((await api.get("/api/v2/pipelines?limit=501")).status).toBe(400);
    const write = await api.post("/api/v2/pipelines", { name: "New" });
    expect(write.status).toBe(405);
    expect(write.headers.get("allow")).toBe("GET");
    expect((await api.call("DELETE", "/api/v2/stages/1")).status).toBe(405);
  });
});

describe("GET /api/v2/stages", () => {
  it("lists the five stages of pipeline 1, which hold every demo deal, with rising probabilities", async () => {
    const reply = await api.get("/api/v2/stages?pipeline_id=1");
    const stages = reply.body.data;
    expect(stages.map((s: any) => [s.id, s.order_nr, s.pipeline_id])).toEqual([[1, 1, 1], [2, 2, 1], [3, 3, 1], [4, 4, 1], [5, 5, 1]]);
    const probabilities = stages.map((s: any) => s.deal_probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => a - b));
    expect(new Set(stages.map((s: any) => s.name)).size).toBe(5);
    for (const s of stages) expect(s.is_deal_rot_enabled).toBe(s.days_to_rotten !== null);
    const deals = (await listAll(api, "/api/v2/deals?limit=500")).items;
    expect(new Set(deals.map((d) => d.stage_id))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect((await api.get("/api/v2/stages")).body.data).toEqual(stages);
    expect((await api.get("/api/v2/stages?pipeline_id=2")).body).toEqual({ success: true, data: [], additional_data: { next_cursor: null } });
    expect((await api.get("/api/v2/stages/3")).body).toEqual({ success: true, data: stages[2] });
  });

  it("sorts by order_nr either way and pages with a cursor", async () => {
    const desc = await listAll(api, "/api/v2/stages?sort_by=order_nr&sort_direction=desc&limit=2");
    expect(desc.pages).toBe(3);
    expect(desc.items.map((s) => s.order_nr)).toEqual([5, 4, 3, 2, 1]);
    expect((await api.get("/api/v2/stages?cursor=bogus")).status).toBe(400);
    expect((await api.get("/api/v2/stages?pipeline_id=one")).status).toBe(400);
    expect((await api.get("/api/v2/stages/77")).status).toBe(404);
  });
});

describe("pipelines and stages requests", () => {
  it("spend the spec's tokens (list 5, one 1), count against the general burst window and are logged", async () => {
    sandbox.log.clear();
    const list = await api.get("/api/v2/stages");
    const budget = Number(list.headers.get("x-daily-ratelimit-token-limit"));
    expect(Number(list.headers.get("x-daily-ratelimit-token-remaining"))).toBe(budget - 5);
    expect(list.headers.get("x-ratelimit-limit")).toBe("20");
    const one = await api.get("/api/v2/pipelines/1");
    expect(Number(one.headers.get("x-daily-ratelimit-token-remaining"))).toBe(budget - 6);
    await api.get("/api/v2/pipelines/9");
    await api.post("/api/v2/stages", {});
    expect(sandbox.log.entries().map((e) => [e.method, e.path, e.status, e.tokenCost])).toEqual([
      ["GET", "/api/v2/stages", 200, 5],
      ["GET", "/api/v2/pipelines/1", 200, 1],
      ["GET", "/api/v2/pipelines/9", 404, 1],
      ["POST", "/api/v2/stages", 405, 0],
    ]);
    for (let i = 0; i < 16; i++) expect((await api.get("/api/v2/pipelines")).status).toBe(200);
    expect((await api.get("/api/v2/stages")).status).toBe(429);
  });
});

describe("deals in the pipeline", () => {
  it("take only an existing stage, which decides their pipeline", async () => {
    const created = await api.post("/api/v2/deals", { title: "Staged", stage_id: 4 });
    expect(created.body.data).toMatchObject({ pipeline_id: 1, stage_id: 4 });
    const moved = await api.patch(`/api/v2/deals/${created.body.data.id}`, { stage_id: 2, pipeline_id: 1 });
    expect(moved.body.data).toMatchObject({ pipeline_id: 1, stage_id: 2 });
    const missing = await api.post("/api/v2/deals", { title: "Nowhere", stage_id: 6 });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe("stage_id must be the id of an existing stage, got 6");
    expect((await api.patch(`/api/v2/deals/${created.body.data.id}`, { pipeline_id: 2 })).body.error).toBe("pipeline_id must be the id of an existing pipeline, got 2");
    expect((await api.patch(`/api/v2/deals/${created.body.data.id}`, { pipeline_id: 1 })).body.data.stage_id).toBe(2);
    expect((await api.get(`/api/v2/deals/${created.body.data.id}`)).body.data.stage_id).toBe(2);
  });
});
