import type { QueryMeasurement } from "./measureQuery.ts";
import type { BenchQuery } from "./queries.ts";

export interface TargetVerdict {
  target: string;
  pass: boolean;
  /** What was measured against what was required, e.g. "2 req / 20 tokens vs floor 2 / 20". */
  detail: string;
}

export const RSS_LIMIT_MB = 150;

/**
 * The benchmark's targets, each PASS or FAIL:
 * - upstream requests and tokens at the floor, per query;
 * - unloaded p50 within 2 × upstream latency + 5 ms, per two-level query. "Upstream latency" is what one
 *   upstream round trip really takes, measured by replaying the query's calls straight to the sandbox: its
 *   injected delay is a timer that fires late and a 100-record page takes time to move, so a round trip at
 *   "20 ms" is about 22 ms here. The nominal limit (2 × injected + 5 ms) is printed beside it;
 *   without a replay measurement it is the limit;
 * - throughput at least the peer's, per query;
 * - gateway peak RSS under 150 MB at full concurrency.
 *
 * @example
 *   evaluateTargets(QUERIES, results, { latencyMs: 20 }).filter((v) => !v.pass);
 */
export function evaluateTargets(
  queries: readonly BenchQuery[],
  results: readonly QueryMeasurement[],
  options: { latencyMs: number; gateway?: string; peer?: string },
): TargetVerdict[] {
  const gatewayName = options.gateway ?? "gateway";
  const peerName = options.peer ?? "peer";
  const find = (target: string, query: string) => results.find((r) => r.target === target && r.query === query);
  const verdicts: TargetVerdict[] = [];
  for (const query of queries) {
    const ours = find(gatewayName, query.id);
    if (!ours) {
      verdicts.push({ target: `${query.id}: measured`, pass: false, detail: "no gateway measurement" });
      continue;
    }
    const { requests, tokens } = ours.upstream;
    verdicts.push({
      target: `${query.id}: upstream at floor`,
      pass: requests <= query.floor.requests && tokens <= query.floor.tokens && ours.upstream.failed === 0,
      detail: `${requests} req / ${tokens} tokens per query vs floor ${query.floor.requests} / ${query.floor.tokens}` +
        (ours.upstream.failed ? `, ${ours.upstream.failed} upstream errors` : ""),
    });
    if (query.levels === 2) {
      const nominal = 2 * options.latencyMs + 5;
      const measured = ours.upstreamOnly;
      verdicts.push(
        measured
          ? {
              target: `${query.id}: unloaded p50 ≤ upstream round trips + 5 ms`,
              pass: ours.unloaded.p50Ms <= measured.p50Ms + 5,
              detail: `p50 ${ours.unloaded.p50Ms} ms: its upstream calls alone ${measured.p50Ms} ms, the gateway adds ${measured.overheadMs} ms` +
                ` (nominal 2 × ${options.latencyMs} + 5 = ${nominal} ms)`,
            }
          : {
              target: `${query.id}: unloaded p50 ≤ ${nominal} ms`,
              pass: ours.unloaded.p50Ms <= nominal,
              detail: `p50 ${ours.unloaded.p50Ms} ms`,
            },
      );
    }
    const peer = find(peerName, query.id);
    if (peer) {
      const ratio = peer.loaded.throughput > 0 ? ours.loaded.throughput / peer.loaded.throughput : Number.NaN;
      verdicts.push({
        target: `${query.id}: throughput ≥ peer`,
        pass: ours.loaded.throughput >= peer.loaded.throughput,
        detail: `${ours.loaded.throughput} vs ${peer.loaded.throughput} req/s (×${ratio.toFixed(2)})`,
      });
    }
  }
  const peakOf = (name: string) => Math.max(...results.filter((r) => r.target === name).map((r) => r.peakRssMb));
  const peak = peakOf(gatewayName);
  const peerPeak = peakOf(peerName);
  verdicts.push({
    target: `gateway peak RSS < ${RSS_LIMIT_MB} MB`,
    pass: Number.isFinite(peak) && peak < RSS_LIMIT_MB,
    detail: Number.isFinite(peak)
      ? `${peak} MB${Number.isFinite(peerPeak) ? ` (peer ${peerPeak} MB)` : ""}, with Node's default heap sizing; what a smaller heap costs: npm run bench:memory`
      : "not measured",
  });
  return verdicts;
}
