/**
 * Mutations end to end over HTTP, gateway to sandbox: request bodies as Pipedrive receives them, the seed's
 * rules (dedupe, owner ids, close date, Activity contact/type/occurrence), idempotency and write access.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { IR } from "../../dsl/ir.ts";
import { startTestGateway, type TestGateway } from "../support/startTestGateway.ts";
import { customKey, shippedIr } from "./shippedIr.ts";

let gw: TestGateway;
const stored = new Map<string, unknown>();

const bodies = () => gw.sandbox.log.entries().filter((e) => e.method === "POST" || e.method === "PATCH").map((e) => ({ call: `${e.method} ${e.path}`, body: e.body }));
const writes = () => gw.upstream().filter((c) => c.startsWith("POST") || c.startsWith("PATCH"));
const tokens = () => gw.sandbox.log.entries().reduce((sum, e) => sum + e.tokenCost, 0);

async function pd(path: string): Promise<any> {
  const response = await fetch(`${gw.sandbox.url}${path}`, { headers: { "x-api-token": gw.sandbox.token } });
  const body = (await response.json()) as { data: unknown };
  gw.clearUpstream();
  return body.data;
}

beforeAll(async () => {
  gw = await startTestGateway({
    ir: shippedIr,
    // A tiny idempotency store in the shape F's server supplies: the first answer per key is replayed.
    runIdempotent: async (key, mutation, _input, create) => {
      if (key === undefined) return create();
      const slot = `${mutation}:${key}`;
      if (!stored.has(slot)) stored.set(slot, await create());
      return stored.get(slot) as never;
    },
  });
});
afterAll(async () => {
  await gw?.close();
});
beforeEach(async () => {
  stored.clear();
  await gw.reset();
});

const CREATE_CONTACT = `mutation($input: CreateContactInput!, $key: String) {
  createContact(input: $input, idempotencyKey: $key) {
    contact { id firstName lastName email owner { id name } leadSource interests lifetimeValue { amount currency } company { id } }
    matched idempotentReplay
  }
}`;

describe("createContact", () => {
  it("sends the Pipedrive body: primary work email, option ids, money, relations; reads it back converted", async () => {
    const input = { firstName: "Ada", lastName: "Byron", email: "ada@byron.test", owner: "1002", leadSource: "ColdCall", interests: ["Security", "Analytics"], lifetimeValue: { amount: 1200.5, currency: "EUR" }, company: "3" };
    const result = await gw.gql(CREATE_CONTACT, { input });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.createContact;
    expect(payload).toMatchObject({ matched: false, idempotentReplay: false });
    expect(payload.contact).toMatchObject({ firstName: "Ada", lastName: "Byron", email: "ada@byron.test", owner: { id: "1002", name: "Grace Hopper" }, leadSource: "ColdCall", interests: ["Security", "Analytics"], lifetimeValue: { amount: 1200.5, currency: "EUR" }, company: { id: "3" } });
    expect(bodies()).toEqual([
      {
        call: "POST /api/v2/persons",
        body: {
          first_name: "Ada",
          last_name: "Byron",
          name: "Ada Byron",
          emails: [{ value: "ada@byron.test", primary: true, label: "work" }],
          owner_id: 1002,
          org_id: 3,
          custom_fields: {
            [customKey("person", "Lead Source")]: 115,
            [customKey("person", "Interests")]: [124, 121],
            [customKey("person", "Lifetime Value")]: { value: 1200.5, currency: "EUR" },
          },
        },
      },
    ]);
    const person = await pd(`/api/v2/persons/${payload.contact.id}`);
    expect(person.emails).toEqual([{ value: "ada@byron.test", primary: true, label: "work" }]);
  });

  it("dedupes by primary email: an exact search, verified on the record, returns the existing Contact without a POST", async () => {
    const existing = await pd("/api/v2/persons/12");
    const email = existing.emails.find((e: any) => e.primary).value;
    const result = await gw.gql(CREATE_CONTACT, { input: { firstName: "Someone", lastName: "Else", email: email.toUpperCase() } });
    expect(result.data!.createContact).toMatchObject({ matched: true, idempotentReplay: false, contact: { id: "12", email } });
    // then the payload's owner and company selections (users, the organization)
    expect(gw.upstream().slice(0, 2)).toEqual([
      `GET /api/v2/persons/search?exact_match=true&fields=email&limit=10&term=${email.toUpperCase()}`,
      "GET /api/v2/persons/12",
    ]);
    expect(writes()).toEqual([]);
  });

  it("creates once when two requests with the same email race (withLock on the dedupe key)", async () => {
    const input = { firstName: "Race", lastName: "Twin", email: "race@twin.test" };
    const [a, b] = await Promise.all([gw.gql(CREATE_CONTACT, { input }), gw.gql(CREATE_CONTACT, { input })]);
    expect([a.data!.createContact.matched, b.data!.createContact.matched].sort()).toEqual([false, true]);
    expect(a.data!.createContact.contact.id).toBe(b.data!.createContact.contact.id);
    expect(writes()).toEqual(["POST /api/v2/persons"]);
  });

  it("refuses an owner id that is not an existing Pipedrive user, before anything is written", async () => {
    await gw.gql(`{ owners { nodes { id } } }`); // warm the users cache
    gw.clearUpstream();
    const result = await gw.gql(CREATE_CONTACT, { input: { firstName: "A", lastName: "B", email: "a@b.test", owner: "77" } });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "owner" });
    expect(result.errors?.[0]?.message).toContain('"77"');
    expect(gw.upstream()).toEqual([]);
  });

  it("requires the required fields and validates values with the IR-derived schema", async () => {
    const missing = await gw.gql(CREATE_CONTACT, { input: { firstName: "Only" } });
    expect(missing.errors?.[0]?.message).toMatch(/lastName.*required|required.*lastName/i);
    const badEmail = await gw.gql(CREATE_CONTACT, { input: { firstName: "A", lastName: "B", email: "not-an-email" } });
    expect(badEmail.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "email" });
    expect(badEmail.errors?.[0]?.message).toContain('"not-an-email"');
    const badMoney = await gw.gql(CREATE_CONTACT, { input: { firstName: "A", lastName: "B", lifetimeValue: { amount: 1, currency: "euro" } } });
    expect(badMoney.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "lifetimeValue.currency" });
    const badInterest = await gw.gql(CREATE_CONTACT, { input: { firstName: "A", lastName: "B", interests: ["Gardening"] } });
    expect(badInterest.errors?.[0]?.message).toContain('"Gardening"');
    expect(writes()).toEqual([]);
  });

  it("replays the first answer for a repeated idempotency key (argument or Idempotency-Key header) without upstream writes", async () => {
    const input = { firstName: "Idem", lastName: "Potent", email: "idem@potent.test" };
    const first = await gw.gql(CREATE_CONTACT, { input, key: "k-1" });
    const again = await gw.gql(CREATE_CONTACT, { input, key: "k-1" });
    expect(first.data!.createContact.idempotentReplay).toBe(false);
    expect(again.data!.createContact).toMatchObject({ idempotentReplay: true, matched: false, contact: { id: first.data!.createContact.contact.id } });
    const viaHeader = await gw.gql(CREATE_CONTACT, { input: { ...input, email: "hdr@potent.test" } }, { "idempotency-key": "h-1" });
    const viaHeaderAgain = await gw.gql(CREATE_CONTACT, { input: { ...input, email: "hdr@potent.test" } }, { "idempotency-key": "h-1" });
    expect(viaHeaderAgain.data!.createContact).toMatchObject({ idempotentReplay: true, contact: { id: viaHeader.data!.createContact.contact.id } });
    expect(writes()).toEqual(["POST /api/v2/persons", "POST /api/v2/persons"]);
  });
});

describe("updateContact", () => {
  it("replaces the primary email and keeps the other items (PATCH sends the whole array)", async () => {
    const before = await pd("/api/v2/persons/1");
    const others = before.emails.filter((e: any) => !e.primary);
    const result = await gw.gql(`mutation { updateContact(id: "1", input: { email: "new@x.test", lastName: "Smythe" }) { contact { id firstName lastName email } } }`);
    expect(result.data!.updateContact.contact).toEqual({ id: "1", firstName: before.first_name, lastName: "Smythe", email: "new@x.test" });
    expect(gw.upstream()).toEqual(["GET /api/v2/persons/1", "PATCH /api/v2/persons/1"]);
    const primary = before.emails.find((e: any) => e.primary);
    expect(bodies()[0]!.body).toEqual({
      last_name: "Smythe",
      name: `${before.first_name} Smythe`,
      emails: before.emails.map((e: any) => (e === primary ? { ...e, value: "new@x.test" } : e)),
    });
    expect((await pd("/api/v2/persons/1")).emails.filter((e: any) => !e.primary)).toEqual(others);
  });

  it("takes partial changes with one PATCH (no labeled list: nothing to read), clears an optional field with null, and answers NOT_FOUND for an unknown id", async () => {
    const cleared = await gw.gql(`mutation { updateContact(id: "2", input: { leadSource: null, interests: [] }) { contact { leadSource interests } } }`);
    expect(cleared.data!.updateContact.contact).toEqual({ leadSource: null, interests: [] });
    expect(gw.upstream()).toEqual(["PATCH /api/v2/persons/2"]);
    expect(bodies()[0]!.body).toEqual({ custom_fields: { [customKey("person", "Lead Source")]: null, [customKey("person", "Interests")]: null } });
    gw.clearUpstream();
    const missing = await gw.gql(`mutation { updateContact(id: "99999", input: { firstName: "X" }) { contact { id } } }`);
    expect(missing.errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND", field: "id" });
    expect(missing.errors?.[0]?.message).toBe('No Contact with id "99999" exists in Pipedrive.');
    expect(gw.upstream()).toEqual(["GET /api/v2/persons/99999"]); // one name part: the other is read, and the id is not there
    gw.clearUpstream();
    const missingPatched = await gw.gql(`mutation { updateContact(id: "99999", input: { firstName: "X", lastName: "Y" }) { contact { id } } }`);
    expect(missingPatched.errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND", field: "id" });
    expect(missingPatched.errors?.[0]?.message).toBe('No Contact with id "99999" exists in Pipedrive.');
    expect(gw.upstream()).toEqual(["PATCH /api/v2/persons/99999"]); // Pipedrive's 404 on the PATCH is the same NOT_FOUND
    const cannotClear = await gw.gql(`mutation { updateContact(id: "2", input: { firstName: null }) { contact { id } } }`);
    expect(cannotClear.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "firstName" });
  });
});

describe("companies", () => {
  it("createCompany dedupes by name via /organizations/search exact_match", async () => {
    const org = await pd("/api/v2/organizations/9");
    const matched = await gw.gql(`mutation($n: String!) { createCompany(input: { name: $n }) { company { id name } matched } }`, { n: org.name.toLowerCase() });
    expect(matched.data!.createCompany).toEqual({ company: { id: "9", name: org.name }, matched: true });
    expect(gw.upstream()[0]).toBe(`GET /api/v2/organizations/search?exact_match=true&fields=name&limit=10&term=${org.name.toLowerCase()}`);
    expect(writes()).toEqual([]);
    const created = await gw.gql(`mutation { createCompany(input: { name: "Brand New Co", regions: [EMEA, APAC], hqAddress: { value: "Main Street 1, Tallinn", locality: "Tallinn", country: "Estonia" } }) { company { name regions hqAddress { value locality country } } matched } }`);
    expect(created.data!.createCompany).toEqual({ company: { name: "Brand New Co", regions: ["EMEA", "APAC"], hqAddress: { value: "Main Street 1, Tallinn", locality: "Tallinn", country: "Estonia" } }, matched: false });
    expect(bodies().at(-1)!.body).toEqual({
      name: "Brand New Co",
      custom_fields: {
        [customKey("organization", "Regions")]: [221, 223],
        [customKey("organization", "HQ Address")]: { value: "Main Street 1, Tallinn", locality: "Tallinn", country: "Estonia" },
      },
    });
  });

  it("updateCompany changes a custom enum by label, with one PATCH", async () => {
    const result = await gw.gql(`mutation { updateCompany(id: "4", input: { industrySegment: Retail, headcount: 42 }) { company { industrySegment headcount } } }`);
    expect(result.data!.updateCompany.company).toEqual({ industrySegment: "Retail", headcount: 42 });
    expect(gw.upstream()).toEqual(["PATCH /api/v2/organizations/4"]);
    const missing = await gw.gql(`mutation { updateCompany(id: "99999", input: { headcount: 1 }) { company { id } } }`);
    expect(missing.errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND", field: "id" });
    expect(bodies()[0]!.body).toEqual({ custom_fields: { [customKey("organization", "Industry Segment")]: 212, [customKey("organization", "Headcount")]: 42 } });
  });
});

describe("updateOpportunity", () => {
  it("updates the expected close date but refuses to clear it", async () => {
    const cleared = await gw.gql(`mutation { updateOpportunity(id: "1", input: { expectedCloseDate: null }) { opportunity { id } } }`);
    expect(cleared.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "expectedCloseDate" });
    expect(gw.upstream()).toEqual([]);
    const moved = await gw.gql(`mutation { updateOpportunity(id: "1", input: { expectedCloseDate: "2027-01-31", kickoffTime: "09:15", champion: "3", competitors: [HubSpot] }) { opportunity { id expectedCloseDate kickoffTime champion { id } competitors } } }`);
    expect(moved.data!.updateOpportunity.opportunity).toEqual({ id: "1", expectedCloseDate: "2027-01-31", kickoffTime: "09:15:00", champion: { id: "3" }, competitors: ["HubSpot"] });
    expect(bodies()).toEqual([
      {
        call: "PATCH /api/v2/deals/1",
        body: {
          expected_close_date: "2027-01-31",
          custom_fields: { [customKey("deal", "Competitors")]: [322], [customKey("deal", "Champion")]: 3, [customKey("deal", "Kickoff Time")]: { value: "09:15:00" } },
        },
      },
    ]);
    expect(gw.upstream()).toEqual(["GET /api/v2/persons/3", "PATCH /api/v2/deals/1"]); // the champion must exist; the deal is not read
    expect((await pd("/api/v2/deals/1")).expected_close_date).toBe("2027-01-31");
    const badDate = await gw.gql(`mutation { updateOpportunity(id: "1", input: { expectedCloseDate: "2027-02-30" }) { opportunity { id } } }`);
    expect(badDate.errors?.[0]?.message).toContain("2027-02-30");
  });
});

describe("the read before an update", () => {
  it("is skipped when nothing depends on the stored record: updateOpportunity is one PATCH, 5 tokens", async () => {
    const result = await gw.gql(`mutation { updateOpportunity(id: "2", input: { expectedCloseDate: "2027-03-15" }) { opportunity { id title expectedCloseDate } } }`);
    expect(result.errors).toBeUndefined();
    const deal = await pd("/api/v2/deals/2");
    gw.clearUpstream();
    expect(result.data!.updateOpportunity.opportunity).toEqual({ id: "2", title: deal.title, expectedCloseDate: "2027-03-15" });
    gw.sandbox.log.clear();
    await gw.gql(`mutation { updateOpportunity(id: "2", input: { expectedCloseDate: "2027-03-16" }) { opportunity { id title expectedCloseDate } } }`);
    expect(gw.upstream()).toEqual(["PATCH /api/v2/deals/2"]);
    expect(tokens()).toBe(5);
    gw.sandbox.log.clear();
    const missing = await gw.gql(`mutation { updateOpportunity(id: "99999", input: { expectedCloseDate: "2027-03-15" }) { opportunity { id } } }`);
    expect(missing.data).toBeNull();
    expect(missing.errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND", field: "id" });
    expect(missing.errors?.[0]?.message).toBe('No Opportunity with id "99999" exists in Pipedrive.');
    expect(gw.upstream()).toEqual(["PATCH /api/v2/deals/99999"]);
  });

  it("happens for one name part of a Contact, so `name` stays first + last", async () => {
    const before = await pd("/api/v2/persons/3");
    const result = await gw.gql(`mutation { updateContact(id: "3", input: { firstName: "Zoe" }) { contact { firstName lastName name } } }`);
    expect(result.data!.updateContact.contact).toEqual({ firstName: "Zoe", lastName: before.last_name, name: `Zoe ${before.last_name}` });
    expect(gw.upstream()).toEqual(["GET /api/v2/persons/3", "PATCH /api/v2/persons/3"]);
    expect(bodies()[0]!.body).toEqual({ first_name: "Zoe", name: `Zoe ${before.last_name}` });
    gw.clearUpstream();
    gw.sandbox.log.clear();
    await gw.gql(`mutation { updateContact(id: "3", input: { firstName: "Ann", lastName: "Lee" }) { contact { name } } }`);
    expect(gw.upstream()).toEqual(["PATCH /api/v2/persons/3"]);
    expect(bodies()[0]!.body).toEqual({ first_name: "Ann", last_name: "Lee", name: "Ann Lee" });
  });

  describe("for an object with a where filter", () => {
    // The shipped Activity is create-only; this IR lets it be updated to prove the filter is checked before the PATCH.
    const ir: IR = {
      ...shippedIr,
      objects: shippedIr.objects.map((o) =>
        o.name !== "Activity" ? o : { ...o, permissions: ["read", "create", "update"], fields: o.fields.map((f) => (f.name === "subject" ? { ...f, writable: { create: true, update: true } } : f)) },
      ),
    };
    let withUpdate: TestGateway;
    beforeAll(async () => {
      withUpdate = await startTestGateway({ ir });
    });
    afterAll(async () => {
      await withUpdate?.close();
    });

    it("reads first and refuses a record the filter hides, with no PATCH", async () => {
      const all = (await pd("/api/v2/activities?limit=500")) as any[];
      const open = all.find((a) => !a.done)!;
      const done = all.find((a) => a.done && a.person_id)!;
      withUpdate.clearUpstream();
      const hidden = await withUpdate.gql(`mutation { updateActivity(id: "${open.id}", input: { subject: "Nope" }) { activity { id } } }`);
      expect(hidden.errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND", field: "id" });
      expect(withUpdate.upstream()).toEqual([`GET /api/v2/activities/${open.id}`]);
      withUpdate.clearUpstream();
      const changed = await withUpdate.gql(`mutation { updateActivity(id: "${done.id}", input: { subject: "Renamed" }) { activity { id subject } } }`);
      expect(changed.data!.updateActivity.activity).toEqual({ id: String(done.id), subject: "Renamed" });
      expect(withUpdate.upstream()).toEqual([`GET /api/v2/activities/${done.id}`, `PATCH /api/v2/activities/${done.id}`]);
    });
  });
});

const CREATE_ACTIVITY = `mutation($input: CreateActivityInput!) {
  createActivity(input: $input) { activity { id subject type doneAt contact { id } } matched idempotentReplay }
}`;

describe("createActivity", () => {
  it("creates a done activity with the Contact as primary participant and the occurrence as due date/time (UTC, minute)", async () => {
    const result = await gw.gql(CREATE_ACTIVITY, { input: { contact: "5", doneAt: "2026-03-01T11:30:59+02:00", type: "Meeting", subject: "Intro" } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createActivity).toMatchObject({ matched: false, activity: { subject: "Intro", type: "Meeting", doneAt: "2026-03-01T09:30:00Z", contact: { id: "5" } } });
    expect(gw.upstream()).toEqual([
      "GET /api/v2/persons/5",
      "GET /api/v1/activityTypes",
      "GET /api/v2/activities?done=true&limit=500&person_id=5",
      "POST /api/v2/activities",
    ]);
    expect(bodies()[0]!.body).toEqual({ subject: "Intro", type: "meeting", due_date: "2026-03-01", due_time: "09:30", done: true, participants: [{ person_id: 5, primary: true }] });
    const saved = await pd(`/api/v2/activities/${result.data!.createActivity.activity.id}`);
    expect(saved).toMatchObject({ done: true, person_id: 5, due_date: "2026-03-01" });
  });

  it("returns the existing activity for the same contact and occurrence, also when two requests race", async () => {
    const input = { contact: "6", doneAt: "2026-04-02T08:00:00Z", type: "Call" };
    // The same instant written with another offset is the same occurrence, and shares the lock.
    const [a, b] = await Promise.all([gw.gql(CREATE_ACTIVITY, { input }), gw.gql(CREATE_ACTIVITY, { input: { ...input, doneAt: "2026-04-02T10:00:00+02:00" } })]);
    expect([a.data!.createActivity.matched, b.data!.createActivity.matched].sort()).toEqual([false, true]);
    expect(a.data!.createActivity.activity.id).toBe(b.data!.createActivity.activity.id);
    const again = await gw.gql(CREATE_ACTIVITY, { input: { ...input, doneAt: "2026-04-02T10:00:30+02:00" } });
    expect(again.data!.createActivity).toMatchObject({ matched: true, activity: { id: a.data!.createActivity.activity.id } });
    expect(writes()).toEqual(["POST /api/v2/activities"]);
    const other = await gw.gql(CREATE_ACTIVITY, { input: { ...input, doneAt: "2026-04-02T08:01:00Z" } });
    expect(other.data!.createActivity.matched).toBe(false);
  });

  it("requires a Contact that exists and validates the occurrence", async () => {
    const noContact = await gw.gql(CREATE_ACTIVITY, { input: { doneAt: "2026-03-01T09:30:00Z" } });
    expect(noContact.errors?.[0]?.message).toMatch(/contact/);
    const unknown = await gw.gql(CREATE_ACTIVITY, { input: { contact: "99999", doneAt: "2026-03-01T09:30:00Z" } });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "contact" });
    const badTime = await gw.gql(CREATE_ACTIVITY, { input: { contact: "5", doneAt: "yesterday" } });
    expect(badTime.errors?.[0]?.message).toContain("yesterday");
    expect(writes()).toEqual([]);
  });

  it("sends no type when Type is left blank", async () => {
    const result = await gw.gql(CREATE_ACTIVITY, { input: { contact: "7", doneAt: "2026-05-05T12:00:00Z", subject: "Blank type" } });
    expect(result.errors).toBeUndefined();
    expect(bodies()[0]!.body).not.toHaveProperty("type");
  });
});

describe("Activity Type given as a String (a mapping without the enum)", () => {
  let stringGw: TestGateway;
  const ir: IR = {
    ...shippedIr,
    enums: shippedIr.enums.filter((e) => e.name !== "ActivityType"),
    objects: shippedIr.objects.map((o) =>
      o.name !== "Activity" ? o : { ...o, fields: o.fields.map((f) => (f.name === "type" ? { ...f, type: { ...f.type, name: "String", kind: "scalar" as const } } : f)) },
    ),
  };
  beforeAll(async () => {
    stringGw = await startTestGateway({ ir });
  });
  afterAll(async () => {
    await stringGw?.close();
  });

  it("accepts blank or the seed's six types, refusing other types even when active in the account", async () => {
    let day = 0;
    const run = (type: string) => stringGw.gql(CREATE_ACTIVITY, { input: { contact: "8", doneAt: `2026-06-0${++day}T10:00:00Z`, type } });
    const demo = await run("Demo");
    expect(demo.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "type" });
    expect(demo.errors?.[0]?.message).toBe('type must be blank or one of Call, Meeting, Task, Deadline, Email, Lunch; got "Demo".');
    const webinar = await run("Webinar");
    expect(webinar.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "type" });
    const lunch = await run("Lunch");
    expect(lunch.errors).toBeUndefined();
    expect(lunch.data!.createActivity.activity.type).toBe("lunch");
    const blank = await run("");
    expect(blank.errors).toBeUndefined();
  });
});

describe("write access", () => {
  it("refuses writes the caller's scopes do not grant, with nothing sent upstream", async () => {
    gw.setCan((object, op) => !(object === "Contact" && op !== "read") && !(object === "Activity" && op === "create"));
    const create = await gw.gql(CREATE_CONTACT, { input: { firstName: "A", lastName: "B" } });
    expect(create.errors?.[0]?.extensions).toEqual({ code: "FORBIDDEN" });
    const update = await gw.gql(`mutation { updateContact(id: "1", input: { firstName: "X" }) { contact { id } } }`);
    expect(update.errors?.[0]?.extensions).toEqual({ code: "FORBIDDEN" });
    const activity = await gw.gql(CREATE_ACTIVITY, { input: { contact: "5", doneAt: "2026-03-01T09:30:00Z" } });
    expect(activity.errors?.[0]?.extensions).toEqual({ code: "FORBIDDEN" });
    expect(gw.upstream()).toEqual([]);
  });
});
