/**
 * Start-up refusals: mappings that drifted from the live Pipedrive fields (renamed custom field) stop the
 * start with exactly the diagnostics `bedrock-gateway check` prints, and bad configuration is reported all
 * at once without echoing secrets — both through `serve` (exit code 1, no stack trace) and startGateway.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/auth/hashApiKey.ts";
import { ConfigError } from "../../src/config/ConfigError.ts";
import { loadCatalogSnapshot } from "../../src/pipedrive/loadCatalogSnapshot.ts";
import { PipedriveClient } from "../../src/pipedrive/PipedriveClient.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/startSandbox.ts";
import { startGateway } from "../../src/server/startGateway.ts";
import { StartupError } from "../../src/server/StartupError.ts";

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["src/cli/main.ts", ...args], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

describe("a custom field renamed in Pipedrive", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
    sandbox.fields.rename("person", "Lead Source", "Lead Origin");
  });
  afterAll(() => sandbox.close());

  it("refuses `serve` with exit code 1 and the diagnostics `check` prints for the live catalog", async () => {
    const client = new PipedriveClient({ baseUrl: sandbox.url, token: sandbox.token });
    const dir = mkdtempSync(join(tmpdir(), "bedrock-drift-"));
    const catalogFile = join(dir, "live-catalog.json");
    writeFileSync(catalogFile, JSON.stringify(await loadCatalogSnapshot(client)));
    const check = await runCli(["check", "mappings", "--catalog", catalogFile], {});
    expect(check.code).toBe(1);
    const diagnostics = check.stdout.trim().split("\n\n").slice(0, -1).filter((block) => block.startsWith("error"));
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.join("\n")).toContain("Lead Source");

    const serve = await runCli(["serve"], {
      PORT: "0",
      HOST: "127.0.0.1",
      PIPEDRIVE_API_TOKEN: sandbox.token,
      PIPEDRIVE_BASE_URL: sandbox.url,
      BEDROCK_API_KEYS: `ops:${hashApiKey("k")}:*`,
      LOG_LEVEL: "silent",
    });
    expect(serve.code).toBe(1);
    for (const block of diagnostics) expect(serve.stderr).toContain(block);
    expect(serve.stderr).toMatch(/^error: the mappings in mappings\/ do not match the live Pipedrive fields/);
    expect(serve.stderr).not.toMatch(STACK_FRAME);
  });

  it("makes startGateway throw a StartupError and leave nothing listening", async () => {
    const attempt = startGateway({
      env: {},
      port: 0,
      host: "127.0.0.1",
      logLevel: "silent",
      pipedrive: { apiToken: sandbox.token, baseUrl: sandbox.url },
      apiKeys: [{ name: "ops", sha256: hashApiKey("k"), scopes: ["*"] }],
    });
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toThrow(/custom field.*Lead Source|Lead Source/s);
  });
});

describe("configuration errors", () => {
  it("lists every problem at once through `serve`, one line each naming the variable, echoing no secret", async () => {
    const secrets = { token: "tok-supersecret-123", password: "pw-supersecret-456", redis: "redis://:redis-supersecret@127.0.0.1:1" };
    const { code, stderr } = await runCli(["serve"], {
      PORT: "http",
      BEDROCK_MAX_DEPTH: "0",
      LOG_LEVEL: "loud",
      BEDROCK_INTROSPECTION: "maybe",
      PIPEDRIVE_API_TOKEN: secrets.token,
      WEBHOOK_PASSWORD: secrets.password,
      REDIS_URL: secrets.redis.replace("redis:", "http:"),
      BEDROCK_API_KEYS: "crm:not-a-hash:contact:read,contact:fly",
    });
    expect(code).toBe(1);
    expect(stderr).not.toMatch(STACK_FRAME);
    for (const secret of Object.values(secrets)) expect(stderr).not.toContain(secret.replace("redis:", "http:"));
    const lines = stderr.trim().split("\n");
    expect(lines[0]).toMatch(/^error: invalid configuration \(\d+ problems\):$/);
    for (const variable of ["PORT", "BEDROCK_MAX_DEPTH", "LOG_LEVEL", "BEDROCK_INTROSPECTION", "PIPEDRIVE_BASE_URL", "WEBHOOK_USER", "REDIS_URL", "BEDROCK_API_KEYS"]) {
      expect(lines.some((l) => l.trimStart().startsWith(variable))).toBe(true);
    }
    expect(stderr).toContain('PORT: must be an integer from 0 to 65535, got "http"');
    expect(stderr).toContain('scope "contact:fly" is not');
  });

  it("stops `serve` with one line when Redis cannot be reached, without its password", async () => {
    const { code, stderr } = await runCli(["serve"], { PORT: "0", HOST: "127.0.0.1", REDIS_URL: "redis://:hunter2@127.0.0.1:1", LOG_LEVEL: "silent" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: cannot connect to Redis at REDIS_URL \(redis:\/\/127\.0\.0\.1:1\)/);
    expect(stderr).not.toContain("hunter2");
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it("stops `serve` with one line when HOST is not an address of this machine", async () => {
    // 192.0.2.1 (TEST-NET-1) is never local: the bind fails before anything could be sent.
    const { code, stderr } = await runCli(["serve"], { PORT: "0", HOST: "192.0.2.1", LOG_LEVEL: "silent" });
    expect(code).toBe(1);
    expect(stderr).toBe("error: cannot listen on 192.0.2.1: HOST is not an address of this machine; set HOST to 127.0.0.1, or 0.0.0.0 for every interface\n");
  });

  it("refuses real Pipedrive without API keys", async () => {
    const attempt = startGateway({ env: { PIPEDRIVE_API_TOKEN: "t", PIPEDRIVE_BASE_URL: "http://127.0.0.1:9" } });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/BEDROCK_API_KEYS: required when talking to real Pipedrive/);
  });
});
