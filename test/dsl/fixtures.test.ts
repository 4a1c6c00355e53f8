import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../dsl/parse.ts";
import { renderDiagnostic } from "../../dsl/renderDiagnostic.ts";
import { Source } from "../../dsl/source.ts";
import { astToJson } from "./astToJson.ts";

const root = join(import.meta.dirname, "../fixtures");
const mapFiles = (dir: string): string[] =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".map"))
    .sort();
const load = (dir: string, file: string): Source =>
  new Source(readFileSync(join(root, dir, file), "utf8"), `test/fixtures/${dir}/${file}`);

describe("valid fixtures (test/fixtures/ok)", () => {
  it("has fixtures", () => expect(mapFiles("ok").length).toBeGreaterThanOrEqual(5));

  for (const file of mapFiles("ok")) {
    it(`${file} parses without diagnostics and matches its AST snapshot`, async () => {
      const { ast, diagnostics } = parse(load("ok", file));
      expect(diagnostics.map((d) => renderDiagnostic(d))).toEqual([]);
      await expect(astToJson(ast)).toMatchFileSnapshot(join(root, "ok", `${basename(file, ".map")}.ast.json`));
    });
  }
});

describe("syntax-error fixtures (test/fixtures/syntax-err)", () => {
  it("has fixtures", () => expect(mapFiles("syntax-err").length).toBeGreaterThanOrEqual(8));

  for (const file of mapFiles("syntax-err")) {
    it(`${file} reports its errors as the CLI prints them`, async () => {
      const { diagnostics } = parse(load("syntax-err", file));
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(diagnostics.every((d) => d.severity === "error" && /^MAP00\d$/.test(d.code))).toBe(true);
      const text = `${diagnostics.map((d) => renderDiagnostic(d)).join("\n\n")}\n`;
      await expect(text).toMatchFileSnapshot(join(root, "syntax-err", `${basename(file, ".map")}.snap`));
    });
  }

  it("reports every independent error of a file in one run, on distinct lines", () => {
    const source = load("syntax-err", "several-errors.map");
    const { diagnostics } = parse(source);
    const lines = diagnostics.map((d) => source.locate(d.labels[0].span.start).line);
    // ';' (3), two members on one line (4), keyword field name (5), missing source (6), single quotes (8), missing default (12), missing ']' (13)
    expect(lines).toEqual([3, 4, 5, 6, 8, 12, 13]);
    expect(diagnostics.map((d) => d.code)).toEqual(["MAP001", "MAP003", "MAP006", "MAP003", "MAP007", "MAP003", "MAP003"]);
  });
});
