import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MapFile } from "../../dsl/ast.ts";
import { format } from "../../dsl/format.ts";
import { parse } from "../../dsl/parse.ts";
import { Source } from "../../dsl/source.ts";
import { meaningOf } from "./meaningOf.ts";

const repo = join(import.meta.dirname, "../..");
const fixtures = join(repo, "test/fixtures");
const mapsIn = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".map")).sort().map((f) => join(dir, f)) : [];

const validFiles = [...mapsIn(join(fixtures, "ok")), ...mapsIn(join(fixtures, "format")), ...mapsIn(join(repo, "mappings"))];

const commentTexts = (ast: MapFile): string[] => ast.comments.map((c) => c.text).sort();
const fmt = (text: string): string => format(new Source(text, "t.map")).text;

describe("format: canonical layout", () => {
  for (const path of mapsIn(join(fixtures, "format"))) {
    it(`${basename(path)} matches its formatted snapshot`, async () => {
      const { text, diagnostics } = format(new Source(readFileSync(path, "utf8"), path));
      expect(diagnostics).toEqual([]);
      await expect(text).toMatchFileSnapshot(join(fixtures, "format", `${basename(path, ".map")}.formatted`));
    });
  }

  it("aligns the field columns of a block and puts modifiers in one column", () => {
    const input = [
      "object Contact from Person {",
      "  allow read",
      "  id : ID! <- id",
      "  firstName : String! <- first_name required",
      "  email : String <- emails[primary].value readonly",
      "}",
    ].join("\n");
    expect(fmt(input)).toBe(
      [
        "object Contact from Person {",
        "  allow read",
        "  id        : ID!     <- id",
        "  firstName : String! <- first_name             required",
        "  email     : String  <- emails[primary].value  readonly",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("lines modifiers up by the columns labels take on screen: accents one, CJK and emoji two", () => {
    const out = fmt('object C from Person {\n  a : String <- custom "Région" readonly\n  b : String <- custom "地域🚀" readonly\n  c : String <- first_name readonly\n}\n');
    expect(out).toBe('object C from Person {\n  a : String <- custom "Région"  readonly\n  b : String <- custom "地域🚀"  readonly\n  c : String <- first_name       readonly\n}\n');
    expect(fmt(out)).toBe(out);
  });

  it("separates declarations by exactly one blank line and ends the file with one newline", () => {
    expect(fmt("object A from User {}\n\n\n\nenum E from A.role { X }")).toBe("object A from User {}\n\nenum E from A.role { X }\n");
  });

  it("keeps a one-line enum on one line, and breaks it when written over lines", () => {
    expect(fmt('enum E from A.b {X="x",Y}')).toBe('enum E from A.b { X = "x"  Y }\n');
    expect(fmt('enum E from A.b {\nX="x" Yy="y"\n}')).toBe('enum E from A.b {\n  X  = "x"\n  Yy = "y"\n}\n');
  });

  it("writes CRLF input with LF line breaks", () => {
    expect(fmt("object A from User {\r\n  allow read\r\n}\r\n")).toBe("object A from User {\n  allow read\n}\n");
  });

  it("returns a file with syntax errors unchanged, with its diagnostics", () => {
    const text = "object A from User {\n  id : ID! <-\n}\n";
    const result = format(new Source(text, "t.map"));
    expect(result.text).toBe(text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["MAP003"]);
  });

  for (const path of mapsIn(join(fixtures, "syntax-err"))) {
    it(`leaves ${basename(path)} (syntax errors) untouched`, () => {
      const text = readFileSync(path, "utf8");
      const result = format(new Source(text, path));
      expect(result.text).toBe(text);
      expect(result.diagnostics.length).toBeGreaterThan(0);
    });
  }
});

describe("format: round trip on every valid fixture and on mappings/*.map", () => {
  it("finds the files", () => expect(validFiles.length).toBeGreaterThanOrEqual(8));

  for (const path of validFiles) {
    it(`${path.slice(repo.length + 1)}: idempotent, same meaning, every comment kept`, () => {
      const original = new Source(readFileSync(path, "utf8"), path);
      const before = parse(original);
      expect(before.diagnostics.filter((d) => d.severity === "error")).toEqual([]);

      const once = format(original).text;
      const twice = format(new Source(once, path)).text;
      expect(twice).toBe(once);

      const after = parse(new Source(once, path));
      expect(after.diagnostics).toEqual([]);
      expect(meaningOf(after.ast)).toEqual(meaningOf(before.ast));
      expect(commentTexts(after.ast)).toEqual(commentTexts(before.ast));
      expect(once.endsWith("\n") || once === "").toBe(true);
      expect(once).not.toMatch(/[ \t]+\n/); // no trailing whitespace
      expect(once).not.toMatch(/\n\n\n/); // never two blank lines
    });
  }
});
