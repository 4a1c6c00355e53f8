import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runNodeScript } from "../support/runNodeScript.ts";
import { QUERIES } from "../../bench/queries.ts";

const dir = mkdtempSync(join(tmpdir(), "bench-smoke-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const finite = expect.any(Number);

describe("npm run bench --quick", () => {
  it("measures every query on the gateway and the peer and writes the JSON report", async () => {
    const out = join(dir, "quick.json");
    const { code, output } = await runNodeScript("bench/run.ts", ["--quick", "--latency", "5", "--out", out], 28_000);
    expect(code, output).toBe(0);
    expect(output).toContain(`Results written to`);
    const report = JSON.parse(readFileSync(out, "utf8"));

    for (const query of QUERIES) {
      for (const target of ["gateway", "peer"]) {
        const result = report.results.find((r: { target: string; query: string }) => r.target === target && r.query === query.id);
        expect(result, `${target} ${query.id}`).toMatchObject({
          upstream: { requests: finite, tokens: finite, failed: 0 },
          unloaded: { runs: 3, p50Ms: finite, p99Ms: finite },
          loaded: { concurrency: 2, requests: 6, throughput: finite },
          peakRssMb: finite,
        });
        expect(result.upstream.requests, `${target} ${query.id} made upstream calls`).toBeGreaterThan(0);
        expect(result.unloaded.p50Ms).toBeGreaterThan(0);
        expect(result.loaded.throughput).toBeGreaterThan(0);
        expect(result.peakRssMb).toBeGreaterThan(10);
      }
    }
    // The peer is the hand-written reference: it must sit exactly at the floor, or the floor is wrong.
    for (const query of QUERIES) {
      const peer = report.results.find((r: { target: string; query: string }) => r.target === "peer" && r.query === query.id);
      expect([peer.upstream.requests, peer.upstream.tokens], query.id).toEqual([query.floor.requests, query.floor.tokens]);
    }
    expect(report.compile.shipped.warmMs).toEqual(finite);
    expect(report.targets.length).toBeGreaterThan(QUERIES.length);
    expect(report.targets.every((t: { pass: unknown }) => typeof t.pass === "boolean")).toBe(true);
  }, 30_000);

  it("stops the processes it started when one of them cannot start, and says which", async () => {
    const env = { ...process.env, BENCH_GATEWAY_NODE_ARGS: "--no-such-node-flag" };
    const { code, output } = await runNodeScript("bench/run.ts", ["--quick", "--skip-compile", "--out", join(dir, "broken.json")], 20_000, env);
    expect(code, output).toBe(1);
    expect(output).toContain("gateway exited");
    expect(output).toContain("--no-such-node-flag");
    const pid = Number(/started sandbox \(pid (\d+)\)/.exec(output)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
  });

  it("refuses a bad flag with a message naming it, before starting anything", async () => {
    const { code, output } = await runNodeScript("bench/run.ts", ["--concurrency", "0"], 10_000);
    expect(code).toBe(1);
    expect(output).toMatch(/--concurrency: .*1/);
  });
});
