/** When an update reads the stored record before its PATCH, decided from the IR and the input alone. */
import { describe, expect, it } from "vitest";
import type { IRObject } from "../../dsl/ir.ts";
import { updateNeedsCurrent } from "../../schema/updateNeedsCurrent.ts";
import { shippedIr } from "./shippedIr.ts";

const object = (name: string): IRObject => shippedIr.objects.find((o) => o.name === name)!;

describe("updateNeedsCurrent", () => {
  it("is false when the PATCH alone is the whole write", () => {
    expect(updateNeedsCurrent(object("Opportunity"), { expectedCloseDate: "2027-01-31", champion: "3" })).toBe(false);
    expect(updateNeedsCurrent(object("Company"), { name: "Acme", regions: ["EMEA"] })).toBe(false);
    expect(updateNeedsCurrent(object("Contact"), { leadSource: null, jobTitle: "CTO", firstName: "A", lastName: "B" })).toBe(false);
  });

  it("is true when the input writes a labeled list, also to clear it", () => {
    expect(updateNeedsCurrent(object("Contact"), { email: "a@x.test" })).toBe(true);
    expect(updateNeedsCurrent(object("Contact"), { phone: null })).toBe(true);
  });

  it("is true for one part of a Person's name, which `name` is rebuilt from", () => {
    expect(updateNeedsCurrent(object("Contact"), { firstName: "A" })).toBe(true);
    expect(updateNeedsCurrent(object("Contact"), { lastName: "B", jobTitle: "CTO" })).toBe(true);
  });

  it("is true for an object with a where filter or a required to-one relation, whatever the input", () => {
    const activity = object("Activity");
    expect(activity.filter).toBeDefined();
    expect(updateNeedsCurrent(activity, { subject: "x" })).toBe(true);
    const { filter: _filter, ...unfiltered } = activity;
    expect(updateNeedsCurrent(unfiltered, { subject: "x" })).toBe(true); // contact: Contact! required
    const optionalContact = { ...unfiltered, fields: unfiltered.fields.map((f) => (f.name === "contact" ? { ...f, required: false } : f)) };
    expect(updateNeedsCurrent(optionalContact, { subject: "x" })).toBe(false);
  });
});
