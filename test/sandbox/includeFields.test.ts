import { beforeAll, describe, expect, it } from "vitest";
import { INCLUDE_FIELDS } from "../../src/sandbox/includeFields.ts";
import { sandboxRoutes } from "../../src/sandbox/sandboxRoutes.ts";
import { Store } from "../../src/sandbox/Store.ts";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";
import { specs } from "../support/pipedriveSpecs.ts";
import { listAll, type SandboxClient, useSandbox } from "./sandboxClient.ts";

let sandbox: Sandbox;
let api: SandboxClient;
let deals: any[];
let activities: any[];
let persons: any[];
useSandbox({ burst: 10_000 }, (started) => ({ sandbox, api } = started));
beforeAll(async () => {
  deals = (await listAll(api, "/api/v2/deals?limit=500")).items;
  activities = (await listAll(api, "/api/v2/activities?limit=500")).items;
  persons = (await listAll(api, "/api/v2/persons?limit=500")).items;
});

const PERSON_FIELDS = "next_activity_id,last_activity_id,open_deals_count,closed_deals_count,won_deals_count,lost_deals_count,activities_count,done_activities_count,undone_activities_count,files_count,smart_bcc_email,marketing_status";
const dueKey = (a: any) => `${a.due_date ?? "9999-12-31"} ${a.due_time ?? ""}`;

// The expected values, from what the list endpoints show, computed here independently of the sandbox's index.
function expectedFor(dealsOf: any[], activitiesOf: any[]) {
  const undone = activitiesOf.filter((a) => !a.done).sort((a, b) => dueKey(a).localeCompare(dueKey(b)) || a.id - b.id);
  const done = activitiesOf.filter((a) => a.done).sort((a, b) => dueKey(b).localeCompare(dueKey(a)) || b.id - a.id);
  return {
    next_activity_id: undone[0]?.id ?? null,
    last_activity_id: done[0]?.id ?? null,
    open_deals_count: dealsOf.filter((d) => d.status === "open").length,
    closed_deals_count: dealsOf.filter((d) => d.status !== "open").length,
    won_deals_count: dealsOf.filter((d) => d.status === "won").length,
    lost_deals_count: dealsOf.filter((d) => d.status === "lost").length,
    activities_count: activitiesOf.length,
    done_activities_count: done.length,
    undone_activities_count: undone.length,
  };
}

describe("include_fields on persons", () => {
  it("adds counts of the person's deals and activities (as a participant), on get and on list pages alike", async () => {
    const busy = persons.find((p) => deals.filter((d) => d.person_id === p.id).length >= 2 && activities.some((a) => a.participants.some((x: any) => x.person_id === p.id && !x.primary)))
      ?? persons.find((p) => deals.some((d) => d.person_id === p.id));
    const mine = activities.filter((a) => a.participants.some((x: any) => x.person_id === busy.id));
    const expected = expectedFor(deals.filter((d) => d.person_id === busy.id), mine);
    expect(expected.activities_count).toBeGreaterThan(0);
    const one = await api.get(`/api/v2/persons/${busy.id}?include_fields=${PERSON_FIELDS}`);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ ...expected, files_count: 0, marketing_status: null, smart_bcc_email: expect.stringMatching(/@/) });
    expect(one.body.data.custom_fields).toEqual((await api.get(`/api/v2/persons/${busy.id}`)).body.data.custom_fields);
    const listed = await api.get(`/api/v2/persons?ids=${busy.id},1&include_fields=${PERSON_FIELDS}`);
    expect(listed.body.data.find((p: any) => p.id === busy.id)).toEqual(one.body.data);
    const first = listed.body.data.find((p: any) => p.id === 1);
    expect(first).toMatchObject(expectedFor(deals.filter((d) => d.person_id === 1), activities.filter((a) => a.participants.some((x: any) => x.person_id === 1))));
  });

  it("are absent unless asked for, and follow writes at once (no stale cache)", async () => {
    const plain = (await api.get("/api/v2/persons/5")).body.data;
    expect(plain).not.toHaveProperty("open_deals_count");
    const before = (await api.get("/api/v2/persons/5?include_fields=open_deals_count,activities_count")).body.data;
    expect(Object.keys(before).slice(-2)).toEqual(["open_deals_count", "activities_count"]);
    const deal = await api.post("/api/v2/deals", { title: "Counted", person_id: 5 });
    await api.post("/api/v2/activities", { subject: "Counted call", type: "call", person_id: 5 });
    const after = (await api.get("/api/v2/persons/5?include_fields=open_deals_count,activities_count")).body.data;
    expect(after.open_deals_count).toBe(before.open_deals_count + 1);
    expect(after.activities_count).toBe(before.activities_count + 1);
    await api.delete(`/api/v2/deals/${deal.body.data.id}`);
    expect((await api.get("/api/v2/persons/5?include_fields=open_deals_count")).body.data.open_deals_count).toBe(before.open_deals_count);
  });

  it("answers 400 for a name the endpoint does not offer, naming it", async () => {
    for (const path of ["/api/v2/persons/1?include_fields=people_count", "/api/v2/persons?include_fields=open_deals_count,nope", "/api/v2/deals?include_fields=people_count", "/api/v2/activities/1?include_fields=open_deals_count"]) {
      const reply = await api.get(path);
      expect(reply.status, path).toBe(400);
      expect(reply.body).toMatchObject({ success: false, error: expect.stringContaining("include_fields"), data: null });
    }
    expect((await api.get("/api/v2/persons/1?include_fields=nope")).body.error).toContain('got "nope"');
  });
});

