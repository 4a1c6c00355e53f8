/**
 * One HTTP attempt against Pipedrive, bounded by a timeout that covers the body too. The body is always read
 * to the end (or the request aborted), so keep-alive connections go back to the pool instead of leaking.
 *
 * @example
 * const outcome = await sendRequest("https://acme.pipedrive.com/api/v2/persons?limit=1",
 *   { method: "GET", headers: { "x-api-token": token } }, 10_000);
 * if (outcome.kind === "response" && outcome.json) use(outcome.body);
 */
export type AttemptOutcome =
  | {
      kind: "response";
      status: number;
      headers: Headers;
      /** The parsed JSON body; undefined when the body is not JSON (see `text`). */
      body: unknown;
      json: boolean;
      text: string;
    }
  | { kind: "timeout" }
  /** `neverSent`: the connection was refused or the host not found, so the request provably never left. */
  | { kind: "network"; neverSent: boolean; detail: string; cause: unknown };

export interface RequestInitLite {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

// Errors raised before a connection exists: nothing of the request can have reached Pipedrive.
const NEVER_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

export async function sendRequest(url: string, init: RequestInitLite, timeoutMs: number): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal: controller.signal });
    const text = await response.text();
    let body: unknown;
    let json = false;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
        json = true;
      } catch {
        body = undefined;
      }
    }
    return { kind: "response", status: response.status, headers: response.headers, body, json, text };
  } catch (error) {
    if (timedOut) return { kind: "timeout" };
    const code = errorCode(error);
    return {
      kind: "network",
      neverSent: code !== undefined && NEVER_SENT_CODES.has(code),
      detail: code ?? (error instanceof Error ? error.message : String(error)),
      cause: error,
    };
  } finally {
    clearTimeout(timer);
  }
}

// fetch wraps socket errors as TypeError("fetch failed") with the system error, sometimes nested, as cause.
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const inner = (current as { errors?: unknown[] }).errors?.[0];
    current = (current as { cause?: unknown }).cause ?? inner;
  }
  return undefined;
}
