/**
 * Prints a results file of `npm run bench` (or of `npm run bench:memory`) as the Markdown tables
 * docs/benchmarks.md shows, so the documented figures are pasted from a real run, never typed by hand.
 *
 *   node bench/renderMarkdown.ts [bench/results/latest.json | bench/results/memory.json]
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { CompileBenchResult } from "./compile.ts";
import type { TargetVerdict } from "./evaluateTargets.ts";
import type { QueryMeasurement } from "./measureQuery.ts";
import type { MemoryRun } from "./memory.ts";

interface Report {
  date: string;
  command: string;
  machine: { nproc: number; cpu: string; memTotalGb: number; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  settings: { concurrency: number; latencyMs: number };
  gatewayStartMs?: number;
  compile: Partial<CompileBenchResult> & { error?: string; skipped?: string };
  idleRssMb: Record<string, number | null>;
  peakRssMb: Record<string, number | null>;
  queries: { id: string; floor: { requests: number; tokens: number } }[];
  results: QueryMeasurement[];
  targets: TargetVerdict[];
}

const table = (header: string[], rows: (string | number)[][]) =>
  [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");

/**
 * The Markdown of one report: upstream cost, unloaded latency, loaded latency/throughput/CPU/RSS, targets.
 *
 * @example
 *   renderMarkdown(JSON.parse(readFileSync("bench/results/latest.json", "utf8")));
 */
export function renderMarkdown(report: Report): string {
  const get = (target: string, id: string) => report.results.find((r) => r.target === target && r.query === id);
  const dash = "–";
  const c = report.settings.concurrency;
  const upstream = table(
    ["query", "floor (req / tokens)", "gateway", "peer", "gateway's upstream calls per query"],
    report.queries.map((q) => {
      const g = get("gateway", q.id);
      const p = get("peer", q.id);
      return [q.id, `${q.floor.requests} / ${q.floor.tokens}`, g ? `${g.upstream.requests} / ${g.upstream.tokens}` : dash,
        p ? `${p.upstream.requests} / ${p.upstream.tokens}` : dash, g?.upstream.calls.join(", ") ?? dash];
    }),
  );
  const unloaded = table(
    ["query", "gw p50", "gw p99", "gw upstream alone", "gw adds", "peer p50", "peer p99", "peer adds"],
    report.queries.map((q) => {
      const g = get("gateway", q.id);
      const p = get("peer", q.id);
      return [q.id, g?.unloaded.p50Ms ?? dash, g?.unloaded.p99Ms ?? dash, g?.upstreamOnly?.p50Ms ?? dash, g?.upstreamOnly?.overheadMs ?? dash,
        p?.unloaded.p50Ms ?? dash, p?.unloaded.p99Ms ?? dash, p?.upstreamOnly?.overheadMs ?? dash];
    }),
  );
  const loaded = table(
    ["query", `gw@${c} p50`, `gw@${c} p99`, `peer@${c} p50`, `peer@${c} p99`, "gw req/s", "peer req/s", "gw ÷ peer",
      "gw CPU ms/q", "peer CPU ms/q", "sandbox CPU ms/q", "gw peak RSS MB", "peer peak RSS MB"],
    report.queries.map((q) => {
      const g = get("gateway", q.id);
      const p = get("peer", q.id);
      const ratio = g && p && p.loaded.throughput > 0 ? `×${(g.loaded.throughput / p.loaded.throughput).toFixed(2)}` : dash;
      return [q.id, g?.loaded.p50Ms ?? dash, g?.loaded.p99Ms ?? dash, p?.loaded.p50Ms ?? dash, p?.loaded.p99Ms ?? dash,
        g?.loaded.throughput ?? dash, p?.loaded.throughput ?? dash, ratio, g?.loaded.cpuMsPerQuery.target ?? dash,
        p?.loaded.cpuMsPerQuery.target ?? dash, (g ?? p)?.loaded.cpuMsPerQuery.sandbox ?? dash, g?.peakRssMb ?? dash, p?.peakRssMb ?? dash];
    }),
  );
  const k = report.compile;
  const compile = k.shipped && k.loadMappings && k.generated
    ? table(["mapping", "cold ms", "warm ms (median)", "warm p99 ms", "µs per field"], [
        [`${k.shipped.files} shipped mappings (${k.shipped.fields} fields)`, k.shipped.coldMs, k.shipped.warmMs, k.shipped.warmP99Ms, dash],
        ["loadMappings (read + compile)", k.loadMappings.coldMs, k.loadMappings.warmMs, k.loadMappings.warmP99Ms, dash],
        ...k.generated.map((g) => [`generated, ${g.fields} fields`, g.coldMs, g.warmMs, g.warmP99Ms, g.usPerField]),
      ])
    : `Not measured: ${k.error ?? k.skipped ?? "no compile results"}`;
  const targets = table(["", "target", "measured"], report.targets.map((t) => [t.pass ? "PASS" : "**FAIL**", t.target, t.detail]));
  const m = report.machine;
  const facts = [
    `Command: \`${report.command}\`; date ${report.date}; upstream latency ${report.settings.latencyMs} ms.`,
    `Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memTotalGb} GB, Node ${m.node}; load average (1/5/15 min) ${m.loadAverageAtStart.join(" ")} at start, ${m.loadAverageAtEnd.join(" ")} at end.`,
    `Gateway ready ${report.gatewayStartMs ?? dash} ms after spawn. RSS when ready: ${Object.entries(report.idleRssMb).map(([k, v]) => `${k} ${v} MB`).join(", ")}; ` +
      `VmHWM at the end: ${Object.entries(report.peakRssMb).map(([k, v]) => `${k} ${v} MB`).join(", ")}.`,
  ].join("\n");
  return [facts, "### Compile", compile, "### Upstream cost per query", upstream, "### Unloaded latency (ms, sequential)", unloaded,
    `### Under load (${c} concurrent, closed loop)`, loaded, "### Targets", targets].join("\n\n") + "\n";
}

