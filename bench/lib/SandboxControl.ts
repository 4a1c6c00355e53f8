import { z } from "zod";

const LogEntry = z.object({
  method: z.string(),
  path: z.string(),
  query: z.record(z.string(), z.unknown()).default({}),
  status: z.number(),
  tokenCost: z.number(),
});
export type SandboxLogEntry = z.infer<typeof LogEntry>;

// The log may come as a bare array or wrapped ({ entries } / { data }); both are accepted.
const LogResponse = z.union([
  z.array(LogEntry),
  z.object({ entries: z.array(LogEntry) }).transform((body) => body.entries),
  z.object({ data: z.array(LogEntry) }).transform((body) => body.data),
]);

/** Sandbox settings the benchmark changes (POST /__sandbox/config). */
export interface SandboxSettings {
  latencyMs?: number;
  plan?: "lite" | "growth" | "premium" | "ultimate";
  seats?: number;
  burst?: number;
  /** Search endpoints' burst per 2 s (Pipedrive: 10); the dedupe search of createContact needs more. */
  searchBurst?: number;
}

/**
 * The sandbox's HTTP control plane (/__sandbox/…, no token needed), as seen from another process.
 *
 * @example
 *   const control = new SandboxControl("http://127.0.0.1:4100");
 *   await control.clearLog();
 *   await runQuery();
 *   const entries = await control.log(); // [{ method: "GET", path: "/api/v2/persons", status: 200, tokenCost: 10 }, …]
 */
export class SandboxControl {
  readonly url: string;

  constructor(url: string) {
    this.url = url.replace(/\/+$/, "");
  }

  async log(): Promise<SandboxLogEntry[]> {
    const body = await this.#call("GET", "/__sandbox/log");
    const parsed = LogResponse.safeParse(body);
    if (!parsed.success) {
      throw new Error(`GET /__sandbox/log: expected entries of { method, path, status, tokenCost }, got ${JSON.stringify(body).slice(0, 300)}`);
    }
    return parsed.data.filter((entry) => !entry.path.startsWith("/__sandbox"));
  }

  /**
   * Sends logged GET calls again, one after another, straight to the sandbox: how long the upstream part
   * of a query takes with no GraphQL server in between. Returns the wall time in ms.
   */
  async replay(entries: readonly SandboxLogEntry[], token: string): Promise<number> {
    const t0 = performance.now();
    for (const entry of entries) {
      const query = new URLSearchParams(Object.entries(entry.query).map(([name, value]) => [name, String(value)]));
      const response = await fetch(`${this.url}${entry.path}${query.size ? `?${query}` : ""}`, { headers: { "x-api-token": token } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`replay of GET ${entry.path} answered HTTP ${response.status}`);
    }
    return performance.now() - t0;
  }

  async clearLog(): Promise<void> {
    await this.#call("DELETE", "/__sandbox/log");
  }

  /** Back to the seeded demo account (records, budget); settings are sent again by the caller. */
  async reset(): Promise<void> {
    await this.#call("POST", "/__sandbox/reset");
  }

  async configure(settings: SandboxSettings): Promise<void> {
    await this.#call("POST", "/__sandbox/config", settings);
  }

  async #call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(this.url + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox control ${method} ${path} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  }
}
