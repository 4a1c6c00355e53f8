import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../dsl/diagnostic.ts";
import { hasErrors } from "../../dsl/diagnostic.ts";
import { format } from "../../dsl/format.ts";
import { parse } from "../../dsl/parse.ts";
import { Source } from "../../dsl/source.ts";
import { meaningOf } from "./meaningOf.ts";

const dirs = ["ok", "format", "syntax-err"].map((d) => join(import.meta.dirname, "../fixtures", d));
const seeds = dirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".map"))
    .map((f) => readFileSync(join(dir, f), "utf8")),
).filter((t) => t.length > 0);

const pieces = [
  "{", "}", "[", "]", ":", ",", ".", "=", "!", "<-", "<", "-", '"', "\\", "#", "\n", "\r\n", "\t", " ", ";", "'",
  "object", "enum", "from", "allow", "where", "dedupe", "by", "custom", "required", "readonly", "default",
  "true", "false", "null", "read", "id", "String!", "[String!]!", '"Lead Source"', "12", "-3.5e2", "→", "\u0000", "é",
];

type Edit = { at: number; kind: "insert" | "delete" | "replace"; text: string; length: number };
const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("insert" as const, "delete" as const, "replace" as const),
  text: fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3, unit: "binary" })),
  length: fc.integer({ min: 1, max: 12 }),
});

function apply(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    if (e.kind === "insert") out = out.slice(0, at) + e.text + out.slice(at);
    else if (e.kind === "delete") out = out.slice(0, at) + out.slice(at + e.length);
    else out = out.slice(0, at) + e.text + out.slice(at + e.length);
  }
  return out;
}

function spansInside(diagnostics: readonly Diagnostic[], length: number): boolean {
  return diagnostics.every((d) => d.labels.every((l) => l.span.start >= 0 && l.span.start <= l.span.end && l.span.end <= length));
}

// Every AST node carries a span, and the span lies inside the text.
function nodeSpansInside(node: unknown, length: number): boolean {
  if (Array.isArray(node)) return node.every((n) => nodeSpansInside(n, length));
  if (!node || typeof node !== "object") return true;
  const n = node as { kind?: string; span?: { start: number; end: number } };
  if (n.kind !== undefined && !(n.span && n.span.start >= 0 && n.span.start <= n.span.end && n.span.end <= length)) return false;
  return Object.entries(node).every(([key, value]) => key === "span" || nodeSpansInside(value, length));
}

// The whole contract in one property: no throw, spans inside the text, and on valid text a stable format.
function holds(text: string): boolean {
  const source = new Source(text, "fuzz.map");
  const parsed = parse(source);
  expect(spansInside(parsed.diagnostics, text.length)).toBe(true);
  expect(nodeSpansInside(parsed.ast, text.length)).toBe(true);
  const formatted = format(source);
  expect(spansInside(formatted.diagnostics, text.length)).toBe(true);
  if (hasErrors(parsed.diagnostics)) {
    expect(formatted.text).toBe(text);
  } else {
    const again = format(new Source(formatted.text, "fuzz.map"));
    expect(again.diagnostics).toEqual([]);
    expect(again.text).toBe(formatted.text);
    const reparsed = parse(new Source(formatted.text)).ast;
    expect(reparsed.comments.map((c) => c.text).sort()).toEqual(parsed.ast.comments.map((c) => c.text).sort());
    expect(meaningOf(reparsed)).toEqual(meaningOf(parsed.ast));
  }
  return true;
}

describe("fuzz: parse and format never throw", () => {
  it("has seeds", () => expect(seeds.length).toBeGreaterThanOrEqual(10));

  it("on valid fixtures mutated by inserting, deleting and replacing characters and tokens", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 }), (seed, edits) => holds(apply(seed, edits))),
      { numRuns: 2500, seed: 20261129 },
    );
  });

  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: "binary" }), holds), { numRuns: 1000, seed: 7 });
  });

  it("on token soup", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => holds(parts.join(" "))),
      { numRuns: 1000, seed: 11 },
    );
  });
});
