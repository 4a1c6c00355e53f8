import { beforeEach, describe, expect, it } from "vitest";
import { fieldCode } from "../../src/sandbox/fieldCode.ts";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";
import { type SandboxClient, useSandbox } from "./sandboxClient.ts";

let sandbox: Sandbox;
let api: SandboxClient;
const START = Date.UTC(2026, 10, 1, 12, 0, 0);
let now = START;
useSandbox({ clock: () => now, burst: 10_000 }, (started) => ({ sandbox, api } = started));
beforeEach(() => {
  now = START;
  sandbox.reset();
});

const person = (label: string) => fieldCode("person", label);
const org = (label: string) => fieldCode("organization", label);
const deal = (label: string) => fieldCode("deal", label);

describe("persons", () => {
  it("create, get and update round-trip, keeping name and first/last name consistent", async () => {
    const created = await api.post("/api/v2/persons", { first_name: "Jane", last_name: "Doe", owner_id: 1002, org_id: 3 });
    expect(created.status).toBe(200);
    const id = created.body.data.id;
    expect(id).toBe(601);
    expect(created.body.data).toMatchObject({ name: "Jane Doe", first_name: "Jane", last_name: "Doe", owner_id: 1002, org_id: 3, is_deleted: false, add_time: "2026-11-01T12:00:00Z", update_time: "2026-11-01T12:00:00Z" });
    now += 60_000;
    const renamed = await api.patch(`/api/v2/persons/${id}`, { name: "Janet van Dyke" });
    expect(renamed.body.data).toMatchObject({ name: "Janet van Dyke", first_name: "Janet", last_name: "van Dyke", owner_id: 1002, update_time: "2026-11-01T12:01:00Z", add_time: "2026-11-01T12:00:00Z" });
    const lastOnly = await api.patch(`/api/v2/persons/${id}`, { last_name: "Smith" });
    expect(lastOnly.body.data).toMatchObject({ name: "Janet Smith", first_name: "Janet", last_name: "Smith" });
    expect((await api.get(`/api/v2/persons/${id}`)).body.data).toEqual(lastOnly.body.data);
  });

  it("normalise emails and phones: first becomes primary, label defaults to work, PATCH replaces the array", async () => {
    const created = await api.post("/api/v2/persons", { name: "Mail Person", emails: [{ value: "a@x.test" }, { value: "b@x.test", label: "home" }] });
    expect(created.body.data.emails).toEqual([{ value: "a@x.test", primary: true, label: "work" }, { value: "b@x.test", primary: false, label: "home" }]);
    const id = created.body.data.id;
    const patched = await api.patch(`/api/v2/persons/${id}`, { emails: [{ value: "c@x.test", primary: true }], phones: [{ value: "+1 555", label: "mobile" }] });
    expect(patched.body.data.emails).toEqual([{ value: "c@x.test", primary: true, label: "work" }]);
    expect(patched.body.data.phones).toEqual([{ value: "+1 555", primary: true, label: "mobile" }]);
    const twoPrimaries = await api.patch(`/api/v2/persons/${id}`, { emails: [{ value: "d@x.test", primary: true }, { value: "e@x.test", primary: true }] });
    expect(twoPrimaries.status).toBe(400);
    expect((await api.get(`/api/v2/persons/${id}`)).body.data.emails[0].value).toBe("c@x.test");
  });

  it("store every custom field type and clear one with null, leaving unspecified fields untouched on PATCH", async () => {
    const values = {
      [person("Lead Source")]: 113,
      [person("Interests")]: [121, 124],
      [person("LinkedIn Profile")]: "https://linkedin.test/in/x",
      [person("Customer Since")]: "2024-02-29",
      [person("Lifetime Value")]: { value: 1250.5, currency: "EUR" },
      [person("Account Manager")]: 1003,
      [person("Mobile Region")]: "+49 30 1234",
      [person("Background")]: "Long text\nover lines",
    };
    const created = await api.post("/api/v2/persons", { name: "Custom Person", custom_fields: values });
    expect(created.body.data.custom_fields).toEqual(values);
    const id = created.body.data.id;
    const patched = await api.patch(`/api/v2/persons/${id}`, { custom_fields: { [person("Interests")]: null, [person("Lifetime Value")]: { value: 3 } } });
    expect(patched.body.data.custom_fields).toEqual({ ...values, [person("Interests")]: null, [person("Lifetime Value")]: { value: 3, currency: "USD" } });
  });

  it("store organization address, org and set fields, and deal time and people fields", async () => {
    const address = { value: "Main Street 1, Tallinn", locality: "Tallinn" };
    const o = await api.post("/api/v2/organizations", { name: "Typed Org", custom_fields: { [org("HQ Address")]: address, [org("Parent Company")]: 2, [org("Regions")]: [222], [org("Headcount")]: 12.5 } });
    expect(o.status).toBe(200);
    expect(o.body.data.custom_fields[org("HQ Address")]).toMatchObject({ value: "Main Street 1, Tallinn", locality: "Tallinn", route: null, country: null });
    expect(o.body.data.custom_fields[org("Parent Company")]).toBe(2);
    const d = await api.post("/api/v2/deals", { title: "Typed Deal", custom_fields: { [deal("Kickoff Time")]: { value: "09:30", timezone_name: "Europe/Tallinn" }, [deal("Champion")]: 4, [deal("Renewal Date")]: "2027-01-31" } });
    expect(d.status).toBe(200);
    expect(d.body.data.custom_fields[deal("Kickoff Time")]).toEqual({ value: "09:30:00", timezone_id: expect.any(Number), timezone_name: "Europe/Tallinn" });
    expect(d.body.data.custom_fields[deal("Champion")]).toBe(4);
  });

  it("soft-delete: DELETE answers {id}, the record is no longer listed, PATCH and DELETE then 404", async () => {
    const removed = await api.delete("/api/v2/persons/7");
    expect(removed.body).toEqual({ success: true, data: { id: 7 } });
    expect((await api.get("/api/v2/persons?ids=6,7,8")).body.data.map((p: any) => p.id)).toEqual([6, 8]);
    expect((await api.get("/api/v2/persons/7")).body.data.is_deleted).toBe(true);
    expect((await api.patch("/api/v2/persons/7", { name: "Back" })).status).toBe(404);
    expect((await api.delete("/api/v2/persons/7")).status).toBe(404);
  });
});

