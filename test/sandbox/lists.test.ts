import { describe, expect, it } from "vitest";
import { DEMO_COUNTS } from "../../src/sandbox/demoAccount.ts";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";
import { client, listAll, type SandboxClient, useSandbox } from "./sandboxClient.ts";

let sandbox: Sandbox;
let api: SandboxClient;
// These tests fire requests faster than Pipedrive's 120 per 2 s; rateLimits.test.ts covers the limits.
useSandbox({ burst: 10_000 }, (started) => ({ sandbox, api } = started));

describe("v2 list endpoints", () => {
  it("answer the v2 list envelope with a next_cursor", async () => {
    const reply = await api.get("/api/v2/persons?limit=3");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Object.keys(reply.body)).toEqual(["success", "data", "additional_data"]);
    expect(reply.body.success).toBe(true);
    expect(reply.body.data.map((p: any) => p.id)).toEqual([1, 2, 3]);
    expect(reply.body.additional_data.next_cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ["persons", DEMO_COUNTS.person],
    ["organizations", DEMO_COUNTS.organization],
    ["deals", DEMO_COUNTS.deal],
    ["activities", DEMO_COUNTS.activity],
  ])("page through every %s to a null cursor", async (path, count) => {
    const { items, pages } = await listAll(api, `/api/v2/${path}?limit=150`);
    expect(items.length).toBe(count);
    expect(new Set(items.map((i) => i.id)).size).toBe(count);
    expect(pages).toBe(Math.ceil(count / 150));
  });

  it("default to 100 items a page and reject limit above 500", async () => {
    expect((await api.get("/api/v2/activities")).body.data).toHaveLength(100);
    expect((await api.get("/api/v2/activities?limit=500")).body.data).toHaveLength(500);
    const tooMany = await api.get("/api/v2/activities?limit=501");
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({ success: false, error: "Query parameter limit must be between 1 and 500, got 501", error_info: expect.any(String), data: null, additional_data: null });
  });

  it("batch by ids: missing ids are simply absent, more than 100 is a 400", async () => {
    const reply = await api.get("/api/v2/persons?ids=5,3,99999,1");
    expect(reply.body.data.map((p: any) => p.id)).toEqual([1, 3, 5]);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1).join(",");
    expect((await api.get(`/api/v2/persons?ids=${hundred}`)).body.data).toHaveLength(100);
    const over = await api.get(`/api/v2/persons?ids=${hundred},101`);
    expect(over.status).toBe(400);
    expect(over.body.error).toContain("at most 100 ids, got 101");
    expect((await api.get("/api/v2/persons?ids=1,x")).status).toBe(400);
  });

  it("filter persons by owner_id, org_id and deal_id", async () => {
    const owned = await listAll(api, "/api/v2/persons?owner_id=1002&limit=500");
    expect(owned.items.length).toBeGreaterThan(50);
    expect(owned.items.every((p) => p.owner_id === 1002)).toBe(true);
    const first = owned.items.find((p) => p.org_id !== null);
    const inOrg = await api.get(`/api/v2/persons?org_id=${first.org_id}`);
    expect(inOrg.body.data.length).toBeGreaterThan(0);
    expect(inOrg.body.data.every((p: any) => p.org_id === first.org_id)).toBe(true);
    const deal = (await api.get("/api/v2/deals?limit=50")).body.data.find((d: any) => d.person_id !== null);
    const byDeal = await api.get(`/api/v2/persons?deal_id=${deal.id}`);
    expect(byDeal.body.data.map((p: any) => p.id)).toEqual([deal.person_id]);
  });

  it("filter deals by status CSV, person_id and org_id; deleted deals only when asked", async () => {
    const won = await listAll(api, "/api/v2/deals?status=won,lost&limit=500");
    expect(won.items.length).toBeGreaterThan(0);
    expect(won.items.every((d) => d.status === "won" || d.status === "lost")).toBe(true);
    const all = await listAll(api, "/api/v2/deals?limit=500");
    expect(new Set(all.items.map((d) => d.status))).toEqual(new Set(["open", "won", "lost"]));
    expect(all.items.some((d) => d.expected_close_date === null)).toBe(true);
    expect(all.items.filter((d) => d.expected_close_date !== null).length).toBeGreaterThan(all.items.length / 2);
    const sample = all.items.find((d) => d.person_id !== null && d.org_id !== null);
    expect((await api.get(`/api/v2/deals?person_id=${sample.person_id}`)).body.data.every((d: any) => d.person_id === sample.person_id)).toBe(true);
    expect((await api.get(`/api/v2/deals?org_id=${sample.org_id}`)).body.data.every((d: any) => d.org_id === sample.org_id)).toBe(true);
    expect((await api.get("/api/v2/deals?status=gone")).status).toBe(400);
  });

  it("filter activities by done, person_id (primary participant), deal_id and org_id", async () => {
    const done = await listAll(api, "/api/v2/activities?done=true&limit=500");
    const open = await listAll(api, "/api/v2/activities?done=false&limit=500");
    expect(done.items.length + open.items.length).toBe(DEMO_COUNTS.activity);
    expect(done.items.every((a) => a.done === true && typeof a.marked_as_done_time === "string")).toBe(true);
    expect(open.items.every((a) => a.done === false && a.marked_as_done_time === null)).toBe(true);
    const withTwo = done.items.concat(open.items).find((a) => a.participants.length === 2);
    const secondary = withTwo.participants.find((p: any) => !p.primary).person_id;
    const byPerson = await listAll(api, `/api/v2/activities?person_id=${secondary}&limit=500`);
    expect(byPerson.items.every((a) => a.person_id === secondary)).toBe(true);
    expect(byPerson.items.some((a) => a.id === withTwo.id)).toBe(false);
    const withDeal = done.items.find((a) => a.deal_id !== null);
    expect((await api.get(`/api/v2/activities?deal_id=${withDeal.deal_id}`)).body.data.every((a: any) => a.deal_id === withDeal.deal_id)).toBe(true);
    expect((await api.get("/api/v2/activities?done=yes")).status).toBe(400);
  });

  it("filter by updated_since / updated_until (RFC 3339, until exclusive)", async () => {
    const since = "2025-06-01T00:00:00Z";
    const until = "2025-09-01T00:00:00Z";
    const { items } = await listAll(api, `/api/v2/organizations?updated_since=${since}&updated_until=${until}&limit=500`);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((o) => o.update_time >= since && o.update_time < until)).toBe(true);
    expect((await api.get("/api/v2/organizations?updated_since=yesterday")).status).toBe(400);
  });

  it("sort by update_time and due_date in both directions, paging stays consistent", async () => {
    const desc = await listAll(api, "/api/v2/persons?sort_by=update_time&sort_direction=desc&limit=77");
    const times = desc.items.map((p) => p.update_time);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(desc.items.map((p) => p.id)).size).toBe(DEMO_COUNTS.person);
    const due = await listAll(api, "/api/v2/activities?sort_by=due_date&limit=300");
    const dates = due.items.map((a) => a.due_date);
    expect(dates).toEqual([...dates].sort());
    expect((await api.get("/api/v2/persons?sort_by=due_date")).status).toBe(400);
    expect((await api.get("/api/v2/persons?sort_direction=up")).status).toBe(400);
  });

  it("never list deleted records, but keep a page boundary when records are added meanwhile", async () => {
    const first = await api.get("/api/v2/organizations?limit=10");
    const created = await api.post("/api/v2/organizations", { name: "Inserted Meanwhile" });
    const second = await api.get(`/api/v2/organizations?limit=10&cursor=${first.body.additional_data.next_cursor}`);
    expect(second.body.data.map((o: any) => o.id)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    await api.delete(`/api/v2/organizations/${created.body.data.id}`);
    const after = await listAll(api, "/api/v2/organizations?limit=500");
    expect(after.items.some((o) => o.id === created.body.data.id)).toBe(false);
    expect((await api.get("/api/v2/organizations?cursor=not-a-cursor")).status).toBe(400);
  });

  it("render enum and set values with labels on include_option_labels=true, and limit custom_fields", async () => {
    const plain = (await api.get("/api/v2/persons/1")).body.data;
    const labelled = (await api.get("/api/v2/persons/1?include_option_labels=true")).body.data;
    const fields = (await api.get("/api/v2/personFields?limit=500")).body.data;
    const leadSource = fields.find((f: any) => f.field_name === "Lead Source");
    const interests = fields.find((f: any) => f.field_name === "Interests");
    const enumId = plain.custom_fields[leadSource.field_code];
    expect(labelled.custom_fields[leadSource.field_code]).toEqual({ id: enumId, label: leadSource.options.find((o: any) => o.id === enumId).label });
    const setIds = plain.custom_fields[interests.field_code];
    expect(labelled.custom_fields[interests.field_code]).toEqual(setIds.map((id: number) => ({ id, label: interests.options.find((o: any) => o.id === id).label })));
    const only = (await api.get(`/api/v2/persons?ids=1&custom_fields=${leadSource.field_code}`)).body.data[0];
    expect(Object.keys(only.custom_fields)).toEqual([leadSource.field_code]);
  });
});

