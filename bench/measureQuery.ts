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

/**
 * Measures one query against one target: upstream calls per query (from the sandbox log), unloaded latency
 * (sequential runs after a warm-up) and latency, throughput and peak RSS under a closed loop of
 * `concurrency` clients. The sandbox is reset first, so every target starts from the same data.
 *
 * @example
 *   const m = await measureQuery({ name: "gateway", url }, gatewayPid, QUERIES[0], control, options);
 *   m.upstream.requests; // 2
 */
export async function measureQuery(
  target: GraphqlTarget,
  pid: number,
  query: BenchQuery,
  control: SandboxControl,
  options: MeasureOptions,
): Promise<QueryMeasurement> {
  await control.reset();
  await control.configure(options.sandbox);
  const runId = `${options.runId}-${target.name}`;
  const call = async (i: number) => {
    const data = await sendGraphql(target, query.document, query.variables(i, runId));
    const wrong = query.check(data);
    if (wrong) throw new Error(`${target.name} ${query.id}: ${wrong}`);
  };

  let index = 0;
  await runSequential(call, { runs: 0, warmup: options.warmup, startIndex: index });
  index += options.warmup;
  let upstreamOnly: QueryMeasurement["upstreamOnly"];
  if (!query.mutation) {
    await control.clearLog();
    await call(index++);
    const entries = await control.log();
    if (entries.every((entry) => entry.method === "GET")) {
      const replays = await runSequential(() => control.replay(entries, options.sandboxToken), { runs: Math.max(3, Math.min(options.runs, 20)), warmup: 1 });
      upstreamOnly = { p50Ms: round(percentile(replays, 50)), overheadMs: Number.NaN };
    }
  }
  await control.clearLog();
  const unloaded = await runSequential(call, { runs: options.runs, startIndex: index, maxMs: 60_000 });
  index += unloaded.length;
  const counted = usage(await control.log(), unloaded.length);

  await control.clearLog();
  const cpuBefore = [readCpuMs(pid), options.sandboxPid === undefined ? undefined : readCpuMs(options.sandboxPid)];
  const sampler = sampleRss(pid);
  let peakKb = Number.NaN;
  let loaded: Awaited<ReturnType<typeof runClosedLoop>>;
  try {
    loaded = await runClosedLoop(call, {
      concurrency: options.concurrency,
      maxRequests: options.loadRequests,
      maxMs: options.loadMs,
      startIndex: index,
    });
  } finally {
    peakKb = sampler.stop();
  }
  const cpuAfter = [readCpuMs(pid), options.sandboxPid === undefined ? undefined : readCpuMs(options.sandboxPid)];
  const cpuPerQuery = (i: number) => {
    const [before, after] = [cpuBefore[i], cpuAfter[i]];
    return before === undefined || after === undefined ? Number.NaN : round((after - before) / Math.max(1, loaded.durations.length));
  };
  const loadedUsage = usage(await control.log(), loaded.durations.length);
  await control.clearLog();

  return {
    target: target.name,
    query: query.id,
    upstream: counted,
    unloaded: {
      runs: unloaded.length,
      p50Ms: round(percentile(unloaded, 50)),
      p99Ms: round(percentile(unloaded, 99)),
      meanMs: round(unloaded.reduce((sum, ms) => sum + ms, 0) / Math.max(1, unloaded.length)),
    },
    ...(upstreamOnly && { upstreamOnly: { ...upstreamOnly, overheadMs: round(percentile(unloaded, 50) - upstreamOnly.p50Ms) } }),
    loaded: {
      concurrency: options.concurrency,
      requests: loaded.durations.length,
      elapsedMs: round(loaded.elapsedMs, 0),
      p50Ms: round(percentile(loaded.durations, 50)),
      p99Ms: round(percentile(loaded.durations, 99)),
      throughput: round(loaded.throughput, 1),
      upstream: loadedUsage,
      cpuMsPerQuery: { target: cpuPerQuery(0), sandbox: cpuPerQuery(1) },
    },
    peakRssMb: mb(peakKb),
    loadAverage: round(loadavg()[0] ?? Number.NaN),
  };
}
