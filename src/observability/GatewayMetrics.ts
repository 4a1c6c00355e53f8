/**
 * The gateway's Prometheus metrics, in a Registry of their own (so two gateways in one process, as in
 * tests, never share counters). Served as text at `/metrics`.
 *
 * @example
 *   const metrics = new GatewayMetrics({ rateStatus: () => client.rateStatus() });
 *   metrics.upstreamCall({ method: "GET", endpoint: "GET /api/v2/persons", status: 200, durationMs: 12, attempt: 1, tokenCost: 10 });
 *   await metrics.text(); // "# HELP bedrock_upstream_calls_total ..."
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export interface UpstreamCallRecord {
  method: string;
  endpoint: string;
  status: number | string | undefined;
  durationMs: number;
  attempt: number;
  tokenCost: number;
}

/** Remaining Pipedrive budget as the gateway last saw it; undefined where Pipedrive has not said yet. */
export interface BudgetView {
  burstRemaining?: number;
  dailyTokensRemaining?: number;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({ name: "bedrock_http_requests_total", help: "HTTP requests served, by route and status", labelNames: ["route", "status"], registers: [this.registry] });
  readonly #duration = new Histogram({
    name: "bedrock_http_request_duration_seconds",
    help: "HTTP request duration, by route",
    labelNames: ["route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly #errors = new Counter({ name: "bedrock_graphql_errors_total", help: "GraphQL errors returned, by extensions.code", labelNames: ["code"], registers: [this.registry] });
  readonly #upstreamCalls = new Counter({ name: "bedrock_upstream_calls_total", help: "Pipedrive HTTP attempts, by endpoint and status", labelNames: ["endpoint", "status"], registers: [this.registry] });
  readonly #upstreamDuration = new Histogram({
    name: "bedrock_upstream_call_duration_seconds",
    help: "Pipedrive call duration, by endpoint",
    labelNames: ["endpoint"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly #upstreamTokens = new Counter({ name: "bedrock_upstream_tokens_total", help: "Pipedrive rate-limit tokens spent, by endpoint", labelNames: ["endpoint"], registers: [this.registry] });
  readonly #cache = new Counter({ name: "bedrock_cache_requests_total", help: "Shared cache reads, by cache and result (hit or miss)", labelNames: ["cache", "result"], registers: [this.registry] });

  constructor(options: { budget?: () => BudgetView } = {}) {
    const budget = options.budget;
    new Gauge({
      name: "bedrock_pipedrive_burst_remaining",
      help: "Requests left in Pipedrive's current 2-second burst window (as last reported by Pipedrive)",
      registers: [this.registry],
      collect() {
        const value = budget?.().burstRemaining;
        if (value !== undefined) this.set(value);
      },
    });
    new Gauge({
      name: "bedrock_pipedrive_daily_tokens_remaining",
      help: "Pipedrive daily token budget left (as last reported by Pipedrive)",
      registers: [this.registry],
      collect() {
        const value = budget?.().dailyTokensRemaining;
        if (value !== undefined) this.set(value);
      },
    });
  }

  request(route: string, status: number, durationMs: number): void {
    this.#requests.inc({ route, status: String(status) });
    this.#duration.observe({ route }, durationMs / 1000);
  }

  graphqlError(code: string): void {
    this.#errors.inc({ code });
  }

  upstreamCall(call: UpstreamCallRecord): void {
    this.#upstreamCalls.inc({ endpoint: call.endpoint, status: String(call.status ?? "none") });
    this.#upstreamDuration.observe({ endpoint: call.endpoint }, call.durationMs / 1000);
    if (call.tokenCost > 0) this.#upstreamTokens.inc({ endpoint: call.endpoint }, call.tokenCost);
  }

  cacheRead(cache: string, hit: boolean): void {
    this.#cache.inc({ cache, result: hit ? "hit" : "miss" });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
