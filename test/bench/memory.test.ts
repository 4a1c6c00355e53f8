import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runNodeScript } from "../support/runNodeScript.ts";

const dir = mkdtempSync(join(tmpdir(), "bench-memory-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run bench:memory", () => {
  it("measures each target under each heap setting, and reports a setting that cannot run as failed", async () => {
    const out = join(dir, "memory.json");
    const settings = "default|--max-old-space-size=256 --max-semi-space-size=4|--no-such-node-flag";
    const { code, output } = await runNodeScript("bench/memory.ts", ["--latency", "2", "--concurrency", "2", "--load-ms", "500", "--settings", settings, "--containers", "none", "--out", out], 45_000);
    expect(code, output).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.runs).toHaveLength(6);
    for (const run of report.runs.filter((r: { setting: string }) => r.setting !== "--no-such-node-flag")) {
      expect(run.failed, `${run.target} ${run.setting}`).toBeUndefined();
      expect(run.peakRssMb).toBeGreaterThan(10);
      expect(run.peakRssMb).toBeGreaterThanOrEqual(run.readyRssMb);
      expect(run.throughput).toBeGreaterThan(0);
      expect(run.cpuMsPerQuery).toBeGreaterThan(0);
    }
    const broken = report.runs.filter((r: { setting: string }) => r.setting === "--no-such-node-flag");
    expect(broken.map((r: { target: string }) => r.target).sort()).toEqual(["gateway", "peer"]);
    for (const run of broken) expect(run).toMatchObject({ peakRssMb: null, throughput: null, failed: expect.stringContaining("did not start") });
    expect(output).toMatch(/peer\s+-\s+default\s+[\d.]+\s+[\d.]+\s+-\s+[\d.]+\s+1\b/);
  }, 60_000);

  it("runs a target inside a memory-limited cgroup, as in a container, or says why it cannot", async () => {
    const out = join(dir, "container.json");
    const args = ["--latency", "2", "--concurrency", "2", "--load-ms", "500", "--targets", "gateway", "--settings", "default", "--containers", "512", "--out", out];
    const { code, output } = await runNodeScript("bench/memory.ts", args, 45_000);
    expect(code, output).toBe(0);
    const [, ...contained] = JSON.parse(readFileSync(out, "utf8")).runs;
    expect(contained.map((run: { setting: string; containerMb: number }) => [run.setting, run.containerMb])).toEqual([
      ["default", 512],
      ["--max-old-space-size=256", 512],
    ]);
    for (const run of contained) {
      if (run.failed !== undefined) {
        // Not root, or no cgroup memory controller: the row must say so rather than look measured.
        expect(run.failed).toMatch(/^skipped: /);
        expect(run.throughput).toBeNull();
      } else {
        expect(run.throughput).toBeGreaterThan(0);
        expect(run.cgroupPeakMb).toBeGreaterThan(10);
        expect(run.cgroupPeakMb).toBeLessThanOrEqual(512);
      }
    }
  }, 60_000);
});
