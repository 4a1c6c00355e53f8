/**
 * Turns a Pipedrive client failure into the GatewayError callers see: rate limits and an exhausted daily
 * budget are UPSTREAM_RATE_LIMITED, Pipedrive's 400 is BAD_USER_INPUT with Pipedrive's own message, a 404
 * is NOT_FOUND, a create that may have been applied without a usable answer is UPSTREAM_OUTCOME_UNKNOWN (so
 * the caller does not blindly repeat it), anything else UPSTREAM_ERROR. Messages never carry the token or an
 * upstream URL.
 * Errors that are not Pipedrive's (bugs) pass through unchanged, for the server to mask.
 *
 * @example
 *   try { await client.create("persons", body); } catch (e) { throw toGatewayError(e); }
 */
import { GatewayError } from "../../schema/GatewayError.ts";
import { PipedriveError } from "../pipedrive/PipedriveError.ts";

// Pipedrive's messages are shown to callers: keep them, minus anything that looks like a URL.
function scrub(text: string): string {
  return text.replace(/https?:\/\/\S+/gi, "<url>").trim();
}

export function toGatewayError(error: unknown): unknown {
  if (error instanceof GatewayError || !(error instanceof PipedriveError)) return error;
  const upstreamCode = error.code;
  if (error.writeMayHaveApplied) {
    return new GatewayError(
      "UPSTREAM_OUTCOME_UNKNOWN",
      "The create was sent to Pipedrive but no usable answer came back, so the record may or may not exist. " +
        "The gateway does not send it again: look the record up before creating it again. " +
        "A retry with the same idempotency key gets this answer, never a second create.",
      { extensions: { upstreamCode } },
    );
  }
  switch (error.code) {
    case "RATE_LIMITED":
      return new GatewayError("UPSTREAM_RATE_LIMITED", "Pipedrive's rate limit is reached for now; retry in a few seconds.", { extensions: { upstreamCode } });
    case "BUDGET_EXHAUSTED":
      return new GatewayError("UPSTREAM_RATE_LIMITED", "The Pipedrive account's daily API budget is used up; retry after it resets (midnight, Pipedrive server time).", { extensions: { upstreamCode } });
    case "BAD_REQUEST": {
      const said = scrub([error.pipedriveError, error.pipedriveErrorInfo].filter(Boolean).join(": ")) || "the request was not accepted";
      return new GatewayError("BAD_USER_INPUT", `Pipedrive refused the change: ${said}.`, { extensions: { upstreamCode } });
    }
    case "NOT_FOUND":
      return new GatewayError("NOT_FOUND", "Pipedrive has no such record (it may have been deleted).", { extensions: { upstreamCode } });
    case "UNAUTHORIZED":
      return new GatewayError("UPSTREAM_ERROR", "Pipedrive refused the gateway's API token; the gateway's operators must renew it.", { extensions: { upstreamCode } });
    case "FORBIDDEN":
      return new GatewayError("UPSTREAM_ERROR", "Pipedrive does not let the gateway's user do this (permissions or plan limits).", { extensions: { upstreamCode } });
    case "TIMEOUT":
    case "NETWORK":
      return new GatewayError("UPSTREAM_ERROR", "Pipedrive did not answer in time; retry later.", { extensions: { upstreamCode } });
    default:
      return new GatewayError("UPSTREAM_ERROR", "Pipedrive answered with an error; retry later.", { extensions: { upstreamCode } });
  }
}
