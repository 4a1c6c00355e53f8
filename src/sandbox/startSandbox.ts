import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { controlPlane } from "./controlPlane.ts";
import { Faults, type FaultRuleInput } from "./Faults.ts";
import { handleApiRequest, type ApiContext } from "./handleApiRequest.ts";
import { RateLimiter } from "./RateLimiter.ts";
import { RequestLog } from "./RequestLog.ts";
import type { SandboxConfig, SandboxSettings } from "./sandboxConfig.ts";
import { sandboxRoutes } from "./sandboxRoutes.ts";
import { Store } from "./Store.ts";
import type { EntityName, FieldDefinition, Plan } from "./types.ts";

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  latencyMs?: number;
  /** Default "ultimate" with 10 seats: 2.1 M tokens a day and 120 requests per 2 s, which no test suite reaches. */
  plan?: Plan;
  seats?: number;
  burst?: number;
  /** Search burst limit per 2 s; Pipedrive's is 10 on every plan. Raise it for suites that search a lot. */
  searchBurst?: number;
  /** The accepted x-api-token; default "sandbox-token". */
  token?: string;
  /** Epoch milliseconds used for timestamps and rate-limit windows; inject one to move time in tests. */
  clock?: () => number;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT — the API is under /api/v2 and /api/v1, the control plane under /__sandbox. */
  url: string;
  token: string;
  log: Pick<RequestLog, "entries" | "clear">;
  faults: { inject(rule: FaultRuleInput): void; clear(): void };
  /** Change custom fields at run time; the Fields API reflects it at once. */
  fields: {
    rename(entity: EntityName, label: string, newLabel: string): FieldDefinition;
    remove(entity: EntityName, label: string): void;
    add(entity: EntityName, field: { field_name: string; field_type: string; options?: string[] }): FieldDefinition;
  };
  /** Changes latency, plan, seats or burst; returns the settings now in force. */
  config(partial: SandboxConfig): SandboxSettings;
  /** Restores the demo account's data and fields and clears the rate limiter's windows and spent tokens. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_TOKEN = "sandbox-token";

/**
 * Starts the embedded Pipedrive sandbox: a real HTTP server that answers like Pipedrive's API for
 * everything the gateway uses, seeded with the deterministic demo account.
 *
 * @example
 *   const sandbox = await startSandbox();
 *   const res = await fetch(`${sandbox.url}/api/v2/persons?limit=5`, { headers: { "x-api-token": sandbox.token } });
 *   await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? Date.now;
  const store = new Store(clock);
  const limiter = new RateLimiter({ plan: options.plan ?? "ultimate", seats: options.seats ?? 10, burst: options.burst, searchBurst: options.searchBurst }, clock);
  const log = new RequestLog();
  const faults = new Faults();
  const token = options.token ?? DEFAULT_TOKEN;
  let latencyMs = options.latencyMs ?? 0;
  const context: ApiContext = { store, router: sandboxRoutes(store), limiter, log, faults, token, latencyMs: () => latencyMs };

  const settings = (): SandboxSettings => {
    const s = limiter.settings;
    return { latencyMs, plan: s.plan, seats: s.seats, burst: s.burst ?? null, searchBurst: s.searchBurst ?? null, dailyTokenBudget: limiter.dailyBudget() };
  };
  const config = (partial: SandboxConfig): SandboxSettings => {
    if (partial.latencyMs !== undefined) latencyMs = partial.latencyMs;
    limiter.configure({
      ...(partial.plan !== undefined && { plan: partial.plan }),
      ...(partial.seats !== undefined && { seats: partial.seats }),
      ...(partial.burst !== undefined && { burst: partial.burst ?? undefined }),
      ...(partial.searchBurst !== undefined && { searchBurst: partial.searchBurst ?? undefined }),
    });
    return settings();
  };
  const reset = (): void => {
    store.reset();
    limiter.reset();
  };

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { success: false, error: "Internal server error", error_info: String(error), data: null, additional_data: null });
    });
  });
  server.keepAliveTimeout = 5_000;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    const rawBody = await readBody(req);
    if (url.pathname.startsWith("/__sandbox/")) {
      let body: unknown;
      try {
        body = rawBody.trim() === "" ? {} : JSON.parse(rawBody);
      } catch {
        return send(res, 400, { error: `Control-plane body is not valid JSON: ${JSON.stringify(rawBody.slice(0, 80))}` });
      }
      const result = controlPlane({ log, faults, store, config, settings, reset }, method, url.pathname, body);
      return send(res, result.status, result.body);
    }
    const outcome = await handleApiRequest(context, { method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, rawBody });
    if (outcome.kind === "drop") {
      req.socket.destroy();
      return;
    }
    send(res, outcome.status, outcome.json ?? outcome.body, outcome.headers);
  }

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://${host}:${address.port}`,
    token,
    log,
    faults,
    fields: {
      rename: (entity, label, newLabel) => store.renameField(entity, label, newLabel),
      remove: (entity, label) => store.removeField(entity, label),
      add: (entity, field) => store.addField(entity, field),
    },
    config,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

// A Buffer body is JSON already serialised (cached record renderings); anything else is stringified here.
function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body), "utf8");
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": bytes.length });
  res.end(bytes);
}
