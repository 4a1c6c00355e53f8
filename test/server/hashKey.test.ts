import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiKeyVerifier } from "../../src/auth/ApiKeyVerifier.ts";
import { hashApiKey } from "../../src/auth/hashApiKey.ts";
import { UsageError } from "../../src/cli/UsageError.ts";
import { run } from "../../src/cli/hashKey.ts";
import { loadConfig } from "../../src/config/loadConfig.ts";

function captureStdout(): { text(): string } {
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  return { text: () => out };
}

afterEach(() => vi.restoreAllMocks());

describe("hash-key", () => {
  it("hashes a given key into an entry BEDROCK_API_KEYS accepts, and the gateway then knows the key", async () => {
    const out = captureStdout();
    expect(await run(["my-secret-key", "--name", "crm", "--scopes", "contact:read,contact:create"])).toBe(0);
    const entry = out.text().match(/BEDROCK_API_KEYS entry: (\S+)/)![1]!;
    expect(entry).toBe(`crm:${hashApiKey("my-secret-key")}:contact:read,contact:create`);
    expect(out.text()).not.toContain("my-secret-key");
    const verifier = new ApiKeyVerifier(loadConfig({ BEDROCK_API_KEYS: entry }).apiKeys);
    expect(verifier.verify(new Headers({ authorization: "Bearer my-secret-key" }))).toEqual({ kind: "ok", principal: { name: "crm", scopes: ["contact:read", "contact:create"] } });
    expect(verifier.verify(new Headers({ "x-api-key": "other" }))).toEqual({ kind: "unknown" });
  });

  it("makes a new random key when none is given and prints it with its hash", async () => {
    const out = captureStdout();
    await run([]);
    const key = out.text().match(/^key:\s+(bgw_\S+)/m)![1]!;
    expect(key.length).toBeGreaterThan(40);
    expect(out.text()).toContain(`sha256: ${hashApiKey(key)}`);
  });

  it("refuses a malformed scope as a usage error", async () => {
    await expect(run(["k", "--scopes", "contact:delete"])).rejects.toThrow(UsageError);
    await expect(run(["k", "--scopes", "contact:delete"])).rejects.toThrow("'contact:delete' is not <object>:<read|create|update|*> or '*'");
  });
});
