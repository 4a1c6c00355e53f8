/**
 * `npm run bench:memory`: what peak memory costs in throughput. Runs one query at a fixed concurrency against
 * the gateway and the peer, each restarted under a series of V8 heap settings and then inside memory-limited
 * cgroups (as in a container of that size), and reports the peak RSS beside requests per second and CPU per
 * query, so an operator can pick a memory limit knowing its price.
 *
 *   node bench/memory.ts [--latency 20] [--concurrency 50] [--load-ms 5000] [--query contacts]
 *                        [--targets gateway,peer] [--settings "default|--max-old-space-size=256|…"]
 *                        [--containers 160,256,512,1024 | none] [--out bench/results/memory.json]
 *
 * Each setting is a list of node flags ("default" = none). Each container size runs the process inside a cgroup
 * limited to that many MB, once with Node's defaults and once with the old space capped at half the limit: Node
 * sizes V8's heap from the limit, as in a container, and the kernel kills the process past it (needs root and a writable cgroup memory controller; skipped otherwise,
 * with the reason). A run that cannot serve the load (an out-of-memory crash or kill) is reported as failed.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { percentile } from "./lib/percentile.ts";
import { readCpuMs } from "./lib/readCpuMs.ts";
import { renderTable } from "./lib/renderTable.ts";
import { runClosedLoop } from "./lib/runClosedLoop.ts";
import { createMemoryCgroup } from "./lib/memoryCgroup.ts";
import { readRss, sampleRss } from "./lib/sampleRss.ts";
import { sendGraphql } from "./lib/sendGraphql.ts";
import { startGatewayProcess, startPeerProcess, startSandboxProcess, type StartedTarget } from "./lib/startBenchProcesses.ts";
import { QUERIES, type BenchQuery } from "./queries.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Node's defaults, then documented Node options that bound V8's heap, from mild to the tightest that still
 * serves (the young generation is 3 × the semi-space; the old generation is capped by --max-old-space-size).
 */
export const DEFAULT_SETTINGS = [
  "default",
  "--max-semi-space-size=8",
  "--max-old-space-size=256",
  "--max-old-space-size=128 --max-semi-space-size=4",
  "--max-old-space-size=96 --max-semi-space-size=2",
  "--max-old-space-size=48 --max-semi-space-size=1",
] as const;

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const Flags = z.object({
  latency: int(0, 1000).default(20),
  concurrency: int(1, 500).default(50),
  "load-ms": int(500, 60_000).default(5000),
  query: z.enum(QUERIES.map((q) => q.id) as [string, ...string[]]).default("contacts"),
  targets: z.string().default("gateway,peer")
    .transform((text) => text.split(",").map((name) => name.trim()))
    .pipe(z.array(z.enum(["gateway", "peer"])).min(1)),
  settings: z.string().default(DEFAULT_SETTINGS.join("|"))
    .transform((text) => text.split("|").map((setting) => setting.trim()).filter((setting) => setting.length > 0))
    .pipe(z.array(z.string()).min(1)),
  containers: z.string().default("160,256,512,1024")
    .transform((text) => (text.trim() === "none" ? [] : text.split(",").map((size) => Number(size.trim()))))
    .pipe(z.array(z.number().int().min(32).max(65536))),
  out: z.string().default("bench/results/memory.json"),
});
type Flags = z.infer<typeof Flags>;

