/**
 * Fidelity: every kind of sandbox response the gateway uses is validated against the response schema
 * Pipedrive's own OpenAPI files declare for that operation. The specs are loose in places and plainly
 * wrong in a few; each exception below says what and why. Objects are validated *closed* (no property
 * the spec does not declare), so a misspelt or invented property fails here.
 */
import { Ajv } from "ajv";
import formats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { fieldCode } from "../../src/sandbox/fieldCode.ts";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";
import { openApiToJsonSchema } from "./openApiToJsonSchema.ts";
import { client, listAll, type Reply, type SandboxClient, useSandbox } from "./sandboxClient.ts";
import { specs } from "../support/pipedriveSpecs.ts";

/**
 * Properties Pipedrive sends as null although the spec types them without `nullable`:
 * - relation ids with no relation: org_id, person_id, deal_id, lead_id, project_id, picture_id
 *   (API notes §4.3 "org_id int | null", §6.3 "person_id, org_id int|null");
 * - marked_as_done_time on an activity that is not done (MIG: "null (not "") when not done");
 * - won_time, lost_time on deals that are not won/lost, expected_close_date when unset (§6.3 "|null");
 * - optional content left empty: due_date, due_time, duration, location, note, public_description, priority
 *   (activities), job_title, birthday, notes, postal_address (persons), address (organizations; also the
 *   org search item's address string) — v2 returns null for unset properties rather than omitting them;
 * - address parts omitted on write (MIG: "omitted subfields become null on POST and PATCH"): country,
 *   admin_area_level_1, admin_area_level_2, locality, sublocality, route, street_number, subpremise, postal_code;
 * - next_cursor on the last page (SDK2 model and pagination docs: "null if no more pages");
 * - organization on a person search item when the person has no organization.
 */
const NULLABLE_IN_PRACTICE = new Set([
  "org_id", "person_id", "deal_id", "lead_id", "project_id", "picture_id", "marked_as_done_time", "won_time",
  "lost_time", "expected_close_date", "due_date", "due_time", "duration", "location", "note", "public_description",
  "priority", "job_title", "birthday", "notes", "postal_address", "address", "country", "admin_area_level_1",
  "admin_area_level_2", "locality", "sublocality", "route", "street_number", "subpremise", "postal_code",
  "next_cursor", "organization",
]);

/** v1 sends add_time/update_time of activity types as "YYYY-MM-DD HH:MM:SS" (API notes §7.5), not the RFC 3339 `date-time` SPEC1 declares. */
const WRONG_FORMAT = new Set(["add_time", "update_time"]);

/**
 * Properties Pipedrive sends that the spec schemas forget:
 * - creator_user_id on deals (SPEC2's own deal example and MIG include it; the schema does not);
 * - formatted_address in addresses (MIG examples);
 * - custom_fields on activities: the brief's demo account has activity custom fields ("Outcome Score") and
 *   Pipedrive's v2 activities carry them like the other entities; this spec copy's activity schema lacks them;
 * - address on a person search item's organization (SDK2 model `organization:{id,name,address}`, API notes §10.1);
 * - error_info on the 401 body (observed live, API notes §1.2), and error_info/data/additional_data on
 *   v1 error bodies (SPEC1 declares that full error shape on other v1 operations, e.g. callLogs).
 */
const UNDECLARED_BUT_SENT = new Set(["creator_user_id", "formatted_address", "custom_fields", "address", "error_info", "data", "additional_data"]);

const ajv = new Ajv({ allErrors: true, strict: false });
// ajv-formats is CommonJS: under NodeNext its default export is the module object.
type AddFormats = (ajv: Ajv) => unknown;
const addFormats = ((formats as unknown as { default?: AddFormats }).default ?? formats) as unknown as AddFormats;
addFormats(ajv);

function responseSchema(api: "v1" | "v2", method: string, path: string, status: string): any {
  const spec = specs()[api];
  const schema = spec.paths[path]?.[method]?.responses?.[status]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`openapi-${api}.yml declares no ${status} JSON response for ${method.toUpperCase()} ${path}`);
  return openApiToJsonSchema(schema, { spec, nullable: NULLABLE_IN_PRACTICE, dropFormat: WRONG_FORMAT, closeObjectsExcept: UNDECLARED_BUT_SENT });
}

/** The v2 spec declares its error envelope only on the lead-conversion endpoints; it is the same envelope everywhere. */
function v2ErrorSchema(): any {
  const spec = specs().v2;
  for (const operations of Object.values<any>(spec.paths)) {
    for (const operation of Object.values<any>(operations)) {
      const schema = operation?.responses?.["404"]?.content?.["application/json"]?.schema;
      if (schema?.properties?.error_info) return openApiToJsonSchema(schema, { spec, closeObjectsExcept: new Set() });
    }
  }
  throw new Error("openapi-v2.yml declares no error envelope");
}

function expectValid(schema: any, reply: Reply, label: string): void {
  const validate = ajv.compile(schema);
  const valid = validate(reply.body);
  const problems = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  expect(problems, `${label} does not match the spec`).toEqual([]);
  expect(valid).toBe(true);
}

