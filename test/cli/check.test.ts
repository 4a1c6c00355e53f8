import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "./runCli.ts";

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe("bedrock-gateway check", () => {
  it("checks mappings/ by default: no findings, exit 0", async () => {
    const r = await runCli(["check"]);
    expect(r).toEqual({ code: 0, stdout: "0 errors, 0 warnings in 5 files\n", stderr: "" });
  });

  it("exits 1 on errors and prints each diagnostic and the summary", async () => {
    const r = await runCli(["check", "test/fixtures/check-err/permissions.map"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error\[MAP112\]: 'Opportunity' may only read, update; the seed does not allow 'create'\.\n --> test\/fixtures\/check-err\/permissions\.map:3:15\n/);
    expect(r.stdout.endsWith("\n3 errors, 0 warnings in 1 file\n")).toBe(true);
    expect(r.stdout).not.toContain("\x1b[");
  });

  it("exits 0 when there are only warnings", async () => {
    const r = await runCli(["check", "test/fixtures/check-err/to-many-related.map"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 errors, 1 warning in 1 file\n$/);
  });

  it("prints a JSON report with --format json", async () => {
    const r = await runCli(["check", "test/fixtures/check-err/unknown-type.map", "--format", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ files: ["test/fixtures/check-err/unknown-type.map"], errors: 2, warnings: 0 });
    expect(report.diagnostics[0]).toMatchObject({
      code: "MAP106", severity: "error", message: "Unknown type 'Strin'.", hint: "did you mean 'String'?",
      file: "test/fixtures/check-err/unknown-type.map", line: 4, column: 15,
    });
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual(["MAP106", "MAP107"]);
  });

  it("checks the files given together, relations across them", async () => {
    const ok = await runCli(["check", "mappings/owner.map", "mappings/contact.map", "mappings/company.map"]);
    expect(ok.stdout).toBe("0 errors, 0 warnings in 3 files\n");
    const alone = await runCli(["check", "mappings/contact.map", "--format", "json"]);
    const codes = JSON.parse(alone.stdout).diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toEqual(["MAP107", "MAP107", "MAP107"]);
  });

  it("reports a missing file, an unknown flag and a bad format as one line, exit 1, no stack trace", async () => {
    const missing = await runCli(["check", "nowhere/contact.map"]);
    expect(missing).toEqual({ code: 1, stdout: "", stderr: "error: cannot read 'nowhere/contact.map': no such file or directory\n" });
    const flag = await runCli(["check", "--colour"]);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toBe("error: Unknown option '--colour'\nusage: bedrock-gateway check [paths] [--format text|json] [--catalog file]\n");
    const format = await runCli(["check", "--format", "xml"]);
    expect(format).toEqual({ code: 1, stdout: "", stderr: "error: --format must be text or json: 'xml'\n" });
    for (const r of [missing, flag, format]) noStack(r.stderr);
  });

  it("reports an unreadable or malformed catalog snapshot without a stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bedrock-check-"));
    cpSync(`${repoRoot}mappings/owner.map`, join(dir, "owner.map"));
    const none = await runCli(["check", dir, "--catalog", join(dir, "missing.json")]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("cannot read the catalog snapshot");
    writeFileSync(join(dir, "pipedrive-catalog.json"), '{"version": 2}');
    const bad = await runCli(["check", dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: the catalog snapshot '.*pipedrive-catalog\.json' does not have the snapshot shape \(version: /);
    noStack(none.stderr);
    noStack(bad.stderr);
  });

  it("finds the catalog snapshot beside a file given, wherever it is run from", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bedrock-beside-"));
    cpSync(`${repoRoot}mappings/owner.map`, join(dir, "owner.map"));
    cpSync(`${repoRoot}mappings/pipedrive-catalog.json`, join(dir, "pipedrive-catalog.json"));
    const elsewhere = mkdtempSync(join(tmpdir(), "bedrock-cwd-"));
    expect(await runCli(["check", join(dir, "owner.map")], { cwd: elsewhere })).toEqual({ code: 0, stdout: "0 errors, 0 warnings in 1 file\n", stderr: "" });
    // --catalog still wins over the snapshot beside the file.
    const without = await runCli(["check", join(dir, "owner.map"), "--catalog", join(elsewhere, "none.json")], { cwd: elsewhere });
    expect(without.code).toBe(1);
    expect(without.stderr).toContain("cannot read the catalog snapshot");
  });

  it("reports a directory without .map files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bedrock-empty-"));
    const r = await runCli(["check", dir]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: `error: directory '${dir}' holds no .map files\n` });
  });
});
