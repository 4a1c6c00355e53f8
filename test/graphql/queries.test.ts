/**
 * End to end over HTTP, gateway to sandbox: every query kind, checked against the sandbox's own data and
 * against the exact Pipedrive calls the sandbox logged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, useTestGateway, type TestGateway } from "../support/startTestGateway.ts";
import { customKey, shippedIr } from "./shippedIr.ts";

const gw = useTestGateway({ ir: shippedIr });

/** Reads the sandbox directly (the oracle), then forgets those calls. */
async function pd(path: string): Promise<any> {
  const response = await fetch(`${gw.sandbox.url}${path}`, { headers: { "x-api-token": gw.sandbox.token } });
  const body = (await response.json()) as { data: unknown; additional_data?: { next_cursor?: string | null } };
  gw.clearUpstream();
  return body;
}


describe("lookups", () => {
  it("serves Deals without an expected close date as Opportunities whose expectedCloseDate is null", async () => {
    const deals: any[] = (await pd("/api/v2/deals?limit=100")).data;
    const undated = deals.filter((d) => d.expected_close_date === null).map((d) => String(d.id));
    expect(undated.length).toBeGreaterThan(0); // the demo account has some, so this test means something
    const result = await gw.gql(`{ opportunities(first: 100) { nodes { id expectedCloseDate } } }`);
    expect(result.errors).toBeUndefined();
    const nodes: { id: string; expectedCloseDate: string | null }[] = result.data!.opportunities.nodes;
    expect(nodes.map((n) => n.id)).toEqual(deals.map((d) => String(d.id)));
    expect(nodes.filter((n) => n.expectedCloseDate === null).map((n) => n.id)).toEqual(undated);
  });

  it("reads a Contact with built-in, labeled-list and custom fields converted, in one upstream call", async () => {
    const person = (await pd("/api/v2/persons/3")).data;
    const result = await gw.gql(`{ contact(id: "3") { id firstName lastName email leadSource interests customerSince lifetimeValue { amount currency } updatedAt accountManager { id } } }`);
    expect(result.errors).toBeUndefined();
    const c = result.data!.contact;
    expect(c.id).toBe("3");
    expect(c.firstName).toBe(person.first_name);
    expect(c.lastName).toBe(person.last_name);
    expect(c.email).toBe(person.emails.find((e: any) => e.primary).value);
    const leadOption = person.custom_fields[customKey("person", "Lead Source")];
    expect(c.leadSource).toBe(leadOption ? ["Web", "Referral", "Event", "Partner", "ColdCall"][leadOption - 111] : null);
    const interestIds: number[] = person.custom_fields[customKey("person", "Interests")] ?? [];
    expect(c.interests).toEqual(interestIds.map((id) => ["Analytics", "Automation", "Integrations", "Security"][id - 121]));
    expect(c.customerSince).toBe(person.custom_fields[customKey("person", "Customer Since")] ?? null);
    const money = person.custom_fields[customKey("person", "Lifetime Value")];
    expect(c.lifetimeValue).toEqual(money ? { amount: money.value, currency: money.currency } : null);
    expect(c.updatedAt).toBe(person.update_time);
    const manager = person.custom_fields[customKey("person", "Account Manager")];
    expect(c.accountManager).toEqual(manager ? { id: String(manager) } : null);
    expect(gw.upstream()).toEqual(manager ? ["GET /api/v2/persons/3", "GET /api/v1/users"] : ["GET /api/v2/persons/3"]);
  });

  it("answers null for an id Pipedrive does not have, and BAD_USER_INPUT for a non-numeric id", async () => {
    const missing = await gw.gql(`{ contact(id: "999999") { id } }`);
    expect(missing).toMatchObject({ status: 200, data: { contact: null } });
    expect(missing.errors).toBeUndefined();
    expect(gw.upstream()).toEqual(["GET /api/v2/persons/999999"]); // Pipedrive's 404 is null, not an error
    const bad = await gw.gql(`{ contact(id: "abc") { id } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
    expect(bad.errors?.[0]?.message).toContain('"abc"');
  });

  it("batches two ids asked in one request into one ?ids= call, one id into a 1-token get", async () => {
    const result = await gw.gql(`{ a: contact(id: "2") { id } b: contact(id: "4") { id } gone: contact(id: "999999") { id } }`);
    expect(result).toEqual({ status: 200, data: { a: { id: "2" }, b: { id: "4" }, gone: null } });
    expect(gw.upstream()).toEqual(["GET /api/v2/persons?ids=2,4,999999&limit=100"]);
    await gw.gql(`{ a: contact(id: "2") { id } b: contact(id: "2") { firstName } }`);
    expect(gw.upstream().slice(1)).toEqual(["GET /api/v2/persons/2"]);
  });

  it("answers null for a deleted record and an archived deal, which GET /{id} returns but ?ids= leaves out", async () => {
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${gw.sandbox.url}${path}`, { method, headers: { "x-api-token": gw.sandbox.token, "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
    expect((await gw.gql(`{ contact(id: "6") { id } opportunity(id: "4") { id } }`)).data).toEqual({ contact: { id: "6" }, opportunity: { id: "4" } });
    expect((await send("DELETE", "/api/v2/persons/6")).status).toBe(200);
    expect((await send("PATCH", "/api/v2/deals/4", { is_archived: true })).status).toBe(200);
    gw.clearUpstream();
    const gone = await gw.gql(`{ contact(id: "6") { id } opportunity(id: "4") { id } }`);
    expect(gone.errors).toBeUndefined();
    expect(gone.data).toEqual({ contact: null, opportunity: null });
    expect(gw.upstream().sort()).toEqual(["GET /api/v2/deals/4", "GET /api/v2/persons/6"]);
    const batched = await gw.gql(`{ a: contact(id: "6") { id } b: contact(id: "5") { id } }`);
    expect(batched.data).toEqual({ a: null, b: { id: "5" } });
  });

  it("reads an Owner with its full name, never split", async () => {
    const result = await gw.gql(`{ owner(id: "1004") { id name email active } }`);
    expect(result.data!.owner).toMatchObject({ id: "1004", name: "Katherine Johnson", active: true });
    const contact = await gw.gql(`{ contacts(first: 50, filter: { owner: "1002" }) { nodes { ownerName owner { name } } } }`);
    for (const node of contact.data!.contacts.nodes) {
      expect(node.ownerName).toBe("Grace Hopper");
      expect(node.owner.name).toBe("Grace Hopper");
    }
  });

  it("reads Company address, set, enum, number and org custom fields, and Opportunity time, date and people fields", async () => {
    const org = (await pd("/api/v2/organizations/2")).data;
    const deal = (await pd("/api/v2/deals/1")).data;
    const result = await gw.gql(`{
      company(id: "2") { name regions industrySegment headcount hqAddress { value street streetNumber postalCode locality country formatted } parentCompany { id } }
      opportunity(id: "1") { title expectedCloseDate kickoffTime renewalDate dealSource competitors champion { id } contact { id } company { id } }
    }`);
    expect(result.errors).toBeUndefined();
    const hq = org.custom_fields[customKey("organization", "HQ Address")];
    expect(result.data!.company.name).toBe(org.name);
    expect(result.data!.company.headcount).toBe(org.custom_fields[customKey("organization", "Headcount")] ?? null);
    expect(result.data!.company.hqAddress).toEqual(
      hq ? { value: hq.value, street: hq.route, streetNumber: hq.street_number, postalCode: hq.postal_code, locality: hq.locality, country: hq.country, formatted: hq.formatted_address ?? null } : null,
    );
    const regions: number[] = org.custom_fields[customKey("organization", "Regions")] ?? [];
    expect(result.data!.company.regions).toEqual(regions.map((id) => ["EMEA", "NA", "APAC", "LATAM"][id - 221]));
    const o = result.data!.opportunity;
    expect(o.title).toBe(deal.title);
    expect(o.expectedCloseDate).toBe(deal.expected_close_date);
    const kickoff = deal.custom_fields[customKey("deal", "Kickoff Time")];
    expect(o.kickoffTime).toBe(kickoff ? kickoff.value : null);
    const champion = deal.custom_fields[customKey("deal", "Champion")];
    expect(o.champion).toEqual(champion ? { id: String(champion) } : null);
    expect(o.contact).toEqual(deal.person_id ? { id: String(deal.person_id) } : null);
    for (const value of JSON.stringify(result.data).match(/"dealSource":[^,}]+|"competitors":\[[^\]]*\]/g) ?? []) expect(value).not.toMatch(/\d{3}/);
  });
});

describe("connections", () => {
  it("100 Contacts with company and owner cost exactly three upstream calls", async () => {
    const page = await pd("/api/v2/persons?limit=100");
    const result = await gw.gql(`{ contacts(first: 100) { nodes { id firstName company { id name } companyName owner { name } ownerName } pageInfo { hasNextPage endCursor } } }`);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.contacts.nodes;
    expect(nodes.map((n: any) => n.id)).toEqual(page.data.map((p: any) => String(p.id)));
    const orgIds = [...new Set(page.data.map((p: any) => p.org_id).filter((id: unknown) => id))] as number[];
    const calls = gw.upstream();
    expect(calls).toHaveLength(3);
    expect(calls[0]).toBe("GET /api/v2/persons?limit=100");
    expect(calls[1]).toMatch(/^GET \/api\/v2\/organizations\?ids=[\d,]+&limit=100$/);
    expect(calls[1]!.match(/ids=([\d,]+)/)![1]!.split(",").map(Number).sort((a, b) => a - b)).toEqual([...orgIds].sort((a, b) => a - b));
    expect(calls[2]).toBe("GET /api/v1/users");
    const orgs = (await pd(`/api/v2/organizations?ids=${orgIds.slice(0, 5).join(",")}`)).data;
    for (const org of orgs) {
      const node = nodes.find((n: any) => n.company?.id === String(org.id));
      expect(node.company.name).toBe(org.name);
      expect(node.companyName).toBe(org.name);
    }
    expect(result.data!.contacts.pageInfo).toEqual({ hasNextPage: true, endCursor: page.additional_data.next_cursor });
  });

  it("pages with Pipedrive's next_cursor as endCursor, and with edge cursors mid-page", async () => {
    const first = await gw.gql(`{ contacts(first: 5) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`);
    const upstream = await pd("/api/v2/persons?limit=5");
    expect(first.data!.contacts.pageInfo.endCursor).toBe(upstream.additional_data.next_cursor);
    const second = await gw.gql(`query($after: String) { contacts(first: 5, after: $after) { nodes { id } } }`, { after: first.data!.contacts.pageInfo.endCursor });
    const expected = await pd(`/api/v2/persons?limit=5&cursor=${encodeURIComponent(upstream.additional_data.next_cursor)}`);
    expect(second.data!.contacts.nodes.map((n: any) => n.id)).toEqual(expected.data.map((p: any) => String(p.id)));
    const fromEdge = await gw.gql(`query($after: String) { contacts(first: 3, after: $after) { nodes { id } } }`, { after: first.data!.contacts.edges[2].cursor });
    expect(fromEdge.data!.contacts.nodes.map((n: any) => n.id)).toEqual([first.data!.contacts.edges[3].node.id, first.data!.contacts.edges[4].node.id, second.data!.contacts.nodes[0].id]);
  });

  it("rejects first outside 1..100 naming first and the value, before any upstream call", async () => {
    for (const first of [0, 101, -3]) {
      const result = await gw.gql(`query($first: Int) { contacts(first: $first) { nodes { id } } }`, { first });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
      expect(result.errors?.[0]?.message).toContain(`got ${first}`);
    }
    const search = await gw.gql(`{ searchCompanies(term: "Acme", first: 500) { id } }`);
    expect(search.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    expect(gw.upstream()).toEqual([]);
  });

  it("sends filters and sort upstream as Pipedrive's parameters", async () => {
    const result = await gw.gql(`{ contacts(first: 10, filter: { owner: "1002", updatedSince: "2025-06-01T00:00:00Z" }, orderBy: { field: UPDATED_AT, direction: DESC }) { nodes { id owner { id } updatedAt } } }`);
    expect(result.errors).toBeUndefined();
    expect(gw.upstream()[0]).toBe("GET /api/v2/persons?limit=10&owner_id=1002&sort_by=update_time&sort_direction=desc&updated_since=2025-06-01T00:00:00Z");
    const nodes = result.data!.contacts.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) {
      expect(n.owner.id).toBe("1002");
      expect(n.updatedAt >= "2025-06-01").toBe(true);
    }
    expect([...nodes.map((n: any) => n.updatedAt)].sort().reverse()).toEqual(nodes.map((n: any) => n.updatedAt));

    gw.clearUpstream();
    const deals = await gw.gql(`{ opportunities(first: 20, filter: { status: WON, company: "5" }) { nodes { id status company { id } } } }`);
    expect(gw.upstream()[0]).toBe("GET /api/v2/deals?limit=20&org_id=5&status=won");
    for (const n of deals.data!.opportunities.nodes) expect(n).toMatchObject({ status: "won", company: { id: "5" } });
  });

  it("lists Owners from the cached users list with local paging", async () => {
    const page1 = await gw.gql(`{ owners(first: 3) { nodes { id name } pageInfo { hasNextPage endCursor } } }`);
    expect(page1.data!.owners.nodes.map((n: any) => n.id)).toEqual(["1001", "1002", "1003"]);
    expect(page1.data!.owners.pageInfo.hasNextPage).toBe(true);
    const page2 = await gw.gql(`query($a: String) { owners(first: 3, after: $a) { nodes { id } pageInfo { hasNextPage } } }`, { a: page1.data!.owners.pageInfo.endCursor });
    expect(page2.data!.owners).toEqual({ nodes: [{ id: "1004" }, { id: "1005" }], pageInfo: { hasNextPage: false } });
    expect(gw.upstream()).toEqual(["GET /api/v1/users"]);
  });

  it("loads a to-many relation with the list endpoint's via filter, one call per parent", async () => {
    const result = await gw.gql(`{ companies(first: 3) { nodes { id contacts(first: 50) { id company { id } } } } }`);
    expect(result.errors).toBeUndefined();
    const calls = gw.upstream();
    expect(calls).toEqual(["GET /api/v2/organizations?limit=3", "GET /api/v2/persons?limit=50&org_id=1", "GET /api/v2/persons?limit=50&org_id=2", "GET /api/v2/persons?limit=50&org_id=3"]);
    for (const company of result.data!.companies.nodes) for (const c of company.contacts) expect(c.company.id).toBe(company.id);
    const expected = await pd("/api/v2/persons?org_id=2&limit=50");
    expect(result.data!.companies.nodes[1].contacts.map((c: any) => c.id)).toEqual(expected.data.map((p: any) => String(p.id)));
  });
});

describe("only done Activities exist", () => {
  it("lists with done=true upstream, and a not-done activity by id is null", async () => {
    const all = (await pd("/api/v2/activities?limit=100")).data as any[];
    const notDone = all.find((a) => a.done === false);
    const done = all.find((a) => a.done === true);
    expect(notDone && done).toBeTruthy();
    const list = await gw.gql(`{ activities(first: 50) { nodes { id } } }`);
    expect(gw.upstream()).toEqual(["GET /api/v2/activities?done=true&limit=50"]);
    const doneIds = new Set(((await pd("/api/v2/activities?done=true&limit=500")).data as any[]).map((a) => String(a.id)));
    for (const n of list.data!.activities.nodes) expect(doneIds.has(n.id)).toBe(true);
    const lookups = await gw.gql(`{ a: activity(id: "${notDone.id}") { id } b: activity(id: "${done.id}") { id } }`);
    expect(lookups.data).toEqual({ a: null, b: { id: String(done.id) } });
  });

  it("reads the occurrence back as doneAt, with the contact and owner batched", async () => {
    const result = await gw.gql(`{ activities(first: 20) { nodes { id doneAt type contact { id } ownerName } } }`);
    expect(result.errors).toBeUndefined();
    const calls = gw.upstream();
    const raw = (await pd("/api/v2/activities?done=true&limit=20")).data as any[];
    // An Activity without a Contact cannot sync (the mapping requires `contact: Contact!`), so it is not served.
    expect(result.data!.activities.nodes.map((n: any) => n.id)).toEqual(raw.filter((a) => a.person_id).map((a) => String(a.id)));
    expect(raw.some((a) => !a.person_id)).toBe(true);
    for (const n of result.data!.activities.nodes) {
      const a = raw.find((r) => String(r.id) === n.id);
      expect(n.doneAt).toBe(a.due_date ? `${a.due_date}T${(a.due_time ?? "00:00").slice(0, 5)}:00Z` : a.marked_as_done_time);
      expect(n.contact.id).toBe(String(a.person_id));
    }
    expect(calls.filter((c) => !c.includes("/activities"))).toEqual([expect.stringMatching(/^GET \/api\/v2\/persons\?ids=[\d,]+&limit=100$/), "GET /api/v1/users"]);
  });
});

describe("search", () => {
  it("searchContacts by exact email, then loads the hits in one batch", async () => {
    const person = (await pd("/api/v2/persons/7")).data;
    const email = person.emails.find((e: any) => e.primary).value;
    const result = await gw.gql(`query($t: String!) { searchContacts(term: $t, exact: true) { id email } }`, { t: email });
    expect(result.data!.searchContacts).toEqual([{ id: "7", email }]);
    expect(gw.upstream()).toEqual([
      `GET /api/v2/persons/search?exact_match=true&fields=name,email&limit=20&term=${email}`,
      "GET /api/v2/persons/7",
    ]);
  });

  it("searchCompanies by name", async () => {
    const org = (await pd("/api/v2/organizations/4")).data;
    const result = await gw.gql(`query($t: String!) { searchCompanies(term: $t, first: 5) { id name } }`, { t: org.name.split(" ")[0] });
    expect(result.errors).toBeUndefined();
    expect(result.data!.searchCompanies.length).toBeGreaterThan(0);
    for (const c of result.data!.searchCompanies) expect(c.name.toLowerCase()).toContain(org.name.split(" ")[0].toLowerCase());
    expect(gw.upstream()[0]).toContain("fields=name&limit=5");
  });

  it("exists only where Pipedrive can search", async () => {
    const result = await gw.gql(`{ searchOpportunities(term: "x") { id } }`);
    expect(result.errors?.[0]?.message).toMatch(/Cannot query field "searchOpportunities"/);
  });
});

describe("access control on reads", () => {
  it("refuses a root field the caller cannot read, with nothing sent upstream", async () => {
    gw.setCan((object) => object !== "Company");
    const result = await gw.gql(`{ companies(first: 5) { nodes { id } } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN" });
    expect(result.errors?.[0]?.path).toEqual(["companies"]);
    expect(gw.upstream()).toEqual([]);
  });

  it("refuses a relation to an object the caller cannot read, on that field only", async () => {
    gw.setCan((object) => object !== "Company");
    const result = await gw.gql(`{ contact(id: "1") { id firstName company { name } companyName } }`);
    expect(result.data!.contact).toMatchObject({ id: "1", company: null, companyName: null });
    const codes = result.errors!.map((e) => [e.path!.join("."), e.extensions!.code]);
    expect(codes).toEqual(expect.arrayContaining([["contact.company", "FORBIDDEN"], ["contact.companyName", "FORBIDDEN"]]));
    expect(gw.upstream()).toEqual(["GET /api/v2/persons/1"]);
  });
});

describe("relations to Activities also see done ones only", () => {
  // The shipped mappings have no relation to Activity; this one adds `Contact.activities` to prove the rule holds there too.
  const ir = {
    ...shippedIr,
    objects: shippedIr.objects.map((o) =>
      o.name !== "Contact"
        ? o
        : {
            ...o,
            fields: [
              ...o.fields,
              {
                name: "activities",
                type: { name: "Activity", kind: "object" as const, list: true, itemNonNull: true, nonNull: false },
                source: { kind: "relation" as const, key: "activities", custom: false, target: "Activity", cardinality: "many" as const, via: "person_id" },
                required: false,
                writable: { create: false, update: false },
              },
            ],
          },
    ),
  };
  let withActivities: TestGateway;
  beforeAll(async () => {
    withActivities = await startTestGateway({ ir });
  });
  afterAll(async () => {
    await withActivities?.close();
  });

  it("lists a Contact's activities with done=true upstream", async () => {
    const all = (await pd("/api/v2/activities?limit=500")).data as any[];
    const person = all.find((a) => a.person_id && all.some((b) => b.person_id === a.person_id && b.done !== a.done))!.person_id;
    withActivities.clearUpstream();
    const result = await withActivities.gql(`{ contact(id: "${person}") { activities(first: 50) { id } } }`);
    expect(result.errors).toBeUndefined();
    expect(withActivities.upstream()).toEqual([`GET /api/v2/persons/${person}`, `GET /api/v2/activities?done=true&limit=50&person_id=${person}`]);
    const theirs = (await pd(`/api/v2/activities?person_id=${person}&limit=500`)).data as any[];
    const expected = theirs.filter((a) => a.done).map((a) => String(a.id));
    expect(result.data!.contact.activities.map((a: any) => a.id).sort()).toEqual(expected.sort());
    expect(expected.length).toBeLessThan(theirs.length);
  });
});