let sandbox: Sandbox;
let api: SandboxClient;
useSandbox({ burst: 10_000, searchBurst: 1000 }, (started) => ({ sandbox, api } = started));

const ENTITIES = [
  { path: "/persons", create: { name: "Spec Person", emails: [{ value: "spec@x.test" }], custom_fields: { [fieldCode("person", "Lifetime Value")]: { value: 5, currency: "EUR" } } }, patch: { name: "Spec Person 2", org_id: null } },
  { path: "/organizations", create: { name: "Spec Org", address: { value: "Somewhere 1" } }, patch: { name: "Spec Org 2" } },
  { path: "/deals", create: { title: "Spec Deal", value: 10, person_id: 1 }, patch: { status: "won" } },
  { path: "/activities", create: { subject: "Spec call", type: "call", participants: [{ person_id: 2 }], done: true }, patch: { done: false, due_date: "2026-12-01" } },
];

describe.each(ENTITIES)("v2 $path matches openapi-v2.yml", ({ path, create, patch }) => {
  it("list: every page of every record", async () => {
    const schema = responseSchema("v2", "get", path, "200");
    let cursor: string | null = null;
    do {
      const reply = await api.get(`/api/v2${path}?limit=500${cursor ? `&cursor=${cursor}` : ""}`);
      expectValid(schema, reply, `GET ${path}`);
      cursor = reply.body.additional_data.next_cursor;
    } while (cursor);
    expectValid(schema, await api.get(`/api/v2${path}?ids=1,2,3&include_option_labels=true`), `GET ${path}?ids&include_option_labels`);
  });

  it("get, create, update and delete", async () => {
    expectValid(responseSchema("v2", "get", `${path}/{id}`, "200"), await api.get(`/api/v2${path}/1`), `GET ${path}/{id}`);
    const created = await api.post(`/api/v2${path}`, create);
    expect(created.status).toBe(200);
    expectValid(responseSchema("v2", "post", path, "200"), created, `POST ${path}`);
    const id = created.body.data.id;
    const updated = await api.patch(`/api/v2${path}/${id}`, patch);
    expect(updated.status).toBe(200);
    expectValid(responseSchema("v2", "patch", `${path}/{id}`, "200"), updated, `PATCH ${path}/{id}`);
    expectValid(responseSchema("v2", "delete", `${path}/{id}`, "200"), await api.delete(`/api/v2${path}/${id}`), `DELETE ${path}/{id}`);
  });
});

describe("v2 search, fields and errors match openapi-v2.yml", () => {
  it.each([
    ["/persons/search", "term=smith"],
    ["/persons/search", "term=olivia.smith.1@cyberdyne8.test&fields=email&exact_match=true"],
    ["/organizations/search", "term=acme"],
  ])("%s?%s", async (path, query) => {
    const reply = await api.get(`/api/v2${path}?${query}&limit=500`);
    expect(reply.body.data.items.length).toBeGreaterThan(0);
    expectValid(responseSchema("v2", "get", path, "200"), reply, `GET ${path}`);
  });

  it.each(["/personFields", "/organizationFields", "/dealFields", "/activityFields"])("%s", async (path) => {
    const schema = responseSchema("v2", "get", path, "200");
    const { pages } = await listAll(api, `/api/v2${path}?limit=7`);
    expect(pages).toBeGreaterThan(1);
    expectValid(schema, await api.get(`/api/v2${path}?limit=7`), `GET ${path}`);
    expectValid(schema, await api.get(`/api/v2${path}?limit=500`), `GET ${path} (last page)`);
  });

  it("404 and 400 use the v2 error envelope", async () => {
    const schema = v2ErrorSchema();
    const notFound = await api.get("/api/v2/persons/99999");
    expect(notFound.status).toBe(404);
    expectValid(schema, notFound, "404");
    const bad = await api.post("/api/v2/deals", { value: "1" });
    expect(bad.status).toBe(400);
    expectValid(schema, bad, "400");
  });
});

/**
 * include_fields: openapi-v2.yml lists the optional fields in the parameter's enum but leaves most of them
 * out of the response schemas (only deals' source_lead_id and activities' attendees are declared). The
 * others are typed here from API notes §4.2/§5.2/§6.2: counts are integers, next/last activity ids
 * integer|null, mail and won times RFC 3339|null, smart_bcc_email a string, marketing/doi status string|null.
 */
function withIncludeFields(schema: any, names: readonly string[]): any {
  const data = schema.properties.data;
  const record = data.type === "array" ? data.items : data;
  for (const name of names) {
    if (record.properties[name] && !UNDECLARED_BUT_SENT.has(name)) continue;
    record.properties[name] = name.endsWith("_count") ? { type: "integer", minimum: 0 }
      : name.endsWith("_activity_id") ? { type: ["integer", "null"] }
      : name.endsWith("_time") ? { type: ["string", "null"], format: "date-time" }
      : name === "smart_bcc_email" ? { type: "string", format: "email" }
      : { type: ["string", "null"] };
  }
  return schema;
}

