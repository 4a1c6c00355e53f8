import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BUILTIN_FIELDS } from "../../dsl/catalog/builtins.ts";
import { catalogFromSnapshot } from "../../dsl/catalog/catalogFromSnapshot.ts";
import { OBJECT_RULES } from "../../dsl/catalog/rules.ts";
import { parseSnapshot } from "../../dsl/catalog/snapshot.ts";
import { catalog, snapshotJson } from "./support.ts";

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
const field = (entity: keyof typeof BUILTIN_FIELDS, key: string) => catalog.entities[entity].fields.find((f) => f.key === key);

describe("builtins", () => {
  it("describe relations, their cardinality and the to-many filter", () => {
    expect(field("Person", "owner_id")?.relation).toEqual({ entity: "User", cardinality: "one" });
    expect(field("Organization", "persons")).toMatchObject({ writable: "never", relation: { entity: "Person", cardinality: "many", via: "org_id" } });
    expect(field("Activity", "person_id")).toMatchObject({ writable: "create", relation: { entity: "Person", cardinality: "one" } });
  });
  it("mark what the gateway writes on create only, and what it never writes", () => {
    expect(field("Activity", "marked_as_done_time")).toMatchObject({ type: "datetime", writable: "create" });
    expect(field("Person", "last_name")?.writable).toBe("always");
    expect(field("Person", "update_time")?.writable).toBe("never");
    expect(field("Deal", "expected_close_date")?.type).toBe("date");
    expect(field("Person", "emails")).toMatchObject({ type: "labeled_list", subfields: ["value", "primary", "label"] });
  });
  it("mark as always set only what Pipedrive never leaves empty, and no custom field", () => {
    const set = (entity: keyof typeof BUILTIN_FIELDS) => catalog.entities[entity].fields.filter((f) => f.alwaysSet).map((f) => f.key);
    for (const entity of ["Person", "Organization", "Deal", "Activity"] as const) expect(set(entity), entity).toEqual(expect.arrayContaining(["id", "add_time", "update_time"]));
    expect(set("User")).toEqual(["id", "name", "email", "active_flag"]);
    expect(set("Person")).toContain("first_name"); // derived from the required name
    for (const [entity, key] of [["Person", "last_name"], ["Deal", "expected_close_date"], ["Deal", "won_time"], ["Activity", "marked_as_done_time"], ["Person", "emails"]] as const) {
      expect(field(entity, key)?.alwaysSet, `${entity}.${key}`).toBeUndefined();
    }
    const custom = Object.values(catalog.entities).flatMap((e) => e.fields.filter((f) => f.custom));
    expect(custom.length).toBeGreaterThan(10);
    expect(custom.filter((f) => f.alwaysSet)).toEqual([]);
  });
  it("have unique keys per entity", () => {
    for (const [entity, fields] of Object.entries(BUILTIN_FIELDS)) {
      expect(new Set(fields.map((f) => f.key)).size, entity).toBe(fields.length);
    }
  });
});

describe("rules", () => {
  it("hold the seed's matrix", () => {
    expect(OBJECT_RULES.map((r) => [r.bedrock, r.entity, r.permissions.join(","), r.requiredFields.map((f) => f.label).join(",")])).toEqual([
      ["Owner", "User", "read", ""],
      ["Contact", "Person", "read,update,create", "First Name,Last Name"],
      ["Company", "Organization", "read,update,create", "Company Name"],
      ["Opportunity", "Deal", "read,update", "Expected Close"],
      ["Activity", "Activity", "read,create", "Marked as Done Time,Contact"],
    ]);
  });
});

describe("catalogFromSnapshot", () => {
  it("merges the account's custom fields, keyed by hash, with options and relations", () => {
    const leadSource = catalog.entities.Person.fields.find((f) => f.label === "Lead Source");
    expect(leadSource).toMatchObject({ key: sha1("person:Lead Source"), type: "enum", custom: true, writable: "always" });
    expect(leadSource?.options?.map((o) => o.id)).toEqual([111, 112, 113, 114, 115]);
    expect(catalog.entities.Person.fields.find((f) => f.label === "Account Manager")?.relation).toEqual({ entity: "User", cardinality: "one" });
    expect(catalog.entities.Person.fields.find((f) => f.label === "Lifetime Value")?.subfields).toEqual(["value", "currency"]);
  });
  it("takes no built-in from the snapshot and keeps activity types with their active flag", () => {
    expect(catalog.entities.Person.fields.filter((f) => f.key === "first_name")).toHaveLength(1);
    expect(catalog.activityTypes.find((t) => t.key === "webinar")).toEqual({ key: "webinar", name: "Webinar", active: false });
  });
  it("turns unknown Pipedrive field types into opaque json", () => {
    const snapshot = parseSnapshot({ ...snapshotJson, fields: { ...snapshotJson.fields, deal: [{ field_code: "abc", field_name: "Board", field_type: "projects_board", is_custom_field: true, options: null, subfields: null }] } });
    expect(catalogFromSnapshot(snapshot).entities.Deal.fields.find((f) => f.key === "abc")?.type).toBe("json");
  });
  it("rejects a snapshot of another shape, naming the path", () => {
    expect(() => parseSnapshot({ ...snapshotJson, version: 2 })).toThrow(/version/);
    expect(() => parseSnapshot({ ...snapshotJson, activityTypes: [{ key_string: "call" }] })).toThrow(/activityTypes/);
  });
});
