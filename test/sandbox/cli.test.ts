import { describe, expect, it } from "vitest";
import { parseFlags } from "../../src/cli/sandbox.ts";
import { UsageError } from "../../src/cli/UsageError.ts";

describe("bedrock-gateway sandbox flags", () => {
  it("reads --port, --latency, --plan, --seats and --host, also as --flag=value", () => {
    expect(parseFlags(["--port", "4010", "--latency=25", "--plan", "lite", "--seats", "3", "--host", "127.0.0.1"])).toEqual({ port: 4010, latencyMs: 25, plan: "lite", seats: 3, host: "127.0.0.1" });
    expect(parseFlags([])).toEqual({});
  });

  it.each([
    [["--port", "http"], "--port must be an integer from 0 to 65535, got 'http'"],
    [["--port"], "--port needs a value"],
    [["--plan", "gold"], "--plan must be one of lite, growth, premium, ultimate, got 'gold'"],
    [["--latency", "-5"], "--latency must be an integer from 0 to 600000, got '-5'"],
    [["--verbose"], "unknown flag '--verbose' for sandbox"],
  ])("rejects %j with a UsageError", (argv, message) => {
    expect(() => parseFlags(argv)).toThrow(UsageError);
    expect(() => parseFlags(argv)).toThrow(message);
  });
});
