/**
 * `npm run bench`: how fast and how frugal the gateway is, beside the floor and a hand-written peer.
 *
 *   node bench/run.ts [--latency 20] [--quick] [--runs 50] [--warmup 5] [--concurrency 50]
 *                     [--load-ms 5000] [--load-requests 5000] [--rounds 2] [--queries contacts,contactById]
 *                     [--targets gateway,peer] [--skip-compile] [--out bench/results/latest.json] [--strict]
 *
 * Starts the sandbox, the gateway and the peer as separate processes on free 127.0.0.1 ports, runs the
 * compile benchmark and then every query of the mix against both, prints tables and PASS/FAIL per target,
 * and writes the results as JSON. Every process it started is stopped at the end, also on failure.
 * Profiling: BENCH_GATEWAY_NODE_ARGS / BENCH_PEER_NODE_ARGS add node flags to that process (e.g.
 * "--cpu-prof --cpu-prof-dir=bench/results/prof"); BENCH_GATEWAY_LOG_LEVEL sets the gateway's LOG_LEVEL (warn).
 * Exit code: 0 when the run completed (1 with --strict when a target failed), 1 when the run broke.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { evaluateTargets, type TargetVerdict } from "./evaluateTargets.ts";
import { readRss } from "./lib/sampleRss.ts";
import { renderTable } from "./lib/renderTable.ts";
import type { SandboxControl } from "./lib/SandboxControl.ts";
import { BENCH_SANDBOX, SANDBOX_TOKEN, startGatewayProcess, startPeerProcess, startSandboxProcess } from "./lib/startBenchProcesses.ts";
import type { BenchProcess } from "./lib/startProcess.ts";
import type { GraphqlTarget } from "./lib/sendGraphql.ts";
import { measureQuery, type MeasureOptions, type QueryMeasurement } from "./measureQuery.ts";
import { QUERIES } from "./queries.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const Flags = z.object({
  latency: int(0, 1000).default(20),
  quick: z.boolean().default(false),
  runs: int(1, 1000).optional(),
  warmup: int(0, 100).optional(),
  concurrency: int(1, 500).optional(),
  "load-ms": int(100, 10_000).optional(),
  "load-requests": int(1, 100_000).optional(),
  rounds: int(1, 10).optional(),
  queries: z.string().optional(),
  "skip-compile": z.boolean().default(false),
  out: z.string().default("bench/results/latest.json"),
  strict: z.boolean().default(false),
  targets: z
    .string()
    .default("gateway,peer")
    .transform((text) => text.split(",").map((name) => name.trim()))
    .pipe(z.array(z.enum(["gateway", "peer"])).min(1)),
});
type Flags = z.infer<typeof Flags>;

function readFlags(argv: string[]): Flags {
  const { values } = parseArgs({
    args: argv,
    options: {
      latency: { type: "string" }, quick: { type: "boolean" }, runs: { type: "string" }, warmup: { type: "string" },
      concurrency: { type: "string" }, "load-ms": { type: "string" }, "load-requests": { type: "string" }, rounds: { type: "string" },
      queries: { type: "string" }, targets: { type: "string" }, "skip-compile": { type: "boolean" }, out: { type: "string" }, strict: { type: "boolean" },
    },
  });
  const parsed = Flags.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`);
    throw new UsageProblem(problems.join("\n"));
  }
  return parsed.data;
}

class UsageProblem extends Error {}

function measureOptions(flags: Flags, runId: string): MeasureOptions {
  return {
    warmup: flags.warmup ?? (flags.quick ? 1 : 5),
    runs: flags.runs ?? (flags.quick ? 3 : 50),
    concurrency: flags.concurrency ?? (flags.quick ? 2 : 50),
    loadRequests: flags["load-requests"] ?? (flags.quick ? 6 : 5000),
    loadMs: flags["load-ms"] ?? (flags.quick ? 2000 : 5000),
    rounds: flags.rounds ?? (flags.quick ? 1 : 2),
    sandbox: { latencyMs: flags.latency, ...BENCH_SANDBOX },
    sandboxToken: SANDBOX_TOKEN,
    runId,
  };
}

function selectQueries(flags: Flags) {
  if (!flags.queries) return QUERIES;
  const wanted = flags.queries.split(",").map((id) => id.trim());
  const unknown = wanted.filter((id) => !QUERIES.some((q) => q.id === id));
  if (unknown.length) throw new UsageProblem(`--queries: unknown ${unknown.join(", ")}; known: ${QUERIES.map((q) => q.id).join(", ")}`);
  return QUERIES.filter((q) => wanted.includes(q.id));
}

async function compileBenchmark(flags: Flags): Promise<unknown> {
  if (flags["skip-compile"]) return { skipped: "--skip-compile" };
  try {
    const { runCompileBench, renderCompileBench } = await import("./compile.ts");
    const result = await runCompileBench({ quick: flags.quick });
    process.stdout.write(`\nCompile benchmark\n${renderCompileBench(result)}\n`);
    return result;
  } catch (error) {
    process.stdout.write(`\nCompile benchmark failed: ${(error as Error).message}\n`);
    return { error: (error as Error).message };
  }
}

type TargetName = "gateway" | "peer";

interface Started {
  processes: BenchProcess[];
  control: SandboxControl;
  targets: { target: GraphqlTarget; pid: number; idleRssMb: number | null }[];
  gatewayStartMs?: number;
}

function rssMb(pid: number): number | null {
  const kb = readRss(pid)?.rssKb;
  return kb === undefined ? null : Number((kb / 1024).toFixed(1));
}

// Extra node flags for one process, e.g. BENCH_GATEWAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/results/prof".
function nodeArgs(variable: string): string[] {
  return (process.env[variable] ?? "").split(/\s+/).filter((arg) => arg.length > 0);
}

async function startAll(latencyMs: number, names: readonly TargetName[]): Promise<Started> {
  const processes: BenchProcess[] = [];
  try {
    const sandbox = await startSandboxProcess(latencyMs);
    processes.push(sandbox.process);
    const started: Started = { processes, control: sandbox.control, targets: [] };
    if (names.includes("gateway")) {
      const t0 = performance.now();
      const gateway = await startGatewayProcess(sandbox.url, nodeArgs("BENCH_GATEWAY_NODE_ARGS"));
      processes.push(gateway.process);
      started.gatewayStartMs = Math.round(performance.now() - t0);
      started.targets.push({ target: gateway.target, pid: gateway.process.pid, idleRssMb: rssMb(gateway.process.pid) });
    }
    if (names.includes("peer")) {
      const peer = await startPeerProcess(sandbox.url, nodeArgs("BENCH_PEER_NODE_ARGS"));
      processes.push(peer.process);
      started.targets.push({ target: peer.target, pid: peer.process.pid, idleRssMb: rssMb(peer.process.pid) });
    }
    return started;
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop()));
    throw error;
  }
}

const fixed = (n: number) => (Number.isFinite(n) ? Number(n.toFixed(1)) : "-");

function printReport(queries: typeof QUERIES, results: QueryMeasurement[], verdicts: TargetVerdict[], concurrency: number): void {
  const get = (target: string, id: string) => results.find((r) => r.target === target && r.query === id);
  const upstreamRows = queries.map((q) => {
    const g = get("gateway", q.id);
    const p = get("peer", q.id);
    return [q.id, `${q.floor.requests} / ${q.floor.tokens}`, g ? `${g.upstream.requests} / ${g.upstream.tokens}` : "-",
      p ? `${p.upstream.requests} / ${p.upstream.tokens}` : "-", (g ?? p)?.upstream.calls.join(", ") ?? "-"];
  });
  process.stdout.write(`\nUpstream per query (requests / tokens; floor = one call per level, ids by 100, users cached)\n`);
  process.stdout.write(renderTable(["query", "floor", "gateway", "peer", "gateway calls"], upstreamRows) + "\n");

  const latencyRows = queries.map((q) => {
    const g = get("gateway", q.id);
    const p = get("peer", q.id);
    const ratio = (a?: number, b?: number) => (a !== undefined && b ? fixed(a / b) : "-");
    return [q.id, g?.unloaded.p50Ms ?? "-", g?.unloaded.p99Ms ?? "-", g?.upstreamOnly?.p50Ms ?? "-", g?.upstreamOnly?.overheadMs ?? "-",
      p?.unloaded.p50Ms ?? "-", p?.unloaded.p99Ms ?? "-", p?.upstreamOnly?.overheadMs ?? "-",
      g?.loaded.p50Ms ?? "-", g?.loaded.p99Ms ?? "-", p?.loaded.p50Ms ?? "-", p?.loaded.p99Ms ?? "-", g ? fixed(g.loaded.throughput) : "-",
      p ? fixed(p.loaded.throughput) : "-", ratio(g?.loaded.throughput, p?.loaded.throughput),
      ratio(g?.unloaded.p50Ms, p?.unloaded.p50Ms), g?.loaded.cpuMsPerQuery.target ?? "-", p?.loaded.cpuMsPerQuery.target ?? "-",
      (g ?? p)?.loaded.cpuMsPerQuery.sandbox ?? "-", g?.peakRssMb ?? "-", p?.peakRssMb ?? "-"];
  });
  process.stdout.write(`\nLatency (ms) unloaded and at ${concurrency} concurrent, throughput (req/s) at ${concurrency}, CPU ms per query under load, peak RSS (MB)\n`);
  process.stdout.write(renderTable(
    ["query", "gw p50", "gw p99", "gw upstream", "gw adds", "peer p50", "peer p99", "peer adds", `gw@${concurrency} p50`, `gw@${concurrency} p99`, `peer@${concurrency} p50`,
      `peer@${concurrency} p99`, "gw rps", "peer rps", "rps ×peer", "p50 ×peer", "gw CPU/q", "peer CPU/q", "sandbox CPU/q", "gw RSS", "peer RSS"],
    latencyRows,
  ) + "\n");

  process.stdout.write(`\nTargets\n`);
  process.stdout.write(renderTable(["", "target", "measured"], verdicts.map((v) => [v.pass ? "PASS" : "FAIL", v.target, v.detail])) + "\n");
}

async function main(argv: string[]): Promise<number> {
  let flags: Flags;
  let queries: typeof QUERIES;
  try {
    flags = readFlags(argv);
    queries = selectQueries(flags);
  } catch (error) {
    if (error instanceof UsageProblem || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
  const options = measureOptions(flags, runId);
  const compile = await compileBenchmark(flags);

  const loadAverageAtStart = loadavg().map((n) => Number(n.toFixed(2)));
  let env: Started;
  try {
    env = await startAll(flags.latency, flags.targets);
  } catch (error) {
    process.stderr.write(`error: the benchmark could not start its processes: ${(error as Error).message}\n`);
    return 1;
  }
  const results: QueryMeasurement[] = [];
  try {
    for (const query of queries) {
      process.stdout.write(`measuring ${query.id} …\n`);
      // Alternating who goes first spreads the drift of a busy machine over both targets.
      const order = queries.indexOf(query) % 2 === 0 ? env.targets : [...env.targets].reverse();
      results.push(...(await measureQuery(order, query, env.control, { ...options, sandboxPid: env.processes[0]?.pid })));
    }
    const compileTargets = (compile as { targets?: TargetVerdict[] }).targets ??
      (flags["skip-compile"] ? [] : [{ target: "compile benchmark ran", pass: false, detail: String((compile as { error?: string }).error) }]);
    const verdicts = [...compileTargets, ...evaluateTargets(queries, results, { latencyMs: flags.latency })];
    const hwm = (name: string) => {
      const pid = env.targets.find((t) => t.target.name === name)?.pid;
      const kb = pid === undefined ? undefined : readRss(pid)?.hwmKb;
      return kb === undefined ? null : Number((kb / 1024).toFixed(1));
    };
    printReport(queries, results, verdicts, options.concurrency);
    const report = {
      date: new Date().toISOString(),
      command: `node bench/run.ts ${argv.join(" ")}`.trim(),
      machine: { loadAverageAtStart, loadAverageAtEnd: loadavg().map((n) => Number(n.toFixed(2))), nproc: availableParallelism(), cpu: cpus()[0]?.model ?? "unknown", memTotalGb: Number((totalmem() / 2 ** 30).toFixed(1)), node: process.version },
      settings: { latencyMs: flags.latency, ...options, sandbox: options.sandbox },
      gatewayStartMs: env.gatewayStartMs,
      peakRssMb: { gateway: hwm("gateway"), peer: hwm("peer") },
      idleRssMb: Object.fromEntries(env.targets.map((t) => [t.target.name, t.idleRssMb])),
      compile,
      queries: queries.map((q) => ({ id: q.id, title: q.title, levels: q.levels, document: q.document, floor: q.floor })),
      results,
      targets: verdicts,
    };
    const out = resolve(ROOT, flags.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
    if (env.gatewayStartMs !== undefined) process.stdout.write(`\nGateway ready in ${env.gatewayStartMs} ms after spawn\n`);
    process.stdout.write(`RSS when ready: ${env.targets.map((t) => `${t.target.name} ${t.idleRssMb ?? "-"} MB`).join(", ")}; ` +
      `VmHWM (peak since start): gateway ${report.peakRssMb.gateway ?? "-"} MB, peer ${report.peakRssMb.peer ?? "-"} MB\n`);
    process.stdout.write(`Load average (1/5/15 min) at start ${loadAverageAtStart.join(" ")}, at end ${report.machine.loadAverageAtEnd.join(" ")} on ${report.machine.nproc} CPUs\n`);
    process.stdout.write(`Results written to ${relative(process.cwd(), out) || out}\n`);
    const failed = verdicts.filter((v) => !v.pass).length;
    process.stdout.write(`${verdicts.length - failed} of ${verdicts.length} targets passed\n`);
    return flags.strict && failed > 0 ? 1 : 0;
  } catch (error) {
    for (const p of env.processes) process.stderr.write(`\n--- last output of ${p.name} ---\n${p.output().slice(-2000)}\n`);
    throw error;
  } finally {
    await Promise.all(env.processes.map((p) => p.stop()));
  }
}

process.exitCode = await main(process.argv.slice(2));
