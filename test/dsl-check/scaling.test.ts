/**
 * The checker's work grows linearly with the number of fields: every `custom "Label"` and every key is found
 * through an index built once per entity, not by a scan over all catalog fields or all declared fields.
 * Measured deterministically, by counting the element reads of the catalog's field list and of the
 * object's declared members (a scan per field would make the reads per field grow with the size).
 */
import { describe, expect, it } from "vitest";
import type { MapFile } from "../../dsl/ast.ts";
import type { Catalog, CatalogField } from "../../dsl/catalog/types.ts";
import { check } from "../../dsl/check/check.ts";
import { indexCatalogFields } from "../../dsl/check/CatalogFieldIndex.ts";
import { parse } from "../../dsl/parse.ts";
import { Source } from "../../dsl/source.ts";
import { catalog } from "./support.ts";

// An array whose element reads are counted (index access and iteration alike).
function counted<T>(items: readonly T[]): { list: readonly T[]; reads: () => number } {
  let reads = 0;
  const list = new Proxy(items as T[], {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { list, reads: () => reads };
}

function customField(i: number): CatalogField {
  return { key: `${i.toString(16).padStart(40, "0")}`, label: `Bench Field ${i}`, type: "varchar", custom: true, writable: "always" };
}

// A Contact of `size` custom fields plus the two required names, checked against a catalog with exactly those custom fields.
function checkContact(size: number) {
  const fields = counted([...catalog.entities.Person.fields, ...Array.from({ length: size }, (_, i) => customField(i))]);
  const grown: Catalog = { ...catalog, entities: { ...catalog.entities, Person: { entity: "Person", fields: fields.list } } };
  const lines = [
    "object Contact from Person {",
    "  allow read, update",
    "  where name = \"x\"",
    "  id : ID! <- id",
    "  firstName : String! <- first_name required",
    "  lastName : String <- last_name required",
    "  email : String <- emails[primary].value",
    ...Array.from({ length: size }, (_, i) => `  f${i} : String <- custom "Bench Field ${i}"`),
    "}",
  ];
  const { ast, diagnostics: syntax } = parse(new Source(lines.join("\n"), `scaling-${size}.map`));
  expect(syntax).toEqual([]);
  const object = ast.declarations[0]!;
  if (object.kind !== "ObjectDecl") throw new Error("expected the object declaration");
  const members = counted(object.members ?? []);
  const file: MapFile = { ...ast, declarations: [{ ...object, members: members.list as typeof object.members }] };
  const result = check([file], grown);
  return { result, catalogReads: fields.reads(), memberReads: members.reads() };
}

describe("checker scaling", () => {
  it("resolves every custom field of a large mapping to its own catalog field", () => {
    const { result } = checkContact(300);
    expect(result.diagnostics).toEqual([]);
    const contact = result.ir.objects[0]!;
    expect(contact.fields).toHaveLength(304);
    for (let i = 0; i < 300; i++) {
      expect(contact.fields.find((f) => f.name === `f${i}`)?.source).toMatchObject({ kind: "field", key: customField(i).key, custom: true, label: `Bench Field ${i}` });
    }
    expect(contact.filter).toEqual({ key: "name", value: "x" });
  });

  it("reads the catalog's fields and the declared members a bounded number of times per field, whatever the size", () => {
    const small = checkContact(500);
    const large = checkContact(4000);
    for (const run of [small, large]) expect(run.result.diagnostics).toEqual([]);
    const perField = (run: typeof small, size: number) => ({ catalog: run.catalogReads / size, members: run.memberReads / size });
    const s = perField(small, 500);
    const l = perField(large, 4000);
    // A scan of all fields per field would read ~500 (small) and ~4000 (large) elements per field.
    expect(l.catalog).toBeLessThan(10);
    expect(l.members).toBeLessThan(30);
    expect(l.catalog).toBeLessThanOrEqual(s.catalog * 1.2);
    expect(l.members).toBeLessThanOrEqual(s.members * 1.2);
  });
});

describe("indexCatalogFields", () => {
  it("keeps the first field of a key, groups custom fields sharing a label in catalog order, and lists labels and built-in keys", () => {
    const a = customField(1);
    const b = { ...customField(2), label: a.label };
    const c = customField(3);
    const name: CatalogField = { key: "name", label: "Name", type: "varchar", custom: false, writable: "always" };
    const shadow: CatalogField = { ...name, label: "Shadow" };
    const index = indexCatalogFields([name, a, b, shadow, c]);
    expect(index.byKey.get("name")).toBe(name);
    expect(index.byKey.get(b.key)).toBe(b);
    expect(index.customByLabel.get(a.label)).toEqual([a, b]);
    expect(index.customByLabel.get(c.label)).toEqual([c]);
    expect(index.customByLabel.get("Name")).toBeUndefined();
    expect(index.customLabels).toEqual([a.label, a.label, c.label]);
    expect(index.builtInKeys).toEqual(["name", "name"]);
  });
});
