import { describe, expect, it } from "vitest";
import { evaluateTargets } from "../../bench/evaluateTargets.ts";
import type { QueryMeasurement } from "../../bench/measureQuery.ts";
import { QUERIES } from "../../bench/queries.ts";
import { renderMemoryMarkdown } from "../../bench/renderMarkdown.ts";
import { percentile } from "../../bench/lib/percentile.ts";
import { renderTable } from "../../bench/lib/renderTable.ts";
import { runClosedLoop } from "../../bench/lib/runClosedLoop.ts";
import { runSequential } from "../../bench/lib/runSequential.ts";

describe("percentile", () => {
  it("uses the nearest rank of the sorted samples", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("refuses a percentile outside 0..100, echoing it", () => {
    expect(() => percentile([1], 101)).toThrow("percentile: p must be within 0..100, got 101");
  });
});

describe("renderTable", () => {
  it("pads text left and numbers right", () => {
    expect(renderTable(["query", "p50"], [["contacts", 41.2], ["one", 5]])).toBe(
      ["query      p50", "--------  ----", "contacts  41.2", "one          5"].join("\n"),
    );
  });
});

describe("runClosedLoop", () => {
  it("keeps exactly `concurrency` calls in flight and stops at maxRequests, each index once", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const result = await runClosedLoop(
      async (i) => {
        seen.push(i);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await Promise.resolve();
        inFlight--;
      },
      { concurrency: 4, maxRequests: 20, maxMs: 10_000, startIndex: 100 },
    );
    expect(result.durations).toHaveLength(20);
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
  });

  it("stops on the first failure and throws it", async () => {
    await expect(
      runClosedLoop(async (i) => { if (i === 3) throw new Error("boom at 3"); }, { concurrency: 2, maxRequests: 100, maxMs: 10_000 }),
    ).rejects.toThrow("boom at 3");
  });
});

describe("runSequential", () => {
  it("measures `runs` calls after `warmup` unmeasured ones, with consecutive indexes", async () => {
    const seen: number[] = [];
    const durations = await runSequential(async (i) => { seen.push(i); }, { runs: 3, warmup: 2, startIndex: 10 });
    expect(durations).toHaveLength(3);
    expect(seen).toEqual([10, 11, 12, 13, 14]);
  });
});

describe("evaluateTargets", () => {
  const measurement = (target: string, query: string, over: Partial<QueryMeasurement> = {}): QueryMeasurement => ({
    target,
    query,
    upstream: { requests: 2, tokens: 20, calls: [], failed: 0 },
    unloaded: { runs: 50, p50Ms: 44, p99Ms: 50, meanMs: 44 },
    loaded: { concurrency: 50, requests: 500, elapsedMs: 1000, p50Ms: 90, p99Ms: 120, throughput: 500, upstream: { requests: 2, tokens: 20, calls: [], failed: 0 }, cpuMsPerQuery: { target: 1, sandbox: 2 } },
    peakRssMb: 100,
    loadAverage: 1,
    ...over,
  });
  const contacts = QUERIES.filter((q) => q.id === "contacts");

  it("passes a gateway at the floor, within 2 × latency + 5 ms, as fast as the peer and under 150 MB", () => {
    const verdicts = evaluateTargets(contacts, [measurement("gateway", "contacts"), measurement("peer", "contacts")], { latencyMs: 20 });
    expect(verdicts.map((v) => [v.target, v.pass])).toEqual([
      ["contacts: upstream at floor", true],
      ["contacts: unloaded p50 ≤ 45 ms", true],
      ["contacts: throughput ≥ peer", true],
      ["gateway peak RSS < 150 MB", true],
    ]);
  });

  it("judges the latency of a two-level query against its measured upstream round trips when they were replayed", () => {
    const replayed = (p50Ms: number) => measurement("gateway", "contacts", { unloaded: { runs: 50, p50Ms, p99Ms: 60, meanMs: p50Ms }, upstreamOnly: { p50Ms: 44.5, overheadMs: Math.round((p50Ms - 44.5) * 100) / 100 } });
    const latency = (m: QueryMeasurement) => evaluateTargets(contacts, [m], { latencyMs: 20 }).find((v) => v.target.includes("unloaded p50"))!;
    expect(latency(replayed(49.4))).toMatchObject({ target: "contacts: unloaded p50 ≤ upstream round trips + 5 ms", pass: true });
    expect(latency(replayed(49.6))).toMatchObject({ pass: false, detail: "p50 49.6 ms: its upstream calls alone 44.5 ms, the gateway adds 5.1 ms (nominal 2 × 20 + 5 = 45 ms)" });
  });

  it("fails each target the gateway misses, saying by how much", () => {
    const gateway = measurement("gateway", "contacts", {
      upstream: { requests: 3, tokens: 40, calls: [], failed: 0 },
      unloaded: { runs: 50, p50Ms: 60, p99Ms: 70, meanMs: 60 },
      loaded: { ...measurement("x", "y").loaded, throughput: 250 },
      peakRssMb: 151,
    });
    const verdicts = evaluateTargets(contacts, [gateway, measurement("peer", "contacts")], { latencyMs: 20 });
    expect(verdicts.every((v) => !v.pass)).toBe(true);
    expect(verdicts.map((v) => v.detail)).toEqual([
      "3 req / 40 tokens per query vs floor 2 / 20",
      "p50 60 ms",
      "250 vs 500 req/s (×0.50)",
      "151 MB (peer 100 MB), with Node's default heap sizing; what a smaller heap costs: npm run bench:memory",
    ]);
  });
});

describe("renderMemoryMarkdown", () => {
  it("renders one row per run, with throughput relative to the peer under Node's defaults and failures said", () => {
    const run = (target: "gateway" | "peer", setting: string, throughput: number | null, failed?: string) => ({
      target, setting, readyRssMb: 100, peakRssMb: throughput === null ? null : 300, throughput, cpuMsPerQuery: 2.5, p50Ms: 90, p99Ms: 150, ...(failed ? { failed } : {}),
    });
    const markdown = renderMemoryMarkdown({
      date: "2026-11-30T01:00:00.000Z",
      command: "node bench/memory.ts",
      machine: { nproc: 2, cpu: "cpu", node: "v24", loadAverageAtStart: [0.1], loadAverageAtEnd: [0.2] },
      settings: { latencyMs: 20, concurrency: 50, loadMs: 5000, query: "contacts" },
      runs: [
        run("gateway", "default", 500),
        run("peer", "default", 400),
        run("gateway", "--max-old-space-size=64", null, "did not start: boom"),
        { ...run("peer", "default", 200), containerMb: 256, cgroupPeakMb: 120 },
      ],
    });
    const rows = markdown.split("\n").filter((line) => line.startsWith("| gateway") || line.startsWith("| peer"));
    expect(rows).toEqual([
      "| gateway | none | (Node's defaults) | 100 | 300 | – | 500 | ×1.25 | 2.5 | 150 |  |",
      "| peer | none | (Node's defaults) | 100 | 300 | – | 400 | ×1.00 | 2.5 | 150 |  |",
      "| gateway | none | `--max-old-space-size=64` | 100 | – | – | – | – | 2.5 | 150 | did not start: boom |",
      "| peer | container of 256 MB | (Node's defaults) | 100 | 300 | 120 | 200 | ×0.50 | 2.5 | 150 |  |",
    ]);
  });
});
