import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { fieldCode } from "../../src/sandbox/fieldCode.ts";
import { renderOptions, renderRecord } from "../../src/sandbox/renderRecord.ts";
import type { RouteResponse } from "../../src/sandbox/Router.ts";
import { sandboxRoutes } from "../../src/sandbox/sandboxRoutes.ts";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";
import { Store } from "../../src/sandbox/Store.ts";
import type { EntityName } from "../../src/sandbox/types.ts";
import { type SandboxClient, useSandbox } from "./sandboxClient.ts";

describe("cached renderings (in-process)", () => {
  const store = new Store(() => Date.UTC(2026, 10, 6));
  const router = sandboxRoutes(store);
  const call = (path: string, query: Record<string, string>): RouteResponse => {
    const match = router.match("GET", path);
    if (match.kind !== "found") throw new Error(`no route ${path}`);
    return match.route.handle({ params: match.params, query, body: undefined });
  };
  const entities: [EntityName, string][] = [["person", "persons"], ["organization", "organizations"], ["deal", "deals"], ["activity", "activities"]];

  it("send exactly JSON.stringify(body), and the body equals a fresh rendering of each stored record", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...entities),
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom("asc", "desc"),
        fc.boolean(),
        fc.option(fc.subarray([0, 1, 2, 3, 4, 5]), { nil: undefined }),
        fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 900 }), { minLength: 1, maxLength: 100 }), { nil: undefined }),
        ([entity, path], limit, direction, labels, fieldPicks, ids) => {
          const codes = store.customFields(entity).map((f) => f.field_code);
          const query: Record<string, string> = { limit: String(limit), sort_direction: direction, include_option_labels: String(labels) };
          if (fieldPicks) query.custom_fields = fieldPicks.flatMap((i) => codes[i] ?? []).join(",");
          if (ids) query.ids = ids.join(",");
          // Twice: the first call fills the cache, the second is served from it.
          for (let round = 0; round < 2; round++) {
            const reply = call(`/api/v2/${path}`, query);
            expect(reply.json?.toString("utf8")).toBe(JSON.stringify(reply.body));
            const data = (reply.body as { data: { id: number }[] }).data;
            const fresh = data.map((r) => renderRecord(store, entity, store.records[entity].get(r.id)!, renderOptions(query)));
            expect(data).toEqual(fresh);
            const one = data[0];
            if (one) {
              const item = call(`/api/v2/${path}/${one.id}`, query);
              expect(item.json?.toString("utf8")).toBe(JSON.stringify(item.body));
              expect((item.body as { data: unknown }).data).toEqual(fresh[0]);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("page id-sorted lists exactly as filtering and sorting every record would", () => {
    for (const [path, id] of [["persons", 2], ["persons", 599], ["deals", 7], ["activities", 1]] as const) {
      const match = router.match("DELETE", `/api/v2/${path}/${id}`);
      if (match.kind !== "found") throw new Error(`no DELETE route for ${path}`);
      match.route.handle({ params: match.params, query: {}, body: undefined });
    }
    fc.assert(
      fc.property(
        fc.constantFrom(...entities),
        fc.constantFrom("asc", "desc"),
        fc.integer({ min: 1, max: 250 }),
        fc.option(fc.constantFrom(1001, 1002, 1003, 1004), { nil: undefined }),
        ([entity, path], direction, limit, owner) => {
          const expected = [...store.records[entity].values()]
            .filter((r) => !r.is_deleted && r.is_archived !== true && (owner === undefined || r.owner_id === owner))
            .map((r) => r.id)
            .sort((a, b) => (direction === "asc" ? a - b : b - a));
          const query: Record<string, string> = { limit: String(limit), sort_direction: direction, ...(owner !== undefined && { owner_id: String(owner) }) };
          const pages: number[][] = [];
          let cursor: string | null = null;
          do {
            const body = call(`/api/v2/${path}`, cursor ? { ...query, cursor } : query).body as { data: { id: number }[]; additional_data: { next_cursor: string | null } };
            pages.push(body.data.map((r) => r.id));
            cursor = body.additional_data.next_cursor;
          } while (cursor);
          const wanted = expected.length === 0 ? [[]] : Array.from({ length: Math.ceil(expected.length / limit) }, (_, i) => expected.slice(i * limit, (i + 1) * limit));
          expect(pages).toEqual(wanted);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("keep deals' non-ASCII titles intact in the sent bytes", () => {
    const reply = call("/api/v2/deals", { limit: "5" });
    expect(JSON.parse(reply.json!.toString("utf8")).data[0].title).toContain("—");
  });
});

describe("cached renderings never go stale (over HTTP)", () => {
  let sandbox: Sandbox;
  let api: SandboxClient;
  useSandbox({ burst: 10_000 }, (started) => ({ sandbox, api } = started));
  beforeEach(() => sandbox.reset());

  const listed = async (path: string, id: number): Promise<any> => {
    const reply = await api.get(path);
    expect(reply.status).toBe(200);
    return reply.body.data.find((r: any) => r.id === id);
  };

  it("show a PATCH in lists, ids batches and GET /{id} that were served before it", async () => {
    const before = await listed("/api/v2/persons?limit=10", 5);
    await listed("/api/v2/persons?ids=5,6", 5);
    await api.get("/api/v2/persons/5");
    expect((await api.patch("/api/v2/persons/5", { name: "Renamed Person" })).status).toBe(200);
    expect((await listed("/api/v2/persons?limit=10", 5)).name).toBe("Renamed Person");
    expect((await listed("/api/v2/persons?ids=5,6", 5)).name).toBe("Renamed Person");
    expect((await api.get("/api/v2/persons/5")).body.data.name).toBe("Renamed Person");
    sandbox.reset();
    expect((await listed("/api/v2/persons?limit=10", 5)).name).toBe(before.name);
  });

  it("show a changed option value with and without labels", async () => {
    const source = fieldCode("person", "Lead Source");
    await listed("/api/v2/persons?limit=10&include_option_labels=true", 3);
    await listed("/api/v2/persons?limit=10", 3);
    expect((await api.patch("/api/v2/persons/3", { custom_fields: { [source]: 113 } })).status).toBe(200);
    expect((await listed("/api/v2/persons?limit=10", 3)).custom_fields[source]).toBe(113);
    expect((await listed("/api/v2/persons?limit=10&include_option_labels=true", 3)).custom_fields[source]).toEqual({ id: 113, label: expect.any(String) });
  });

  it("show a DELETE: GET /{id} answers is_deleted, lists leave the record out", async () => {
    const before = (await api.get("/api/v2/deals/7")).body.data;
    expect(await listed("/api/v2/deals?limit=20", 7)).toBeDefined();
    expect((await api.delete("/api/v2/deals/7")).status).toBe(200);
    const after = (await api.get("/api/v2/deals/7")).body.data;
    expect(after).toEqual({ ...before, is_deleted: true, update_time: after.update_time });
    expect(await listed("/api/v2/deals?limit=20", 7)).toBeUndefined();
    expect(await listed("/api/v2/deals?limit=20&status=deleted", 7)).toMatchObject({ id: 7, is_deleted: true });
  });

  it("show added and removed custom fields on records rendered before the change", async () => {
    const background = fieldCode("person", "Background");
    const tier = fieldCode("person", "Tier");
    const first = await listed("/api/v2/persons?limit=5", 1);
    expect(Object.keys(first.custom_fields)).toContain(background);
    sandbox.fields.add("person", { field_name: "Tier", field_type: "enum", options: ["Gold", "Silver"] });
    sandbox.fields.remove("person", "Background");
    const second = await listed("/api/v2/persons?limit=5", 1);
    expect(second.custom_fields[tier]).toBeNull();
    expect(Object.keys(second.custom_fields)).not.toContain(background);
    expect(Object.keys((await api.get("/api/v2/persons/1")).body.data.custom_fields)).toEqual(Object.keys(second.custom_fields));
    // Other entities' renderings are untouched by a person field change.
    const org = await listed("/api/v2/organizations?limit=5", 1);
    expect(Object.keys(org.custom_fields).length).toBeGreaterThan(0);
  });
});
