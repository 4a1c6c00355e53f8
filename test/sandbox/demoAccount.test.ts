import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEMO_COUNTS, demoAccount } from "../../src/sandbox/demoAccount.ts";

describe("demo account", () => {
  it("is the same on every generation", () => {
    expect(JSON.stringify(demoAccount())).toBe(JSON.stringify(demoAccount()));
  });

  it("generates in under 100 ms", () => {
    demoAccount();
    const started = performance.now();
    demoAccount();
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("has the documented sizes, ids from 1 per entity, and consistent relations", () => {
    const { records, users } = demoAccount();
    expect(records.organization.length).toBe(DEMO_COUNTS.organization);
    expect(records.person.length).toBe(DEMO_COUNTS.person);
    expect(records.deal.length).toBe(DEMO_COUNTS.deal);
    expect(records.activity.length).toBe(DEMO_COUNTS.activity);
    for (const list of Object.values(records)) expect(list.map((r) => r.id)).toEqual(list.map((_, i) => i + 1));
    const userIds = new Set(users.map((u) => u.id));
    const orgIds = new Set(records.organization.map((o) => o.id));
    const personIds = new Set(records.person.map((p) => p.id));
    const withOrg = records.person.filter((p) => p.org_id !== null);
    expect(withOrg.length / records.person.length).toBeGreaterThan(0.7);
    expect(withOrg.every((p) => orgIds.has(p.org_id as number))).toBe(true);
    for (const list of Object.values(records)) expect(list.every((r) => userIds.has(r.owner_id as number))).toBe(true);
    expect(records.deal.every((d) => d.person_id === null || personIds.has(d.person_id as number))).toBe(true);
    for (const a of records.activity) {
      const participants = a.participants as { person_id: number; primary: boolean }[];
      expect(participants.every((p) => personIds.has(p.person_id))).toBe(true);
      expect(a.person_id).toBe(participants.find((p) => p.primary)?.person_id ?? null);
      expect(a.done ? typeof a.marked_as_done_time === "string" : a.marked_as_done_time === null).toBe(true);
    }
  });

  it("keys custom fields by sha1(entity:label) and numbers options by the contract", () => {
    const { fields } = demoAccount();
    for (const [entity, list] of Object.entries(fields)) {
      for (const field of list.filter((f) => f.is_custom_field)) {
        expect(field.field_code).toBe(createHash("sha1").update(`${entity}:${field.field_name}`).digest("hex"));
      }
    }
    const options = (entity: keyof typeof fields, label: string) => fields[entity].find((f) => f.field_name === label)?.options?.map((o) => o.id);
    expect(options("person", "Lead Source")).toEqual([111, 112, 113, 114, 115]);
    expect(options("person", "Interests")).toEqual([121, 122, 123, 124]);
    expect(options("organization", "Industry Segment")).toEqual([211, 212, 213, 214, 215]);
    expect(options("organization", "Regions")).toEqual([221, 222, 223, 224]);
    expect(options("deal", "Deal Source")).toEqual([311, 312, 313]);
    expect(options("deal", "Competitors")).toEqual([321, 322, 323]);
  });

  it("fills custom values of every type on most persons", () => {
    const { records, fields } = demoAccount();
    for (const field of fields.person.filter((f) => f.is_custom_field)) {
      const filled = records.person.filter((p) => p.custom_fields[field.field_code] !== undefined).length;
      expect(filled, field.field_name).toBeGreaterThan(records.person.length * 0.3);
    }
  });
});