describe("errors", () => {
  it("answer 401 with Pipedrive's gateway body for a missing or wrong token", async () => {
    for (const reply of [await client(sandbox, null).get("/api/v2/persons"), await client(sandbox, "nope").get("/api/v1/users")]) {
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ success: false, error: "unauthorized access", errorCode: 401, error_info: "Please check developers.pipedrive.com" });
    }
  });

  it("answer 404 for a missing record and an unknown path, 405 for a wrong method", async () => {
    const missing = await api.get("/api/v2/deals/99999");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ success: false, error: "Entity was not found", error_info: "Deal 99999 does not exist or is not accessible.", data: null, additional_data: null });
    expect((await api.get("/api/v2/widgets")).status).toBe(404);
    const wrong = await api.call("PUT", "/api/v2/persons/1");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toContain("PATCH");
    expect((await api.get("/api/v2/persons/abc")).status).toBe(400);
  });
});

describe("rate-limit headers", () => {
  it("come on every authenticated response, success or error", async () => {
    for (const reply of [await api.get("/api/v2/persons/1"), await api.get("/api/v2/persons/99999"), await api.get("/api/v2/nowhere"), await api.call("PUT", "/api/v2/deals/1"), await api.get("/api/v1/users")]) {
      expect(reply.headers.get("x-ratelimit-limit")).toBe("10000");
      expect(Number(reply.headers.get("x-ratelimit-remaining"))).toBeLessThan(10_000);
      expect(reply.headers.get("x-daily-ratelimit-token-remaining")).toMatch(/^\d+$/);
    }
  });
});