describe("strict v2 validation (400)", () => {
  const cases: [string, string, string, unknown, string][] = [
    ["POST", "/api/v2/persons", "a person without a name", { owner_id: 1001 }, "name is required"],
    ["POST", "/api/v2/organizations", "an organization without a name", { owner_id: 1001 }, "name"],
    ["POST", "/api/v2/deals", "a deal without a title", { value: 10 }, "title"],
    ["POST", "/api/v2/persons", "a numeric field sent as a string", { name: "X", owner_id: "1001" }, "owner_id"],
    ["POST", "/api/v2/deals", "a number as a string", { title: "X", value: "100" }, "value"],
    ["POST", "/api/v2/deals", "a boolean sent as 1", { title: "X", is_archived: 1 }, "is_archived"],
    ["POST", "/api/v2/persons", "an owner that is not a user", { name: "X", owner_id: 4242 }, "owner_id must be the id of an existing user, got 4242"],
    ["POST", "/api/v2/persons", "an organization that does not exist", { name: "X", org_id: 99999 }, "org_id must be the id of an existing organization"],
    ["POST", "/api/v2/persons", "an unknown enum option id", { name: "X", custom_fields: { [person("Lead Source")]: 199 } }, "Lead Source"],
    ["POST", "/api/v2/persons", "an enum option label instead of its id", { name: "X", custom_fields: { [person("Lead Source")]: "Web" } }, "Lead Source"],
    ["POST", "/api/v2/persons", "an empty set", { name: "X", custom_fields: { [person("Interests")]: [] } }, "clear it with null"],
    ["POST", "/api/v2/persons", "a monetary value as a bare number", { name: "X", custom_fields: { [person("Lifetime Value")]: 10 } }, "Lifetime Value"],
    ["POST", "/api/v2/persons", "an impossible date", { name: "X", custom_fields: { [person("Customer Since")]: "2025-02-30" } }, "Customer Since"],
    ["POST", "/api/v2/persons", "a user field with a missing user", { name: "X", custom_fields: { [person("Account Manager")]: 1 } }, "Account Manager"],
    ["POST", "/api/v2/organizations", "an address as a string", { name: "X", custom_fields: { [org("HQ Address")]: "Main St" } }, "HQ Address"],
    ["POST", "/api/v2/deals", "a time without a value", { title: "X", custom_fields: { [deal("Kickoff Time")]: "09:00" } }, "Kickoff Time"],
    ["PATCH", "/api/v2/deals/1", "an unknown status", { status: "pending" }, "status"],
    ["POST", "/api/v2/persons", "a body that is not JSON", "{name:", "not valid JSON"],
  ];
  it.each(cases)("%s %s: %s", async (method, path, _what, body, fragment) => {
    const reply = await api.call(method, path, body);
    expect(reply.status).toBe(400);
    expect(reply.body.success).toBe(false);
    expect(reply.body.data).toBeNull();
    expect(reply.body.error).toContain(fragment);
  });

  it("changes nothing when a PATCH is refused", async () => {
    const before = (await api.get("/api/v2/persons/2")).body.data;
    const refused = await api.patch("/api/v2/persons/2", { name: "Changed", owner_id: 9 });
    expect(refused.status).toBe(400);
    expect((await api.get("/api/v2/persons/2")).body.data).toEqual(before);
  });
});

describe("deals", () => {
  it("stamp won_time and close_time on status won, clear them on reopen", async () => {
    const open = (await api.get("/api/v2/deals?status=open&limit=1")).body.data[0];
    const won = await api.patch(`/api/v2/deals/${open.id}`, { status: "won" });
    expect(won.body.data).toMatchObject({ status: "won", won_time: "2026-11-01T12:00:00Z", close_time: "2026-11-01T12:00:00Z", lost_time: null });
    const reopened = await api.patch(`/api/v2/deals/${open.id}`, { status: "open", expected_close_date: null });
    expect(reopened.body.data).toMatchObject({ status: "open", won_time: null, close_time: null, expected_close_date: null });
  });

  it("leave archived deals out of GET /deals", async () => {
    expect((await api.get("/api/v2/deals?ids=4")).body.data).toHaveLength(1);
    expect((await api.patch("/api/v2/deals/4", { is_archived: true })).body.data.is_archived).toBe(true);
    expect((await api.get("/api/v2/deals?ids=4")).body.data).toEqual([]);
    expect((await api.get("/api/v2/deals/4")).body.data.is_archived).toBe(true);
  });
});