function includeFieldNames(path: string): string[] {
  return specs().v2.paths[path].get.parameters.find((p: any) => p.name === "include_fields").schema.enum;
}

describe("v2 include_fields, pipelines, stages and searches match openapi-v2.yml", () => {
  it.each(["/persons", "/organizations", "/deals", "/activities"])("%s list and get with every include_fields name", async (path) => {
    const names = includeFieldNames(path);
    const list = await api.get(`/api/v2${path}?limit=500&include_fields=${names.join(",")}`);
    expect(list.status).toBe(200);
    expect(Object.keys(list.body.data[0])).toEqual(expect.arrayContaining(names));
    expectValid(withIncludeFields(responseSchema("v2", "get", path, "200"), names), list, `GET ${path}?include_fields`);
    const one = await api.get(`/api/v2${path}/1?include_fields=${names.join(",")}`);
    expectValid(withIncludeFields(responseSchema("v2", "get", `${path}/{id}`, "200"), names), one, `GET ${path}/{id}?include_fields`);
    expect(ajv.validate(withIncludeFields(responseSchema("v2", "get", `${path}/{id}`, "200"), names), { success: true, data: { id: 1, [names[0] as string]: "x" } })).toBe(false);
  });

  it.each([
    ["/pipelines", "/pipelines"],
    ["/pipelines/{id}", "/pipelines/1"],
    ["/stages", "/stages?pipeline_id=1&sort_by=order_nr"],
    ["/stages", "/stages?limit=2"],
    ["/stages/{id}", "/stages/4"],
  ])("GET %s (%s)", async (specPath, path) => {
    const reply = await api.get(`/api/v2${path}`);
    expect(reply.status).toBe(200);
    expectValid(responseSchema("v2", "get", specPath, "200"), reply, `GET ${path}`);
  });

  it.each([
    ["/deals/search", "term=pilot"],
    ["/deals/search", "term=renewal&status=won&fields=title"],
    ["/itemSearch", "term=smith&search_for_related_items=true"],
    ["/itemSearch", "term=acme&item_types=organization,deal&search_for_related_items=true"],
  ])("%s?%s", async (path, query) => {
    const reply = await api.get(`/api/v2${path}?${query}&limit=100`);
    expect(reply.body.data.items.length).toBeGreaterThan(0);
    expectValid(responseSchema("v2", "get", path, "200"), reply, `GET ${path}`);
  });

  it("itemSearch items match the item schema of their type's own search endpoint (the itemSearch schema leaves item open)", async () => {
    const itemSchema = (path: string) => responseSchema("v2", "get", path, "200").properties.data.properties.items.items.properties.item;
    const byType: Record<string, any> = { deal: itemSchema("/deals/search"), person: itemSchema("/persons/search"), organization: itemSchema("/organizations/search") };
    const reply = await api.get("/api/v2/itemSearch?term=acme&search_for_related_items=true&limit=100");
    const all = [...reply.body.data.items, ...reply.body.data.related_items];
    expect(new Set(all.map((i: any) => i.item.type))).toEqual(new Set(["deal", "person", "organization"]));
    for (const { item } of all) {
      const validate = ajv.compile(byType[item.type]);
      expect(validate(item), `${item.type} ${item.id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });
});

describe("v1 users and activity types match openapi-v1.yml", () => {
  it.each([
    ["/users", "/users"],
    ["/users/{id}", "/users/1002"],
    ["/users/me", "/users/me"],
    ["/activityTypes", "/activityTypes"],
  ])("GET %s", async (specPath, path) => {
    expectValid(responseSchema("v1", "get", specPath, "200"), await api.get(`/api/v1${path}`), `GET ${specPath}`);
  });

  it("404 of a missing user and 401 of a missing token", async () => {
    const missing = await api.get("/api/v1/users/9");
    expect(missing.status).toBe(404);
    expectValid(responseSchema("v1", "get", "/users/{id}", "404"), missing, "GET /users/{id} 404");
    const unauthorized = await client(sandbox, null).get("/api/v1/users/me");
    expect(unauthorized.status).toBe(401);
    expectValid(responseSchema("v1", "get", "/users/me", "401"), unauthorized, "GET /users/me 401");
  });
});

describe("the validation itself", () => {
  it("rejects a response that breaks the spec (a string id, an invented property)", () => {
    const schema = responseSchema("v2", "get", "/persons/{id}", "200");
    expect(ajv.validate(schema, { success: true, data: { id: "1" } })).toBe(false);
    expect(ajv.validate(schema, { success: true, data: { id: 1, nickname: "x" } })).toBe(false);
    expect(ajv.validate(schema, { success: true, data: { id: 1, name: "x", org_id: null } })).toBe(true);
    const deal = responseSchema("v2", "get", "/deals/{id}", "200");
    expect(ajv.validate(deal, { success: true, data: { id: 1, expected_close_date: "31/12/2026" } })).toBe(false);
    expect(ajv.validate(deal, { success: true, data: { id: 1, expected_close_date: "2026-12-31" } })).toBe(true);
  });
});
