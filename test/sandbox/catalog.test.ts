import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { fieldCode } from "../../src/sandbox/fieldCode.ts";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";
import { listAll, type SandboxClient, useSandbox } from "./sandboxClient.ts";

let sandbox: Sandbox;
let api: SandboxClient;
useSandbox({ burst: 10_000 }, (started) => ({ sandbox, api } = started));
beforeEach(() => sandbox.reset());

describe("v2 Fields API", () => {
  it.each(["personFields", "organizationFields", "dealFields", "activityFields"])("paginates /%s with limit=5 to the end", async (path) => {
    const paged = await listAll(api, `/api/v2/${path}?limit=5`);
    const whole = (await api.get(`/api/v2/${path}?limit=500`)).body;
    expect(whole.additional_data.next_cursor).toBeNull();
    expect(paged.items).toEqual(whole.data);
    expect(paged.pages).toBe(Math.ceil(whole.data.length / 5));
    expect(whole.data.some((f: any) => !f.is_custom_field)).toBe(true);
  });

  it("lists the contract's custom fields with sha1 keys and option ids", async () => {
    const fields = (await api.get("/api/v2/personFields?limit=500")).body.data.filter((f: any) => f.is_custom_field);
    expect(fields.map((f: any) => [f.field_name, f.field_type])).toEqual([
      ["Lead Source", "enum"], ["Interests", "set"], ["LinkedIn Profile", "varchar"], ["Customer Since", "date"],
      ["Lifetime Value", "monetary"], ["Account Manager", "user"], ["Mobile Region", "phone"], ["Background", "text"],
    ]);
    const leadSource = fields[0];
    expect(leadSource.field_code).toBe(createHash("sha1").update("person:Lead Source").digest("hex"));
    expect(leadSource.options.map((o: any) => o.id)).toEqual([111, 112, 113, 114, 115]);
    expect(fields[1].options).toEqual([{ id: 121, label: "Analytics" }, { id: 122, label: "Automation" }, { id: 123, label: "Integrations" }, { id: 124, label: "Security" }]);
    const deals = (await api.get("/api/v2/dealFields?limit=500")).body.data;
    expect(deals.find((f: any) => f.field_name === "Competitors").options.map((o: any) => o.id)).toEqual([321, 322, 323]);
    const orgs = (await api.get("/api/v2/organizationFields?limit=500")).body.data;
    expect(orgs.find((f: any) => f.field_name === "Regions").options.map((o: any) => o.label)).toEqual(["EMEA", "NA", "APAC", "LATAM"]);
  });

  it("reflects fields renamed, removed and added in-process", async () => {
    const code = fieldCode("person", "Lead Source");
    sandbox.fields.rename("person", "Lead Source", "Lead Origin");
    let fields = (await api.get("/api/v2/personFields?limit=500")).body.data;
    expect(fields.find((f: any) => f.field_code === code).field_name).toBe("Lead Origin");
    sandbox.fields.remove("person", "Background");
    sandbox.fields.add("person", { field_name: "Tier", field_type: "enum", options: ["Gold", "Silver"] });
    fields = (await api.get("/api/v2/personFields?limit=500")).body.data;
    expect(fields.some((f: any) => f.field_name === "Background")).toBe(false);
    expect(fields.find((f: any) => f.field_name === "Tier")).toMatchObject({ field_code: fieldCode("person", "Tier"), options: [{ id: 131, label: "Gold" }, { id: 132, label: "Silver" }] });
    const person = (await api.get("/api/v2/persons/1")).body.data;
    expect(person.custom_fields).not.toHaveProperty(fieldCode("person", "Background"));
    expect(person.custom_fields[fieldCode("person", "Tier")]).toBeNull();
    expect(() => sandbox.fields.remove("person", "Nope")).toThrow('No person custom field labelled "Nope"');
    expect(() => sandbox.fields.add("person", { field_name: "Score", field_type: "rating" })).toThrow('field_type must be one of varchar');
    expect(() => sandbox.fields.add("person", { field_name: "Tier", field_type: "varchar" })).toThrow('A person field labelled "Tier" already exists');
    expect(() => sandbox.fields.add("deal", { field_name: "Kind", field_type: "enum" })).toThrow("options (a non-empty list of labels) are required");
  });

  it("changes fields over the control plane too, and reset restores the seed", async () => {
    const renamed = await fetch(`${sandbox.url}/__sandbox/fields`, { method: "POST", body: JSON.stringify({ op: "rename", entity: "deal", label: "Deal Source", newLabel: "Origin" }) });
    expect(renamed.status).toBe(200);
    expect((await api.get("/api/v2/dealFields?limit=500")).body.data.some((f: any) => f.field_name === "Origin")).toBe(true);
    const bad = await fetch(`${sandbox.url}/__sandbox/fields`, { method: "POST", body: JSON.stringify({ op: "rename", entity: "deal", label: "Missing", newLabel: "X" }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain('No deal custom field labelled "Missing"');
    await fetch(`${sandbox.url}/__sandbox/reset`, { method: "POST" });
    expect((await api.get("/api/v2/dealFields?limit=500")).body.data.some((f: any) => f.field_name === "Deal Source")).toBe(true);
  });
});

describe("v1 users and activity types", () => {
  it("lists every user in a v1 envelope and gets one, me and a missing one", async () => {
    const users = await api.get("/api/v1/users");
    expect(users.body.success).toBe(true);
    expect(users.body.data.map((u: any) => [u.id, u.name, u.active_flag])).toEqual([
      [1001, "Ada Lovelace", true], [1002, "Grace Hopper", true], [1003, "Alan Turing", true], [1004, "Katherine Johnson", true], [1005, "Edsger Dijkstra", false],
    ]);
    expect(users.body.data.filter((u: any) => u.is_you).map((u: any) => u.id)).toEqual([1001]);
    expect((await api.get("/api/v1/users/1003")).body.data.name).toBe("Alan Turing");
    const me = await api.get("/api/v1/users/me");
    expect(me.body.data).toMatchObject({ id: 1001, is_you: true, company_domain: expect.any(String) });
    const missing = await api.get("/api/v1/users/7");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe("User not found or not accessible.");
  });

  it("lists activity types with key_string and active_flag", async () => {
    const types = await api.get("/api/v1/activityTypes");
    expect(types.body.data.map((t: any) => [t.key_string, t.name, t.active_flag])).toEqual([
      ["call", "Call", true], ["meeting", "Meeting", true], ["task", "Task", true], ["deadline", "Deadline", true],
      ["email", "Email", true], ["lunch", "Lunch", true], ["demo", "Demo", true], ["webinar", "Webinar", false],
    ]);
  });
});
