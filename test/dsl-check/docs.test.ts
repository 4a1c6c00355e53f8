import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support.ts";

describe("README.md", () => {
  it("documents every code the checker can report, and no other", () => {
    const rules = readdirSync(`${repoRoot}dsl/check/rules`).map((f) => readFileSync(`${repoRoot}dsl/check/rules/${f}`, "utf8")).join("\n");
    const emitted = [...new Set([...rules.matchAll(/"(MAP1\d\d)"/g)].map((m) => m[1]))].sort();
    const doc = readFileSync(`${repoRoot}README.md`, "utf8");
    const documented = [...new Set([...doc.matchAll(/^\| (MAP1\d\d) \|/gm)].map((m) => m[1]))].sort();
    expect(emitted.length).toBeGreaterThanOrEqual(30);
    expect(documented).toEqual(emitted);
  });

  it("has a golden fixture showing each code", () => {
    const dir = `${repoRoot}test/fixtures/check-err`;
    const snaps = readdirSync(dir).filter((f) => f.endsWith(".snap")).map((f) => readFileSync(`${dir}/${f}`, "utf8")).join("\n");
    const doc = readFileSync(`${repoRoot}README.md`, "utf8");
    for (const [, code] of doc.matchAll(/^\| (MAP1\d\d) \|/gm)) expect(snaps, code).toContain(`[${code}]`);
  });
});
