import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check } from "../../dsl/check/check.ts";
import type { MapFile } from "../../dsl/ast.ts";
import { Source } from "../../dsl/source.ts";
import { catalog, diagnose, shippedMappings } from "./support.ts";

const shipped = Object.values(shippedMappings()).join("\n");

describe("the checker on broken input", () => {
  it("never throws on any cut or splice of real mapping text, and reports something for broken text", () => {
    fc.assert(
      fc.property(fc.nat(shipped.length), fc.nat(shipped.length), fc.string({ maxLength: 12 }), (a, b, junk) => {
        const [from, to] = a < b ? [a, b] : [b, a];
        const text = shipped.slice(0, from) + junk + shipped.slice(to);
        const result = diagnose({ "broken.map": text });
        for (const d of result.diagnostics) {
          expect(d.labels.length).toBeGreaterThan(0);
          expect(d.message).not.toBe("");
        }
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it("never throws on random sequences of the language's tokens, nor on tokens spliced into real text", () => {
    const tokens = ["object", "enum", "from", "{", "}", ":", "<-", "[", "]", "!", ".", "custom", '"Lead Source"', "required", "readonly",
      "default", "allow", "where", "dedupe", "by", "=", ",", "\n", " ", "owner", "name", "Contact", "Owner", "first_name", "true", "null", "42"];
    fc.assert(fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 60 }), (ts) => {
      diagnose({ "t.map": ts.join(" ") });
    }), { numRuns: 300, seed: 7 });
    fc.assert(fc.property(fc.nat(shipped.length), fc.array(fc.constantFrom(...tokens), { maxLength: 4 }), (at, ts) => {
      diagnose({ "i.map": shipped.slice(0, at) + ts.join(" ") + shipped.slice(at) });
    }), { numRuns: 300, seed: 11 });
  });

  it("never throws on hand-made partial trees (missing names, types and sources)", () => {
    const source = new Source("object", "partial.map");
    const span = { source, start: 0, end: 6 };
    const partial = {
      kind: "MapFile", span, comments: [],
      declarations: [
        { kind: "ObjectDecl", span, name: undefined, source: undefined, members: [
          { kind: "FieldDecl", span, name: undefined, type: undefined, source: undefined, modifiers: [] },
          { kind: "AllowClause", span, operations: [] },
          { kind: "WhereClause", span, path: undefined, value: undefined },
        ] },
        { kind: "ObjectDecl", span, name: { kind: "Name", span, value: "Contact" }, source: { kind: "Name", span, value: "Person" }, members: [
          { kind: "FieldDecl", span, name: { kind: "Name", span, value: "x" }, type: { kind: "TypeRef", span, name: undefined, list: false, itemNonNull: false, nonNull: false }, source: { kind: "Path", span, segments: [] }, modifiers: [{ kind: "Modifier", span, name: "default", value: undefined }] },
          { kind: "FieldDecl", span, name: { kind: "Name", span, value: "y" }, type: undefined, source: { kind: "CustomRef", span, label: undefined }, modifiers: [] },
        ] },
        { kind: "EnumDecl", span, name: undefined, object: undefined, field: undefined, members: [] },
      ],
    } as unknown as MapFile;
    const { diagnostics } = check([partial], catalog);
    // Partly read fields may be the ones that map Contact's required fields: the parser's errors speak for them.
    expect(diagnostics.map((d) => d.code)).toEqual([]);
  });

  it("reports every problem of a file, not only the first", () => {
    const { codes } = diagnose({ "a.map": "object Owner from User {\n  a : Strin <- id\n  b : String <- nope\n  c : String <- custom \"X\"\n}\n" });
    expect(codes).toEqual(["MAP106", "MAP103", "MAP105"]);
  });
});
