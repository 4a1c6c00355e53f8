import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diagnose, shippedMappings } from "./support.ts";

// Words and punctuation an engineer slips in or leaves out while editing a mapping.
const SLIPS = [":", "<-", "->", "{", "}", "[", "]", "!", ".", ",", "=", ";", "'x'", "`x`", "custom", "required", "readonly", "default", "allow",
  "where", "dedupe", "by", "\"x\"", "42", "and", "from", "object", "enum", "String", "Owner", "Contact", "\n", "//", "é"];

describe("every diagnostic says how to fix it", () => {
  it("has a hint, whatever one word is inserted into or removed from the shipped mappings", () => {
    const files = shippedMappings();
    const names = Object.keys(files);
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.nat(), fc.boolean(), fc.constantFrom(...SLIPS), (file, n, insert, slip) => {
        const words = files[file]!.split(/(\s+)/);
        const at = n % words.length;
        if (insert) words.splice(at, 0, slip);
        else words.splice(at, 1);
        const { list } = diagnose({ ...files, [file]: words.join("") });
        for (const d of list) expect({ code: d.code, message: d.message, hint: d.hint ?? "" }).not.toMatchObject({ hint: "" });
      }),
      { numRuns: 400, seed: 20261130 },
    );
  });
});