interface MemoryReport {
  date: string;
  command: string;
  machine: { nproc: number; cpu: string; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  settings: { latencyMs: number; concurrency: number; loadMs: number; query: string };
  runs: MemoryRun[];
}

/**
 * The Markdown of a `npm run bench:memory` report: one row per target and heap setting.
 *
 * @example
 *   renderMemoryMarkdown(JSON.parse(readFileSync("bench/results/memory.json", "utf8")));
 */
export function renderMemoryMarkdown(report: MemoryReport): string {
  const dash = "–";
  const baseline = report.runs.find((r) => r.target === "peer" && r.setting === "default" && r.containerMb === undefined)?.throughput ?? null;
  const rows = report.runs.map((r) => [
    r.target, r.containerMb ? `container of ${r.containerMb} MB` : "none", r.setting === "default" ? "(Node's defaults)" : `\`${r.setting}\``,
    r.readyRssMb ?? dash, r.peakRssMb ?? dash, r.cgroupPeakMb ?? dash, r.throughput ?? dash,
    r.throughput !== null && baseline ? `×${(r.throughput / baseline).toFixed(2)}` : dash, r.cpuMsPerQuery ?? dash, r.p99Ms ?? dash, r.failed ?? "",
  ]);
  const m = report.machine;
  const s = report.settings;
  return [
    `Command: \`${report.command}\`; date ${report.date}; query ${s.query} at ${s.concurrency} concurrent for ${s.loadMs} ms, upstream latency ${s.latencyMs} ms.`,
    `Machine: ${m.nproc} CPUs (${m.cpu}), Node ${m.node}; load average (1/5/15 min) ${m.loadAverageAtStart.join(" ")} at start, ${m.loadAverageAtEnd.join(" ")} at end.`,
    "",
    table(["target", "memory limit", "node flags", "ready RSS MB", "peak RSS MB", "cgroup peak MB", "req/s", "÷ peer (defaults)", "CPU ms/query", "p99 ms", "failed"], rows),
  ].join("\n") + "\n";
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const path = process.argv[2] ?? "bench/results/latest.json";
  const report = JSON.parse(readFileSync(path, "utf8")) as Report | MemoryReport;
  process.stdout.write("runs" in report ? renderMemoryMarkdown(report) : renderMarkdown(report));
}
