/**
 * The client against the embedded sandbox over HTTP: which upstream calls each method makes, read from the
 * sandbox's request log.
 */
import { createHash } from "node:crypto";
import Keyv from "keyv";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseSnapshot } from "../../dsl/catalog/snapshot.ts";
import { loadCatalogSnapshot } from "../../src/pipedrive/loadCatalogSnapshot.ts";
import { PipedriveClient, PipedriveError } from "../../src/pipedrive/PipedriveClient.ts";
import type { UpstreamCall } from "../../src/pipedrive/PipedriveClient.ts";
import { startSandbox } from "../../src/sandbox/startSandbox.ts";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
  sandbox.log.clear();
});

const logged = () => sandbox.log.entries().map((e) => `${e.method} ${e.path}`);
const client = (extra: Partial<ConstructorParameters<typeof PipedriveClient>[0]> = {}) =>
  new PipedriveClient({ baseUrl: sandbox.url, token: sandbox.token, ...extra });

describe("reading", () => {
  it("listAll pages with limit 500 to the end: exactly ceil(n / 500) calls", async () => {
    const persons = await client().listAll("persons");
    const ids = persons.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const entries = sandbox.log.entries();
    expect(entries).toHaveLength(Math.ceil(persons.length / 500));
    expect(persons.length).toBeGreaterThan(500);
    expect(entries.map((e) => e.query.limit)).toEqual(entries.map(() => "500"));
    expect(entries[0]!.query.cursor).toBeUndefined();
    expect(entries[1]!.query.cursor).toEqual(expect.any(String));
  });

  it("list passes filters through and returns the cursor of the next page", async () => {
    const page = await client().list("activities", { done: true, limit: 3 });
    expect(page.items).toHaveLength(3);
    for (const activity of page.items) expect(activity.done).toBe(true);
    expect(page.nextCursor).toEqual(expect.any(String));
    const next = await client().list("activities", { done: true, limit: 3, cursor: page.nextCursor! });
    expect(next.items[0]!.id).toBeGreaterThan(page.items[2]!.id);
  });

  it("getByIds splits 250 ids into 3 parallel calls of at most 100, and leaves missing ids out", async () => {
    const ids = Array.from({ length: 248 }, (_, i) => i + 1).concat([900_001, 900_002]);
    const found = await client().getByIds("organizations", ids);
    const calls = sandbox.log.entries();
    expect(calls.map((e) => e.path)).toEqual(["/api/v2/organizations", "/api/v2/organizations", "/api/v2/organizations"]);
    const sent = calls.map((e) => e.query.ids!.split(",").map(Number));
    expect(sent.map((chunk) => chunk.length).sort()).toEqual([100, 100, 50]);
    expect(sent.flat().sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(found.has(900_001)).toBe(false);
    expect(found.has(900_002)).toBe(false);
    expect(found.get(17)).toMatchObject({ id: 17 });
    expect(found.size).toBe(248);
  });

  it("getByIds of no ids makes no call", async () => {
    expect((await client().getByIds("deals", [])).size).toBe(0);
    expect(logged()).toEqual([]);
  });

  it("get answers null for a missing id and the record for a present one", async () => {
    expect(await client().get("deals", 999_999)).toBeNull();
    expect(await client().get("deals", 1)).toMatchObject({ id: 1 });
    expect(logged()).toEqual(["GET /api/v2/deals/999999", "GET /api/v2/deals/1"]);
  });

  it("fields follows pagination past 100 fields, with one call per page", async () => {
    for (let i = 1; i <= 100; i++) sandbox.fields.add("person", { field_name: `Extra ${i}`, field_type: "varchar" });
    const fields = await client({ fieldsPageSize: 100 }).fields("person");
    expect(fields.length).toBeGreaterThan(100);
    expect(new Set(fields.map((f) => f.field_code)).size).toBe(fields.length);
    expect(fields.map((f) => f.field_name)).toContain("Extra 100");
    expect(logged()).toEqual(Array.from({ length: Math.ceil(fields.length / 100) }, () => "GET /api/v2/personFields"));
  });

  it("search returns scored items and the next cursor", async () => {
    const page = await client().search("persons", { term: "smith", fields: ["name"], limit: 2 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const hit of page.items) {
      expect(hit.result_score).toEqual(expect.any(Number));
      expect(String(hit.item.name).toLowerCase()).toContain("smith");
    }
    expect(sandbox.log.entries()[0]).toMatchObject({ path: "/api/v2/persons/search", query: { term: "smith", fields: "name", limit: "2" } });
  });

  it("users and activity types come from v1", async () => {
    const c = client();
    const users = await c.users();
    expect(users.map((u) => u.id)).toEqual([1001, 1002, 1003, 1004, 1005]);
    expect(users.find((u) => u.id === 1005)!.active_flag).toBe(false);
    const types = await c.activityTypes();
    expect(types.find((t) => t.key_string === "webinar")).toMatchObject({ name: "Webinar", active_flag: false });
    expect(logged()).toEqual(["GET /api/v1/users", "GET /api/v1/activityTypes"]);
  });
});

describe("writing", () => {
  it("creates and updates through v2 with JSON bodies", async () => {
    const c = client();
    const created = await c.create("organizations", { name: "Bedrock Test Org" });
    expect(created).toMatchObject({ name: "Bedrock Test Org" });
    const updated = await c.update("organizations", created.id, { name: "Renamed Org" });
    expect(updated).toMatchObject({ id: created.id, name: "Renamed Org" });
    expect(sandbox.log.entries().map((e) => [e.method, e.path, e.body])).toEqual([
      ["POST", "/api/v2/organizations", { name: "Bedrock Test Org" }],
      ["PATCH", `/api/v2/organizations/${created.id}`, { name: "Renamed Org" }],
    ]);
  });

  it("reports Pipedrive's validation text on a 400", async () => {
    const error = await client().create("deals", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipedriveError);
    expect(error).toMatchObject({ code: "BAD_REQUEST", status: 400, pipedriveError: expect.any(String) });
  });
});

describe("auth, cost and cache", () => {
  it("a bad token is UNAUTHORIZED, and is not retried", async () => {
    const error = await client({ token: "wrong-token" }).list("persons").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UNAUTHORIZED", status: 401, pipedriveError: "unauthorized access" });
    expect(sandbox.log.entries().map((e) => e.status)).toEqual([401]);
  });

  it("reports per-attempt token costs that match what the sandbox charged", async () => {
    const calls: UpstreamCall[] = [];
    const c = client({ onCall: (call) => calls.push(call) });
    await c.list("persons", { limit: 1 });
    await c.get("persons", 1);
    await c.search("organizations", { term: "acme" });
    await c.fields("deal");
    await c.users();
    await c.activityTypes();
    expect(calls.map((call) => [call.endpoint, call.tokenCost])).toEqual([
      ["GET /api/v2/persons", 10],
      ["GET /api/v2/persons/{id}", 1],
      ["GET /api/v2/organizations/search", 20],
      ["GET /api/v2/dealFields", 10],
      ["GET /api/v1/users", 20],
      ["GET /api/v1/activityTypes", 20],
    ]);
    expect(calls.map((call) => call.tokenCost)).toEqual(sandbox.log.entries().map((e) => e.tokenCost));
    expect(c.rateStatus().tokensSpent).toBe(81);
    expect(c.rateStatus().dailyTokenLimit).toBe(2_100_000);
  });

  it("many concurrent cold users() calls make one upstream call", async () => {
    const c = client();
    const all = await Promise.all(Array.from({ length: 30 }, () => c.users()));
    expect(new Set(all.map((users) => users.length))).toEqual(new Set([5]));
    expect(logged()).toEqual(["GET /api/v1/users"]);
  });

  it("two clients on one Keyv: the second makes no users or fields call", async () => {
    const cache = new Keyv();
    await client({ cache }).users();
    await client({ cache }).fields("activity");
    sandbox.log.clear();
    const second = client({ cache });
    expect((await second.users()).map((u) => u.name)).toContain("Ada Lovelace");
    expect((await second.fields("activity")).length).toBeGreaterThan(0);
    expect(logged()).toEqual([]);
  });
});

describe("loadCatalogSnapshot", () => {
  it("pulls the four field lists and the activity types in the checker's snapshot shape", async () => {
    const snapshot = parseSnapshot(await loadCatalogSnapshot(client()));
    expect(snapshot.pulledFrom).toBe(sandbox.url);
    const leadSource = snapshot.fields.person.find((f) => f.field_name === "Lead Source")!;
    expect(leadSource).toMatchObject({
      field_code: createHash("sha1").update("person:Lead Source").digest("hex"),
      field_type: "enum",
      is_custom_field: true,
    });
    expect(leadSource.options!.map((o) => o.id)).toEqual([111, 112, 113, 114, 115]);
    expect(snapshot.fields.activity.map((f) => f.field_name)).toContain("Outcome Score");
    expect(snapshot.activityTypes).toContainEqual({ key_string: "webinar", name: "Webinar", active_flag: false });
    expect(logged().sort()).toEqual([
      "GET /api/v1/activityTypes",
      "GET /api/v2/activityFields",
      "GET /api/v2/dealFields",
      "GET /api/v2/organizationFields",
      "GET /api/v2/personFields",
    ]);
  });
});
