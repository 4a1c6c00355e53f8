import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "./runCli.ts";

function copyOfMappings(): string {
  const dir = mkdtempSync(join(tmpdir(), "bedrock-format-"));
  for (const f of ["owner.map", "contact.map"]) cpSync(`${repoRoot}mappings/${f}`, join(dir, f));
  return dir;
}

describe("bedrock-gateway format", () => {
  it("--check passes on the shipped mappings (they are in canonical layout)", async () => {
    expect(await runCli(["format", "--check"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("--check lists the files that would change, exits 1 and writes nothing", async () => {
    const dir = copyOfMappings();
    const messy = "object Owner from User {\n    id:ID<-id\n  name : String <- name\n}\n";
    writeFileSync(join(dir, "owner.map"), messy);
    const r = await runCli(["format", "--check", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${join(dir, "owner.map")}\n`);
    expect(r.stderr).toBe("1 file would be reformatted; run `bedrock-gateway format`\n");
    expect(readFileSync(join(dir, "owner.map"), "utf8")).toBe(messy);
  });

  it("rewrites files in place, after which --check passes", async () => {
    const dir = copyOfMappings();
    writeFileSync(join(dir, "owner.map"), "object Owner from User {\n    id:ID<-id\n}\n");
    const r = await runCli(["format", dir]);
    expect(r).toEqual({ code: 0, stdout: `formatted ${join(dir, "owner.map")}\n`, stderr: "" });
    expect(readFileSync(join(dir, "owner.map"), "utf8")).not.toContain("id:ID<-id");
    expect((await runCli(["format", "--check", dir])).code).toBe(0);
  });

  it("leaves a file with syntax errors untouched and exits 1", async () => {
    const dir = copyOfMappings();
    const broken = "object Owner from User {\n  id : <- id\n}\n";
    writeFileSync(join(dir, "owner.map"), broken);
    const r = await runCli(["format", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, "owner.map")}: not formatted, it has syntax errors`);
    expect(readFileSync(join(dir, "owner.map"), "utf8")).toBe(broken);
  });

  it("reports a missing path without a stack trace", async () => {
    const r = await runCli(["format", "nowhere"]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: "error: cannot read 'nowhere': no such file or directory\n" });
  });
});
