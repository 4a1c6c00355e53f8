/**
 * Turns a non-2xx Pipedrive answer into a PipedriveError carrying the status and Pipedrive's own `error` and
 * `error_info` texts. A body that is not JSON (Cloudflare's HTML 403 after ignored 429s, a proxy's 502 page)
 * is named as such with a short excerpt instead of failing to parse.
 *
 * @example
 * errorFromResponse("GET /api/v2/persons/{id}", 404, { success: false, error: "Entity was not found" }, true, "…")
 * // PipedriveError NOT_FOUND: GET /api/v2/persons/{id} → 404 Entity was not found
 */
import { PipedriveError } from "./PipedriveError.ts";
import type { PipedriveErrorCode } from "./PipedriveError.ts";
import { errorEnvelope } from "./responseSchemas.ts";

export function errorFromResponse(endpoint: string, status: number, body: unknown, json: boolean, text: string): PipedriveError {
  const code = codeForStatus(status);
  const envelope = json ? errorEnvelope.safeParse(body) : undefined;
  const pipedriveError = envelope?.success ? envelope.data.error : undefined;
  const pipedriveErrorInfo = envelope?.success ? envelope.data.error_info : undefined;
  const said = pipedriveError
    ? `${pipedriveError}${pipedriveErrorInfo ? ` (${pipedriveErrorInfo})` : ""}`
    : json
      ? "no error text"
      : `a non-JSON body: ${excerpt(text)}`;
  return new PipedriveError(`${endpoint} → ${status} ${said}. ${advice(code, status, json)}`.trim(), {
    code,
    endpoint,
    status,
    retryable: code === "UPSTREAM_ERROR" || code === "RATE_LIMITED",
    ...(pipedriveError !== undefined ? { pipedriveError } : {}),
    ...(pipedriveErrorInfo !== undefined ? { pipedriveErrorInfo } : {}),
  });
}

function codeForStatus(status: number): PipedriveErrorCode {
  if (status === 401) return "UNAUTHORIZED";
  if (status === 402 || status === 403) return "FORBIDDEN";
  if (status === 404 || status === 410) return "NOT_FOUND";
  if (status === 429) return "RATE_LIMITED";
  if (status >= 500) return "UPSTREAM_ERROR";
  if (status >= 400) return "BAD_REQUEST";
  return "MALFORMED_RESPONSE";
}

function advice(code: PipedriveErrorCode, status: number, json: boolean): string {
  switch (code) {
    case "UNAUTHORIZED":
      return "The API token was refused: check PIPEDRIVE_API_TOKEN (Pipedrive → Personal preferences → API).";
    case "FORBIDDEN":
      return json
        ? "The token's user may not do this, or the account hit a plan limit."
        : "A non-JSON 403 is Cloudflare blocking the token after ignored 429s: calls pause so the block can lift.";
    case "RATE_LIMITED":
      return "The burst limit stayed exceeded after the allowed retries; lower the request rate.";
    case "UPSTREAM_ERROR":
      return "Pipedrive failed; the call may succeed later.";
    case "MALFORMED_RESPONSE":
      return `Status ${status} is not an answer this client expects.`;
    default:
      return "";
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
  if (flat.length === 0) return "(empty)";
  return JSON.stringify(flat.length > 120 ? `${flat.slice(0, 120)}…` : flat);
}
