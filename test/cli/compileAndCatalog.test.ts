import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox/startSandbox.ts";
import { repoRoot, runCli } from "./runCli.ts";

describe("bedrock-gateway compile", () => {
  it("prints the SDL of the shipped mappings", async () => {
    const r = await runCli(["compile"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\btype Contact\b/);
    expect(r.stdout).toMatch(/\benum ActivityType\b/);
  });

  it("writes --out and prints nothing on stdout", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "bedrock-sdl-")), "schema.graphql");
    const r = await runCli(["compile", "--out", out]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: `wrote ${out}\n` });
    expect(readFileSync(out, "utf8")).toMatch(/\btype Opportunity\b/);
  });

  it("prints diagnostics and no schema when a mapping has errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bedrock-compile-"));
    for (const f of ["owner.map", "contact.map", "company.map", "opportunity.map", "activity.map", "pipedrive-catalog.json"]) cpSync(`${repoRoot}mappings/${f}`, join(dir, f));
    writeFileSync(join(dir, "activity.map"), readFileSync(join(dir, "activity.map"), "utf8").replace("where done = true", ""));
    const r = await runCli(["compile", "--mappings", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error[MAP126]");
    // Without the filter, doneAt (DateTime!) is no longer guaranteed: MAP132 warns too.
    expect(r.stderr).toContain("warning[MAP132]");
    expect(r.stderr).toMatch(/1 error, 1 warning in 5 files; no schema written\n$/);
  });
});

describe("bedrock-gateway catalog pull", () => {
  it("pulls the embedded sandbox's account into a snapshot equal to the committed one", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "bedrock-catalog-")), "catalog.json");
    const r = await runCli(["catalog", "pull", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("pulling the embedded sandbox's demo account");
    expect(readFileSync(out, "utf8")).toBe(readFileSync(`${repoRoot}mappings/pipedrive-catalog.json`, "utf8"));
  });

  it("rejects a missing subcommand and half a Pipedrive configuration", async () => {
    expect(await runCli(["catalog"])).toEqual({ code: 1, stdout: "", stderr: "error: catalog expects the subcommand 'pull'\nusage: bedrock-gateway catalog pull [--out file]\n" });
    const half = await runCli(["catalog", "pull", "--out", "/dev/null"], { env: { PIPEDRIVE_API_TOKEN: "x" } });
    expect(half.code).toBe(1);
    expect(half.stderr).toBe("error: set both PIPEDRIVE_API_TOKEN and PIPEDRIVE_BASE_URL to pull from Pipedrive, or neither to pull from the embedded sandbox; only PIPEDRIVE_API_TOKEN is set\n");
  });

  it("pulls from the Pipedrive that PIPEDRIVE_BASE_URL and PIPEDRIVE_API_TOKEN name, and says so in the snapshot", async () => {
    const sandbox = await startSandbox();
    try {
      const out = join(mkdtempSync(join(tmpdir(), "bedrock-catalog-")), "catalog.json");
      const r = await runCli(["catalog", "pull", "--out", out], { env: { PIPEDRIVE_API_TOKEN: sandbox.token, PIPEDRIVE_BASE_URL: sandbox.url } });
      expect(r.code).toBe(0);
      const pulled = JSON.parse(readFileSync(out, "utf8"));
      const committed = JSON.parse(readFileSync(`${repoRoot}mappings/pipedrive-catalog.json`, "utf8"));
      expect(pulled.pulledFrom).toBe(sandbox.url);
      expect({ ...pulled, pulledFrom: "x" }).toEqual({ ...committed, pulledFrom: "x" });

      const refused = await runCli(["catalog", "pull", "--out", out], { env: { PIPEDRIVE_API_TOKEN: "wrong-token", PIPEDRIVE_BASE_URL: sandbox.url } });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^error: cannot pull the catalog from ${sandbox.url.replace(/[.:/]/g, "\\$&")}: .+\n$`));
    } finally {
      await sandbox.close();
    }
  });
});
