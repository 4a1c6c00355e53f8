/**
 * Sends one logical Pipedrive call: rate governor admission, the HTTP attempt with its timeout, the retry
 * policy, error classification and the per-attempt `onCall` report. It answers the parsed JSON of a 2xx;
 * everything else is a PipedriveError.
 *
 * Retry policy. GET and PATCH (idempotent) are retried on network errors, timeouts and 5xx, with exponential
 * backoff and jitter, within `maxAttempts` and an overall `deadlineMs`. A POST is retried only when it provably
 * never left (connection refused, host not found) or on a burst 429 (Pipedrive did not process it): a POST
 * that may have reached Pipedrive is never repeated, because Pipedrive has no idempotency keys and a repeat
 * creates a duplicate. Burst 429s wait for the window's reset (with jitter); a 429 that says the daily budget
 * is gone stops at once (BUDGET_EXHAUSTED).
 *
 * @example
 * const body = await transport.request({ method: "GET", pathTemplate: "/api/v2/persons/{id}", path: "/api/v2/persons/7" });
 */
import { backoffDelay } from "./backoffDelay.ts";
import { errorFromResponse } from "./errorFromResponse.ts";
import { PipedriveError } from "./PipedriveError.ts";
import type { PipedriveErrorCode } from "./PipedriveError.ts";
import type { RateBucket, RateGovernor, Verdict } from "./RateGovernor.ts";
import { sendRequest } from "./sendRequest.ts";
import type { AttemptOutcome } from "./sendRequest.ts";
import { tokenCost } from "./tokenCost.ts";

/** One HTTP attempt, reported through `onCall`. */
export interface UpstreamCall {
  method: string;
  /** Method and path template, e.g. "GET /api/v2/persons/{id}". */
  endpoint: string;
  /** HTTP status; 0 when no response arrived (timeout, network error). */
  status: number;
  durationMs: number;
  /** 1 for the first attempt of a call, 2 for its first retry… */
  attempt: number;
  /** Tokens this attempt spent by Pipedrive's cost table; 0 when no response arrived or on 429. */
  tokenCost: number;
  /** Set when the attempt failed: the error code it was classified as. */
  error?: PipedriveErrorCode;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  deadlineMs: number;
}

export interface TransportOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  retry: RetryPolicy;
  governor: RateGovernor;
  onCall?: (call: UpstreamCall) => void;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
}

export interface TransportRequest {
  method: "GET" | "POST" | "PATCH";
  /** e.g. "/api/v2/persons/{id}": names the endpoint in errors, metrics and the cost table. */
  pathTemplate: string;
  /** The concrete path, e.g. "/api/v2/persons/7". */
  path: string;
  query?: URLSearchParams;
  body?: object;
}

export class PipedriveTransport {
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  async request(request: TransportRequest): Promise<unknown> {
    const { retry, governor, now } = this.#options;
    const endpoint = `${request.method} ${request.pathTemplate}`;
    const bucket: RateBucket = request.pathTemplate.endsWith("/search") ? "search" : "default";
    const cost = tokenCost(request.method, request.pathTemplate);
    const query = request.query?.toString();
    const url = `${this.#options.baseUrl}${request.path}${query ? `?${query}` : ""}`;
    const headers: Record<string, string> = { "x-api-token": this.#options.token, accept: "application/json" };
    if (request.body !== undefined) headers["content-type"] = "application/json";
    const init = { method: request.method, headers, ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}) };
    const started = now();

