import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadMappings } from "../../src/mappings/loadMappings.ts";
import { MappingsError } from "../../src/mappings/MappingsError.ts";
import { catalog } from "../dsl-check/support.ts";
import { repoRoot } from "./runCli.ts";

describe("loadMappings", () => {
  it("compiles a directory's .map files with the snapshot beside them", async () => {
    const { sources, catalog: used, result } = await loadMappings(`${repoRoot}mappings`);
    expect(sources.map((s) => s.name.slice(repoRoot.length))).toEqual(["mappings/activity.map", "mappings/company.map", "mappings/contact.map", "mappings/opportunity.map", "mappings/owner.map"]);
    expect(used.activityTypes.map((t) => t.key)).toContain("call");
    expect(result.diagnostics).toEqual([]);
    expect(result.ir?.objects).toHaveLength(5);
  });

  it("uses the catalog it is given instead of the snapshot", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bedrock-load-"));
    cpSync(`${repoRoot}mappings/owner.map`, join(dir, "owner.map"));
    const { catalog: used, result } = await loadMappings(dir, catalog);
    expect(used).toBe(catalog);
    expect(result.ir?.objects.map((o) => o.name)).toEqual(["Owner"]);
  });

  it("throws a MappingsError naming the path for a missing directory, a missing snapshot and bad JSON", async () => {
    await expect(loadMappings("/nonexistent/mappings")).rejects.toThrow(new MappingsError("cannot read '/nonexistent/mappings': no such file or directory"));
    const dir = mkdtempSync(join(tmpdir(), "bedrock-load-"));
    cpSync(`${repoRoot}mappings/owner.map`, join(dir, "owner.map"));
    await expect(loadMappings(dir)).rejects.toThrow(/^cannot read the catalog snapshot '.*pipedrive-catalog\.json': no such file or directory; run `bedrock-gateway catalog pull` to create it$/);
    writeFileSync(join(dir, "pipedrive-catalog.json"), "{ not json");
    await expect(loadMappings(dir)).rejects.toBeInstanceOf(MappingsError);
    await expect(loadMappings(dir)).rejects.toThrow(/is not valid JSON/);
  });
});