/** One target under one heap setting or container size. `failed` says why it could not serve the load. */
export interface MemoryRun {
  target: "gateway" | "peer";
  /** Node flags, or "default". */
  setting: string;
  /** The cgroup memory limit the process ran under, MB (absent: none). */
  containerMb?: number;
  /** The most the cgroup was charged (anon and page cache of the process), MB. */
  cgroupPeakMb?: number | null;
  readyRssMb: number | null;
  peakRssMb: number | null;
  throughput: number | null;
  cpuMsPerQuery: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  failed?: string;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const mb = (kb: number | undefined) => (kb === undefined || !Number.isFinite(kb) ? null : round(kb / 1024));

interface RunPlan {
  name: "gateway" | "peer";
  setting: string;
  containerMb?: number;
}

async function measureOne(plan: RunPlan, sandboxUrl: string, query: BenchQuery, flags: Flags): Promise<MemoryRun> {
  const { name, setting, containerMb } = plan;
  const nodeArgs = setting === "default" ? [] : setting.split(/\s+/);
  const empty: MemoryRun = { target: name, setting, ...(containerMb ? { containerMb } : {}), readyRssMb: null, peakRssMb: null, throughput: null, cpuMsPerQuery: null, p50Ms: null, p99Ms: null };
  const group = containerMb ? createMemoryCgroup(`bedrock-bench-${name}-${containerMb}`, containerMb) : undefined;
  if (group && "unavailable" in group) return { ...empty, failed: `skipped: ${group.unavailable}` };
  const inside = group?.procsFile;
  let started: StartedTarget;
  try {
    started = await (name === "gateway" ? startGatewayProcess(sandboxUrl, nodeArgs, inside) : startPeerProcess(sandboxUrl, nodeArgs, inside));
  } catch (error) {
    group?.remove();
    return { ...empty, failed: `did not start: ${(error as Error).message.split("\n")[0]}` };
  }
  const { pid } = started.process;
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
  const call = async (i: number) => {
    const data = await sendGraphql(started.target, query.document, query.variables(i, runId));
    const wrong = query.check(data);
    if (wrong) throw new Error(wrong);
  };
  const cgroupPeak = () => (group ? { cgroupPeakMb: group.peakUsageMb() } : {});
  let peakKb = Number.NaN;
  try {
    const readyRssMb = mb(readRss(pid)?.rssKb);
    // Warm-up: caches filled and hot code compiled, so the loaded phase measures steady state.
    for (let i = 0; i < 20; i++) await call(i);
    const cpuBefore = readCpuMs(pid);
    const sampler = sampleRss(pid, 20);
    let loop: Awaited<ReturnType<typeof runClosedLoop>>;
    try {
      loop = await runClosedLoop(call, { concurrency: flags.concurrency, maxRequests: 1_000_000, maxMs: flags["load-ms"], startIndex: 20 });
    } finally {
      peakKb = sampler.stop();
    }
    const cpuAfter = readCpuMs(pid);
    const cpu = cpuBefore === undefined || cpuAfter === undefined ? null : round((cpuAfter - cpuBefore) / Math.max(1, loop.durations.length), 2);
    return {
      ...empty, readyRssMb, peakRssMb: mb(Math.max(peakKb, readRss(pid)?.hwmKb ?? 0)), ...cgroupPeak(),
      throughput: round(loop.throughput), cpuMsPerQuery: cpu,
      p50Ms: round(percentile(loop.durations, 50), 2), p99Ms: round(percentile(loop.durations, 99), 2),
    };
  } catch (error) {
    if (group && group.oomKills() > 0) {
      return { ...empty, peakRssMb: mb(peakKb), ...cgroupPeak(), failed: `killed by the kernel: over the ${containerMb} MB limit under load` };
    }
    const output = started.process.output().trim().split("\n").slice(-3).join(" | ");
    return { ...empty, failed: `${(error as Error).message.split("\n")[0]}${output ? ` (last output: ${output.slice(-300)})` : ""}` };
  } finally {
    await started.process.stop();
    group?.remove();
  }
}

function printRuns(runs: readonly MemoryRun[], flags: Flags): void {
  const baseline = runs.find((r) => r.target === "peer" && r.setting === "default" && r.containerMb === undefined && r.throughput !== null)?.throughput ?? null;
  const rows = runs.map((r) => [
    r.target, r.containerMb ? `container ${r.containerMb} MB` : "-", r.setting, r.readyRssMb ?? "-", r.peakRssMb ?? "-", r.cgroupPeakMb ?? "-", r.throughput ?? "-",
    r.throughput !== null && baseline ? round(r.throughput / baseline, 2) : "-", r.cpuMsPerQuery ?? "-", r.p50Ms ?? "-", r.p99Ms ?? "-", r.failed ?? "",
  ]);
  process.stdout.write(`\nPeak RSS against throughput: ${flags.query} at ${flags.concurrency} concurrent for ${flags["load-ms"]} ms, upstream latency ${flags.latency} ms\n`);
  process.stdout.write(renderTable(
    ["target", "limit", "node flags", "ready MB", "peak MB", "cgroup peak MB", "req/s", "rps ×peer default", "CPU ms/q", "p50 ms", "p99 ms", "failed"], rows,
  ) + "\n");
}

async function main(argv: string[]): Promise<number> {
  let flags: Flags;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        latency: { type: "string" }, concurrency: { type: "string" }, "load-ms": { type: "string" }, query: { type: "string" },
        targets: { type: "string" }, settings: { type: "string" }, containers: { type: "string" }, out: { type: "string" },
      },
    });
    const parsed = Flags.safeParse(values);
    if (!parsed.success) {
      process.stderr.write(`error: ${parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("\n")}\n`);
      return 1;
    }
    flags = parsed.data;
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  const query = QUERIES.find((q) => q.id === flags.query)!;
  const loadAverageAtStart = loadavg().map((n) => round(n, 2));
  const sandbox = await startSandboxProcess(flags.latency);
  const runs: MemoryRun[] = [];
  try {
    const plans: Omit<RunPlan, "name">[] = [
      ...flags.settings.map((setting) => ({ setting })),
      // Node sizes the heap to about the whole limit, leaving nothing for the rest of the process; the second
      // row of each size caps the old space at half the limit, the setting the README recommends.
      ...flags.containers.flatMap((containerMb) => [
        { setting: "default", containerMb },
        { setting: `--max-old-space-size=${Math.floor(containerMb / 2)}`, containerMb },
      ]),
    ];
    for (const [index, plan] of plans.entries()) {
      // Alternating who goes first spreads the drift of a busy machine over both targets.
      const order = index % 2 === 0 ? flags.targets : [...flags.targets].reverse();
      for (const name of order) {
        process.stdout.write(`measuring ${name} with ${plan.containerMb ? `a ${plan.containerMb} MB container` : plan.setting} …\n`);
        runs.push(await measureOne({ name, ...plan }, sandbox.url, query, flags));
      }
    }
  } finally {
    await sandbox.process.stop();
  }
  printRuns(runs, flags);
  const report = {
    date: new Date().toISOString(),
    command: `node bench/memory.ts ${argv.join(" ")}`.trim(),
    machine: { loadAverageAtStart, loadAverageAtEnd: loadavg().map((n) => round(n, 2)), nproc: availableParallelism(), cpu: cpus()[0]?.model ?? "unknown", node: process.version },
    settings: { latencyMs: flags.latency, concurrency: flags.concurrency, loadMs: flags["load-ms"], query: query.id, document: query.document, containersMb: flags.containers },
    runs,
  };
  const out = resolve(ROOT, flags.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
  process.stdout.write(`Load average (1/5/15 min) at start ${loadAverageAtStart.join(" ")}, at end ${report.machine.loadAverageAtEnd.join(" ")} on ${report.machine.nproc} CPUs\n`);
  process.stdout.write(`Results written to ${relative(process.cwd(), out) || out}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