describe("include_fields on organizations, deals and activities", () => {
  it("counts an organization's people, deals and activities", async () => {
    const org = (await api.get("/api/v2/organizations/8")).body.data;
    const people = persons.filter((p) => p.org_id === org.id).length;
    const reply = await api.get(`/api/v2/organizations/${org.id}?include_fields=people_count,open_deals_count,won_deals_count,activities_count,next_activity_id,related_open_deals_count`);
    const expected = expectedFor(deals.filter((d) => d.org_id === org.id), activities.filter((a) => a.org_id === org.id));
    expect(reply.body.data).toMatchObject({
      people_count: people, open_deals_count: expected.open_deals_count, won_deals_count: expected.won_deals_count,
      activities_count: expected.activities_count, next_activity_id: expected.next_activity_id, related_open_deals_count: 0,
    });
    expect(people).toBeGreaterThan(0);
  });

  it("counts a deal's activities, its contact as participant, and its first won time", async () => {
    const won = deals.find((d) => d.status === "won" && activities.some((a) => a.deal_id === d.id));
    const reply = await api.get(`/api/v2/deals/${won.id}?include_fields=activities_count,done_activities_count,last_activity_id,first_won_time,participants_count,products_count,source_lead_id`);
    const expected = expectedFor([], activities.filter((a) => a.deal_id === won.id));
    expect(reply.body.data).toMatchObject({
      activities_count: expected.activities_count, done_activities_count: expected.done_activities_count, last_activity_id: expected.last_activity_id,
      first_won_time: won.won_time, participants_count: won.person_id === null ? 0 : 1, products_count: 0, source_lead_id: null,
    });
    const open = deals.find((d) => d.status === "open");
    expect((await api.get(`/api/v2/deals?ids=${open.id}&include_fields=first_won_time`)).body.data[0].first_won_time).toBeNull();
  });

  it("gives activities an attendees list", async () => {
    const reply = await api.get("/api/v2/activities?limit=3&include_fields=attendees");
    expect(reply.body.data.map((a: any) => a.attendees)).toEqual([[], [], []]);
  });

  it("offers exactly the names openapi-v2.yml lists for each endpoint", () => {
    for (const [path, entity] of [["/persons", "person"], ["/organizations", "organization"], ["/deals", "deal"], ["/activities", "activity"]] as const) {
      for (const operation of [specs().v2.paths[path].get, specs().v2.paths[`${path}/{id}`].get]) {
        const parameter = operation.parameters.find((p: any) => p.name === "include_fields");
        expect(INCLUDE_FIELDS[entity]).toEqual(parameter.schema.enum);
      }
    }
  });
});

describe("requests with include_fields", () => {
  it("send exactly JSON.stringify of the body they describe (cached bytes plus the appended fields)", () => {
    const store = new Store(() => Date.UTC(2026, 10, 6));
    const router = sandboxRoutes(store);
    for (const [path, names] of [["/api/v2/persons", "open_deals_count,smart_bcc_email"], ["/api/v2/organizations/3", "people_count"], ["/api/v2/activities", "attendees"]] as const) {
      const match = router.match("GET", path);
      if (match.kind !== "found") throw new Error(`no route ${path}`);
      const queries: Record<string, string>[] = [{ limit: "5", include_fields: names }, { limit: "5", include_fields: names, include_option_labels: "true" }];
      for (const query of queries) {
        const reply = match.route.handle({ params: match.params, query, body: undefined });
        expect(reply.json?.toString("utf8")).toBe(JSON.stringify(reply.body));
      }
    }
  });


  it("cost what the endpoint costs and are logged with their query", async () => {
    sandbox.log.clear();
    const reply = await api.get("/api/v2/deals?limit=2&include_fields=activities_count");
    expect(reply.headers.get("x-ratelimit-limit")).toBe("10000");
    expect(sandbox.log.entries()).toMatchObject([{ method: "GET", path: "/api/v2/deals", query: { limit: "2", include_fields: "activities_count" }, status: 200, tokenCost: 10 }]);
    await api.get("/api/v2/deals/1?include_fields=nope");
    expect(sandbox.log.entries()[1]).toMatchObject({ status: 400, tokenCost: 1 });
  });
});
