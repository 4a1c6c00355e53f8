import { setTimeout as sleep } from "node:timers/promises";
import { ApiError } from "./ApiError.ts";
import { errorEnvelope, unauthorizedEnvelope } from "./envelope.ts";
import type { FaultAction, Faults } from "./Faults.ts";
import type { RateDecision, RateLimiter } from "./RateLimiter.ts";
import type { RequestLog, RequestLogEntry } from "./RequestLog.ts";
import type { Router } from "./Router.ts";
import type { Store } from "./Store.ts";
import { rfc3339 } from "./timestamps.ts";

export interface ApiContext {
  store: Store;
  router: Router;
  limiter: RateLimiter;
  log: RequestLog;
  faults: Faults;
  token: string;
  latencyMs(): number;
}

export interface IncomingApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

/** `json`, when present, is `body` already serialised: send it as is. */
export type ApiOutcome = { kind: "drop" } | { kind: "respond"; status: number; headers: Record<string, string>; body: unknown; json?: Buffer };

/**
 * One Pipedrive API request, in Pipedrive's order: injected faults and latency, then the token (401),
 * the route (404/405), the rate limits (429), the handler (400/404 or success). Every outcome is logged.
 *
 * @example
 *   const outcome = await handleApiRequest(context, { method: "GET", path: "/api/v2/persons", query: {}, headers, rawBody: "" });
 */
export async function handleApiRequest(context: ApiContext, request: IncomingApiRequest): Promise<ApiOutcome> {
  const fault = context.faults.take(request.method, request.path);
  const outcome = await answer(context, request, fault);
  // Handled (a write applied and logged), only the answer is lost: what a client sees when a connection breaks
  // after the server acted.
  return fault?.kind === "dropAnswer" ? { kind: "drop" } : outcome;
}

async function answer(context: ApiContext, request: IncomingApiRequest, fault: FaultAction | undefined): Promise<ApiOutcome> {
  const { method, path, query } = request;
  const entry: RequestLogEntry = { method, path, query, status: 0, tokenCost: 0, at: rfc3339(context.store.nowMs()) };
  let body: unknown;
  let malformed = false;
  if (request.rawBody.trim() !== "") {
    try {
      body = JSON.parse(request.rawBody);
    } catch {
      malformed = true;
      body = request.rawBody;
    }
  }
  if (method === "POST" || method === "PATCH") entry.body = body;
  const finish = (status: number, responseBody: unknown, headers: Record<string, string> = {}, json?: Buffer): ApiOutcome => {
    entry.status = status;
    context.log.add(entry);
    return json ? { kind: "respond", status, headers, body: responseBody, json } : { kind: "respond", status, headers, body: responseBody };
  };

  if (fault?.kind === "drop") {
    context.log.add(entry);
    return { kind: "drop" };
  }
  if (fault?.kind === "status") {
    return finish(fault.status, errorEnvelope(fault.status === 503 ? "Service temporarily unavailable" : "Internal server error", "Injected fault (sandbox)."));
  }
  if (fault?.kind === "delay") await sleep(fault.ms);
  const latency = context.latencyMs();
  if (latency > 0) await sleep(latency);

  const token = request.headers["x-api-token"];
  if (typeof token !== "string" || token !== context.token) return finish(401, unauthorizedEnvelope(), { "x-401-by-gw": "true" });

  const match = context.router.match(method, path);
  if (match.kind !== "found") {
    // A wrong path or method still counts against the burst window, but spends no tokens.
    const counted = context.limiter.take(token, false, 0);
    if (!counted.allowed) return finish(429, tooManyRequests(counted), counted.headers);
    if (match.kind === "not-found") return finish(404, errorEnvelope("Unknown method .", `No Pipedrive endpoint ${method} ${path} in the sandbox.`), counted.headers);
    const allowed = match.allowed.join(", ");
    return finish(405, errorEnvelope("Method not allowed", `${path} accepts ${allowed}, not ${method}.`), { ...counted.headers, allow: allowed });
  }

  const decision = context.limiter.take(token, match.route.search === true, match.cost);
  if (!decision.allowed) return finish(429, tooManyRequests(decision), decision.headers);
  entry.tokenCost = match.cost;

  try {
    if (malformed) throw ApiError.badRequest(`The request body is not valid JSON: ${JSON.stringify(request.rawBody.slice(0, 80))}`);
    const result = match.route.handle({ params: match.params, query, body });
    return finish(result.status ?? 200, result.body, decision.headers, result.json);
  } catch (error) {
    if (error instanceof ApiError) return finish(error.status, errorEnvelope(error.message, error.errorInfo), decision.headers);
    const message = error instanceof Error ? error.message : String(error);
    return finish(500, errorEnvelope("Internal server error", `Sandbox bug: ${message}`), decision.headers);
  }
}

// Pipedrive documents no field that tells a burst 429 from a budget 429; the sandbox says which in words.
function tooManyRequests(decision: RateDecision): unknown {
  return decision.reason === "budget"
    ? errorEnvelope("Daily API token budget exhausted", "The company's daily token budget is spent; it resets at midnight UTC.")
    : errorEnvelope("Too many requests", `Wait x-ratelimit-reset (${decision.headers["x-ratelimit-reset"]} s) before retrying.`);
}
