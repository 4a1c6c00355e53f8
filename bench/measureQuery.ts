import { loadavg } from "node:os";
import type { BenchQuery } from "./queries.ts";
import { percentile } from "./lib/percentile.ts";
import { readCpuMs } from "./lib/readCpuMs.ts";
import { runClosedLoop } from "./lib/runClosedLoop.ts";
import { runSequential } from "./lib/runSequential.ts";
import { sampleRss } from "./lib/sampleRss.ts";
import type { SandboxControl, SandboxLogEntry, SandboxSettings } from "./lib/SandboxControl.ts";
import { sendGraphql, type GraphqlTarget } from "./lib/sendGraphql.ts";

export interface MeasureOptions {
  warmup: number;
  /** Sequential measured runs (also the runs upstream calls are counted over). */
  runs: number;
  concurrency: number;
  /** Closed loop bounds: stops at whichever comes first. */
  loadRequests: number;
  loadMs: number;
  /** Sent to the sandbox after each reset. */
  sandbox: SandboxSettings;
  /** The sandbox's API token, for replaying upstream calls. */
  sandboxToken: string;
  /** Loaded phase split in this many rounds alternating the targets (default 1). */
  rounds?: number;
  /** The sandbox process, whose CPU per query is reported beside the target's. */
  sandboxPid?: number;
  runId: string;
}

export interface UpstreamUsage {
  /** Upstream requests and tokens per query (average over the counted runs). */
  requests: number;
  tokens: number;
  /** Each upstream call per query, e.g. "GET /api/v2/persons ×1". */
  calls: string[];
  /** Upstream answers that were not 2xx (should be 0). */
  failed: number;
}

export interface QueryMeasurement {
  target: string;
  query: string;
  upstream: UpstreamUsage;
  unloaded: { runs: number; p50Ms: number; p99Ms: number; meanMs: number };
  /**
   * Read queries: p50 of this target's upstream calls for one query replayed sequentially straight to the
   * sandbox (the part of the latency the server cannot remove) and what the server adds on top (p50 − that).
   */
  upstreamOnly?: { p50Ms: number; overheadMs: number };
  loaded: {
    concurrency: number; requests: number; elapsedMs: number; p50Ms: number; p99Ms: number; throughput: number; upstream: UpstreamUsage;
    /** CPU time per query under load (user + system, ms) of the target and of the sandbox. */
    cpuMsPerQuery: { target: number; sandbox: number };
  };
  /** Highest VmRSS of the target process during the loaded phase, MB. */
  peakRssMb: number;
  /** The machine's 1-minute load average when the measurement ended: other work on the machine skews it. */
  loadAverage: number;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const mb = (kb: number) => round(kb / 1024, 1);

// Paths become templates (ids → {id}) so that calls of different runs add up.
function usage(entries: readonly SandboxLogEntry[], queries: number): UpstreamUsage {
  const counts = new Map<string, number>();
  let tokens = 0;
  let failed = 0;
  for (const entry of entries) {
    const key = `${entry.method} ${entry.path.replace(/\/\d+(?=\/|$)/g, "/{id}")}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    tokens += entry.tokenCost;
    if (entry.status >= 300) failed++;
  }
  const per = (n: number) => (queries > 0 ? round(n / queries) : 0);
  return {
    requests: per(entries.length),
    tokens: per(tokens),
    calls: [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key} ×${per(n)}`),
    failed,
  };
}

interface Prepared {
  target: GraphqlTarget;
  pid: number;
  call: (i: number) => Promise<void>;
  next: number;
  upstream: UpstreamUsage;
  unloaded: number[];
  upstreamOnly?: QueryMeasurement["upstreamOnly"];
}

interface LoadedRound {
  durations: number[];
  elapsedMs: number;
  entries: SandboxLogEntry[];
  cpuMs: [target: number, sandbox: number];
  peakKb: number;
}

const cpuOf = (pid: number | undefined) => (pid === undefined ? undefined : readCpuMs(pid));

// Warm-up, the replay of one query's upstream calls, and the counted sequential runs, from a freshly reset sandbox.
async function prepare(target: GraphqlTarget, pid: number, query: BenchQuery, control: SandboxControl, options: MeasureOptions): Promise<Prepared> {
  await control.reset();
  await control.configure(options.sandbox);
  const runId = `${options.runId}-${target.name}`;
  const call = async (i: number) => {
    const data = await sendGraphql(target, query.document, query.variables(i, runId));
    const wrong = query.check(data);
    if (wrong) throw new Error(`${target.name} ${query.id}: ${wrong}`);
  };
  let next = 0;
  await runSequential(call, { runs: 0, warmup: options.warmup, startIndex: next });
  next += options.warmup;
  let upstreamOnly: Prepared["upstreamOnly"];
  if (!query.mutation) {
    await control.clearLog();
    await call(next++);
    const entries = await control.log();
    if (entries.every((entry) => entry.method === "GET")) {
      const replays = await runSequential(() => control.replay(entries, options.sandboxToken), { runs: Math.max(3, Math.min(options.runs, 20)), warmup: 1 });
      upstreamOnly = { p50Ms: round(percentile(replays, 50)), overheadMs: Number.NaN };
    }
  }
  await control.clearLog();
  const unloaded = await runSequential(call, { runs: options.runs, startIndex: next, maxMs: 60_000 });
  next += unloaded.length;
  const upstream = usage(await control.log(), unloaded.length);
  if (upstreamOnly) upstreamOnly.overheadMs = round(percentile(unloaded, 50) - upstreamOnly.p50Ms);
  return { target, pid, call, next, upstream, unloaded, ...(upstreamOnly && { upstreamOnly }) };
}