    for (let attempt = 1; ; attempt++) {
      await governor.admit(bucket, endpoint);
      const timeoutMs = Math.max(1, Math.min(this.#options.timeoutMs, retry.deadlineMs - (now() - started)));
      const t0 = performance.now();
      const outcome = await sendRequest(url, init, timeoutMs);
      const durationMs = Math.round((performance.now() - t0) * 10) / 10;

      const status = outcome.kind === "response" ? outcome.status : 0;
      const spent = outcome.kind === "response" && status !== 429 ? cost : 0;
      governor.recordSpend(spent);
      const verdict = outcome.kind === "response" ? await governor.observe(bucket, endpoint, status, outcome.headers) : null;
      if (outcome.kind === "response" && status === 403 && !outcome.json) await governor.noteBlocked();
      const { failure, retryable, waitMs } = classify(outcome, verdict, request.method, endpoint, timeoutMs);

      this.#report({ method: request.method, endpoint, status, durationMs, attempt, tokenCost: spent, ...(failure ? { error: failure.code } : {}) });

      if (!failure) return outcome.kind === "response" ? outcome.body : undefined;
      if (!retryable) throw failure;
      if (attempt >= retry.maxAttempts) throw gaveUp(failure, attempt, `maxAttempts ${retry.maxAttempts}`);
      const delay = waitMs ?? backoffDelay(attempt, retry, this.#options.random);
      if (now() - started + delay > retry.deadlineMs) throw gaveUp(failure, attempt, `deadlineMs ${retry.deadlineMs}`);
      await this.#options.sleep(delay);
    }
  }

  // A broken metrics or logging callback must not fail the call it reports on.
  #report(call: UpstreamCall): void {
    try {
      this.#options.onCall?.(call);
    } catch {
      // ignored on purpose
    }
  }
}

interface Classified {
  failure: PipedriveError | null;
  /** Whether this client may send the same request again. */
  retryable: boolean;
  /** A wait the rate governor prescribes, instead of the backoff. */
  waitMs: number | null;
}

// The retry policy of the header comment, attempt by attempt.
function classify(
  outcome: AttemptOutcome,
  verdict: Verdict | null,
  method: TransportRequest["method"],
  endpoint: string,
  timeoutMs: number,
): Classified {
  const isPost = method === "POST";
  if (outcome.kind === "timeout") {
    const failure = new PipedriveError(
      `${endpoint} got no complete answer within ${timeoutMs} ms` +
        (isPost ? "; the POST is not repeated, since Pipedrive may have created the record" : "") +
        ". Raise timeoutMs if Pipedrive is slow.",
      { code: "TIMEOUT", endpoint, retryable: !isPost, writeMayHaveApplied: isPost },
    );
    return { failure, retryable: !isPost, waitMs: null };
  }
  if (outcome.kind === "network") {
    const retryable = !isPost || outcome.neverSent;
    const failure = new PipedriveError(
      `${endpoint} failed on the network (${outcome.detail})` +
        (retryable ? "" : "; the POST is not repeated, since it may have reached Pipedrive and created the record") +
        ". Check that the base URL is reachable.",
      { code: "NETWORK", endpoint, retryable, writeMayHaveApplied: !retryable, cause: outcome.cause },
    );
    return { failure, retryable, waitMs: null };
  }
  if (verdict?.kind === "budget") return { failure: verdict.error, retryable: false, waitMs: null };
  if (verdict?.kind === "burst") {
    // Pipedrive did not process a request it refused with 429, so even a POST may go again.
    const failure = errorFromResponse(endpoint, outcome.status, outcome.body, outcome.json, outcome.text);
    return { failure, retryable: true, waitMs: verdict.waitMs };
  }
  if (outcome.status >= 200 && outcome.status < 300) {
    if (outcome.json) return { failure: null, retryable: false, waitMs: null };
    const failure = notJson(endpoint, outcome);
    failure.writeMayHaveApplied = isPost;
    return { failure, retryable: false, waitMs: null };
  }
  const failure = errorFromResponse(endpoint, outcome.status, outcome.body, outcome.json, outcome.text);
  // A POST answered 5xx may have created the record; repeating it could make a duplicate.
  if (isPost) failure.retryable = false;
  if (isPost && outcome.status >= 500) failure.writeMayHaveApplied = true;
  return { failure, retryable: outcome.status >= 500 && !isPost, waitMs: null };
}

function notJson(endpoint: string, outcome: Extract<AttemptOutcome, { kind: "response" }>): PipedriveError {
  const contentType = outcome.headers.get("content-type") ?? "no content-type";
  return new PipedriveError(
    `${endpoint} → ${outcome.status} answered ${contentType} that is not JSON: ${JSON.stringify(outcome.text.slice(0, 80))}. ` +
      `Check that the base URL points at Pipedrive (https://<company>.pipedrive.com).`,
    { code: "MALFORMED_RESPONSE", endpoint, status: outcome.status, retryable: false },
  );
}

function gaveUp(error: PipedriveError, attempts: number, limit: string): PipedriveError {
  error.message = `${error.message} Gave up after ${attempts} attempt${attempts === 1 ? "" : "s"} (${limit}).`;
  return error;
}
