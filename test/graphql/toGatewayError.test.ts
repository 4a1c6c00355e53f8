/** Every PipedriveError code maps to the documented GraphQL code, without the token or an upstream URL. */
import { describe, expect, it } from "vitest";
import { GatewayError } from "../../schema/GatewayError.ts";
import { toGatewayError } from "../../src/graphql/toGatewayError.ts";
import { PipedriveError, type PipedriveErrorCode } from "../../src/pipedrive/PipedriveError.ts";

const failure = (code: PipedriveErrorCode, extra: Partial<ConstructorParameters<typeof PipedriveError>[1]> = {}) =>
  new PipedriveError(`GET https://acme.pipedrive.com/api/v2/persons failed (token secret-token)`, { code, endpoint: "GET /api/v2/persons", retryable: false, ...extra });

describe("toGatewayError", () => {
  it.each([
    ["RATE_LIMITED", "UPSTREAM_RATE_LIMITED"],
    ["BUDGET_EXHAUSTED", "UPSTREAM_RATE_LIMITED"],
    ["BAD_REQUEST", "BAD_USER_INPUT"],
    ["NOT_FOUND", "NOT_FOUND"],
    ["UNAUTHORIZED", "UPSTREAM_ERROR"],
    ["FORBIDDEN", "UPSTREAM_ERROR"],
    ["TIMEOUT", "UPSTREAM_ERROR"],
    ["NETWORK", "UPSTREAM_ERROR"],
    ["UPSTREAM_ERROR", "UPSTREAM_ERROR"],
    ["MALFORMED_RESPONSE", "UPSTREAM_ERROR"],
  ] as const)("%s → %s, with nothing of the upstream request in the message", (code, expected) => {
    const mapped = toGatewayError(failure(code)) as GatewayError;
    expect(mapped).toBeInstanceOf(GatewayError);
    expect(mapped.extensions).toEqual({ code: expected, upstreamCode: code });
    expect(mapped.message).not.toMatch(/secret-token|acme|https?:|\/api\//);
  });

  it("keeps Pipedrive's validation message for a 400, minus URLs", () => {
    const mapped = toGatewayError(failure("BAD_REQUEST", { pipedriveError: "Validation failed: name is required", pipedriveErrorInfo: "See https://developers.pipedrive.com/docs" })) as GatewayError;
    expect(mapped.message).toBe("Pipedrive refused the change: Validation failed: name is required: See <url>.");
  });

  it("passes other errors through for the server to mask", () => {
    const bug = new TypeError("x is undefined");
    expect(toGatewayError(bug)).toBe(bug);
  });
});
