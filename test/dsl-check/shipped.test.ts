import { describe, expect, it } from "vitest";
import { diagnose, shippedMappings } from "./support.ts";

describe("the shipped mappings", () => {
  const { ir, list } = diagnose(shippedMappings());

  it("check with zero errors and zero warnings against the committed catalog", () => {
    expect(list).toEqual([]);
    expect(ir?.objects.map((o) => `${o.name}<-${o.entity}:${o.permissions.join(",")}`)).toEqual([
      "Owner<-User:read",
      "Contact<-Person:read,create,update",
      "Company<-Organization:read,create,update",
      "Opportunity<-Deal:read,update",
      "Activity<-Activity:read,create",
    ]);
  });

  it("keep every declared field in the IR (nothing dropped silently)", () => {
    const declared = Object.values(shippedMappings()).join("\n").match(/^\s+\w+\s+:/gm)!.length;
    expect(ir!.objects.reduce((n, o) => n + o.fields.length, 0)).toBe(declared);
  });

  it("map the seed's rules: dedupe keys, the done filter, required fields", () => {
    const object = (name: string) => ir!.objects.find((o) => o.name === name)!;
    const field = (o: string, f: string) => object(o).fields.find((x) => x.name === f)!;
    expect(object("Contact").dedupe).toEqual(["email"]);
    expect(object("Company").dedupe).toEqual(["name"]);
    expect(object("Activity")).toMatchObject({ filter: { key: "done", value: true }, dedupe: ["contact", "doneAt"] });
    expect(field("Activity", "doneAt")).toMatchObject({ required: true, writable: { create: true, update: false }, source: { kind: "field", key: "marked_as_done_time" } });
    expect(field("Activity", "contact")).toMatchObject({ required: true, source: { kind: "relation", key: "person_id", target: "Contact", cardinality: "one" } });
    // Required to write (never cleared), nullable to read: Pipedrive has Deals without a close date.
    expect(field("Opportunity", "expectedCloseDate")).toMatchObject({ required: true, writable: { create: false, update: true }, type: { name: "Date", nonNull: false } });
    expect(field("Contact", "firstName").required && field("Contact", "lastName").required).toBe(true);
  });

  it("resolve paths, relations, related fields and custom fields", () => {
    const field = (o: string, f: string) => ir!.objects.find((x) => x.name === o)!.fields.find((x) => x.name === f)!;
    expect(field("Contact", "email").source).toEqual({ kind: "field", key: "emails", fieldType: "labeled_list", custom: false, selector: "primary", subpath: ["value"] });
    expect(field("Contact", "ownerName")).toMatchObject({ source: { kind: "related", through: "owner", target: "Owner", field: "name", cardinality: "one" }, writable: { create: false, update: false } });
    expect(field("Company", "contacts").source).toEqual({ kind: "relation", key: "persons", custom: false, target: "Contact", cardinality: "many", via: "org_id" });
    expect(field("Contact", "leadSource")).toMatchObject({ type: { name: "LeadSource", kind: "enum" }, source: { kind: "field", fieldType: "enum", custom: true, label: "Lead Source" } });
    expect(field("Contact", "interests").type).toEqual({ name: "Interest", kind: "enum", list: true, itemNonNull: true, nonNull: false });
    expect(field("Contact", "lifetimeValue").type.name).toBe("Money");
  });

  it("bind enums to option ids and activity-type keys", () => {
    const enumOf = (name: string) => ir!.enums.find((e) => e.name === name)!;
    expect(enumOf("ActivityType").values.map((v) => v.pipedrive)).toEqual(["call", "meeting", "task", "deadline", "email", "lunch"]);
    expect(enumOf("LeadSource").values.at(-1)).toEqual({ name: "ColdCall", pipedrive: "Cold Call", optionId: 115 });
    expect(enumOf("Region").values.map((v) => v.optionId)).toEqual([221, 222, 223, 224]);
  });

  it("fail to compile when a required field is removed (IR withheld)", () => {
    const files = shippedMappings();
    files["opportunity.map"] = files["opportunity.map"]!.replace(/^.*expected_close_date.*$/m, "");
    const result = diagnose(files);
    expect(result.codes).toEqual(["MAP110"]);
    expect(result.ir).toBeUndefined();
  });

  it("show only the syntax error on a broken line, without checker noise about the parser's recovery", () => {
    const files = shippedMappings();
    files["contact.map"] = files["contact.map"]!.replace(/firstName +: String! +<- first_name/, "firstName : String! <-").replace("jobTitle       : String", "jobTitle String");
    const result = diagnose(files);
    expect(result.codes).toEqual(["MAP003", "MAP003"]);
    expect(result.ir).toBeUndefined();
  });
});