async function loadRound(prepared: Prepared, control: SandboxControl, options: MeasureOptions, share: number): Promise<LoadedRound> {
  await control.clearLog();
  const before = [cpuOf(prepared.pid), cpuOf(options.sandboxPid)];
  const sampler = sampleRss(prepared.pid);
  let peakKb = Number.NaN;
  let loop: Awaited<ReturnType<typeof runClosedLoop>>;
  try {
    loop = await runClosedLoop(prepared.call, {
      concurrency: options.concurrency,
      maxRequests: Math.max(1, Math.round(options.loadRequests * share)),
      maxMs: options.loadMs * share,
      startIndex: prepared.next,
    });
  } finally {
    peakKb = sampler.stop();
  }
  const after = [cpuOf(prepared.pid), cpuOf(options.sandboxPid)];
  prepared.next += loop.durations.length;
  const spent = (i: number) => (before[i] === undefined || after[i] === undefined ? Number.NaN : after[i]! - before[i]!);
  return { durations: loop.durations, elapsedMs: loop.elapsedMs, entries: await control.log(), cpuMs: [spent(0), spent(1)], peakKb };
}

/**
 * Measures one query on every target: per target, from a freshly reset sandbox, upstream calls per query (from
 * the sandbox log), the replay of its upstream calls alone and unloaded latency (sequential runs after a
 * warm-up); then latency, throughput, CPU and peak RSS under a closed loop of `concurrency` clients, run in
 * `rounds` rounds that alternate the targets, so a machine whose load drifts skews them alike.
 *
 * @example
 *   const [gateway, peer] = await measureQuery([{ target: gw, pid: gwPid }, { target: peer, pid: peerPid }], QUERIES[0], control, options);
 *   gateway.upstream.requests; // 2
 */
export async function measureQuery(
  targets: readonly { target: GraphqlTarget; pid: number }[],
  query: BenchQuery,
  control: SandboxControl,
  options: MeasureOptions,
): Promise<QueryMeasurement[]> {
  const prepared: Prepared[] = [];
  for (const { target, pid } of targets) prepared.push(await prepare(target, pid, query, control, options));
  const rounds = Math.max(1, options.rounds ?? 1);
  const loaded = new Map<Prepared, LoadedRound[]>(prepared.map((p) => [p, []]));
  for (let round = 0; round < rounds; round++) {
    for (const p of round % 2 === 0 ? prepared : [...prepared].reverse()) loaded.get(p)!.push(await loadRound(p, control, options, 1 / rounds));
  }
  return prepared.map((p) => {
    const parts = loaded.get(p)!;
    const durations = parts.flatMap((part) => part.durations);
    const elapsedMs = parts.reduce((sum, part) => sum + part.elapsedMs, 0);
    const perQuery = (i: 0 | 1) => round(parts.reduce((sum, part) => sum + part.cpuMs[i], 0) / Math.max(1, durations.length));
    return {
      target: p.target.name,
      query: query.id,
      upstream: p.upstream,
      unloaded: {
        runs: p.unloaded.length,
        p50Ms: round(percentile(p.unloaded, 50)),
        p99Ms: round(percentile(p.unloaded, 99)),
        meanMs: round(p.unloaded.reduce((sum, ms) => sum + ms, 0) / Math.max(1, p.unloaded.length)),
      },
      ...(p.upstreamOnly && { upstreamOnly: p.upstreamOnly }),
      loaded: {
        concurrency: options.concurrency,
        requests: durations.length,
        elapsedMs: round(elapsedMs, 0),
        p50Ms: round(percentile(durations, 50)),
        p99Ms: round(percentile(durations, 99)),
        throughput: round(elapsedMs > 0 ? (durations.length * 1000) / elapsedMs : 0, 1),
        upstream: usage(parts.flatMap((part) => part.entries), durations.length),
        cpuMsPerQuery: { target: perQuery(0), sandbox: perQuery(1) },
      },
      peakRssMb: mb(Math.max(...parts.map((part) => part.peakKb))),
      loadAverage: round(loadavg()[0] ?? Number.NaN),
    };
  });
}
