import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isScope, scopeAllows } from "../../src/auth/scopeAllows.ts";
import { ConfigError } from "../../src/config/ConfigError.ts";
import { CONFIG_VARIABLES, loadConfig } from "../../src/config/loadConfig.ts";

const HASH = "a".repeat(64);

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "bedrock-config-")), "config.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("loadConfig", () => {
  it("has service defaults", () => {
    expect(loadConfig({})).toEqual({
      port: 4000, host: "0.0.0.0", pipedrive: undefined, redisUrl: undefined, keyPrefix: "bedrock", apiKeys: [],
      introspection: true, graphiql: true, limits: { maxDepth: 10, maxAliases: 30, maxCost: 5000, maxPageSize: 100 },
      logLevel: "info", webhook: undefined, mappingsDir: "mappings", idempotencyTtlMs: 86_400_000, corsOrigins: [],
    });
  });

  it("reads CORS origins as a comma-separated list or a file array, and refuses anything but exact origins", () => {
    expect(loadConfig({ BEDROCK_CORS_ORIGINS: " https://crm.example.com, http://localhost:3000 " }).corsOrigins).toEqual(["https://crm.example.com", "http://localhost:3000"]);
    expect(loadConfig({ BEDROCK_CORS_ORIGINS: "*" }).corsOrigins).toEqual(["*"]);
    expect(loadConfig({ BEDROCK_CONFIG: configFile({ corsOrigins: ["https://ops.example.com"] }) }).corsOrigins).toEqual(["https://ops.example.com"]);
    const hint = 'must be "*" or comma-separated origins such as https://crm.example.com (scheme://host[:port], no path or trailing slash)';
    expect(problems({ BEDROCK_CORS_ORIGINS: "https://crm.example.com,https://ops.example.com/" })).toEqual([
      `BEDROCK_CORS_ORIGINS[1]: ${hint}, got "https://crm.example.com,https://ops.example.com/"`,
    ]);
    expect(problems({ BEDROCK_CORS_ORIGINS: "crm.example.com" })).toEqual([`BEDROCK_CORS_ORIGINS[0]: ${hint}, got "crm.example.com"`]);
    expect(problems({ BEDROCK_CORS_ORIGINS: "ftp://files.example.com" })).toHaveLength(1);
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PORT: "8080", HOST: "127.0.0.1", PIPEDRIVE_API_TOKEN: "t", PIPEDRIVE_BASE_URL: "https://acme.pipedrive.com/",
      REDIS_URL: "redis://127.0.0.1:6379", BEDROCK_API_KEYS: `crm:${HASH}:contact:read,contact:create; bi:sha256:${HASH.toUpperCase()}:*:read`,
      BEDROCK_INTROSPECTION: "off", BEDROCK_GRAPHIQL: "0", BEDROCK_MAX_DEPTH: "7", BEDROCK_MAX_ALIASES: "5", BEDROCK_MAX_COST: "999",
      BEDROCK_MAX_PAGE_SIZE: "50", LOG_LEVEL: "debug", WEBHOOK_USER: "u", WEBHOOK_PASSWORD: "p", MAPPINGS_DIR: "maps",
    });
    expect(config).toMatchObject({
      port: 8080, host: "127.0.0.1", pipedrive: { apiToken: "t", baseUrl: "https://acme.pipedrive.com" }, redisUrl: "redis://127.0.0.1:6379",
      apiKeys: [{ name: "crm", sha256: HASH, scopes: ["contact:read", "contact:create"] }, { name: "bi", sha256: HASH, scopes: ["*:read"] }],
      introspection: false, graphiql: false, limits: { maxDepth: 7, maxAliases: 5, maxCost: 999, maxPageSize: 50 },
      logLevel: "debug", webhook: { user: "u", password: "p" }, mappingsDir: "maps",
    });
  });

  it("reads a JSON config file, with environment variables winning", () => {
    const path = configFile({ port: 5000, maxDepth: 4, apiKeys: [{ name: "crm", sha256: HASH, scopes: ["*"] }] });
    const config = loadConfig({ BEDROCK_CONFIG: path, PORT: "6000" });
    expect([config.port, config.limits.maxDepth, config.apiKeys[0]?.name]).toEqual([6000, 4, "crm"]);
  });

  it("names the file setting in its problems and refuses unknown settings", () => {
    const path = configFile({ maxDepth: "deep", colour: "blue" });
    const found = problems({ BEDROCK_CONFIG: path });
    expect(found).toContain(`maxDepth (in ${path}): must be an integer from 1 to 100, got "deep"`);
    expect(found.some((p) => p.startsWith("BEDROCK_CONFIG: unknown setting 'colour'"))).toBe(true);
    expect(problems({ BEDROCK_CONFIG: configFile("{ nope") })[0]).toMatch(/is not valid JSON/);
    expect(problems({ BEDROCK_CONFIG: "/nonexistent/config.json" })[0]).toMatch(/cannot read "\/nonexistent\/config.json" \(ENOENT\)/);
  });

  it("reports every problem at once and never echoes a secret", () => {
    const found = problems({ PORT: "-1", PIPEDRIVE_API_TOKEN: "  ", REDIS_URL: "localhost:6379", WEBHOOK_USER: "u", BEDROCK_API_KEYS: `dup:${HASH}:*;dup:${HASH}:bogus` });
    expect(found).toEqual([
      'PORT: must be an integer from 0 to 65535, got "-1"',
      "PIPEDRIVE_API_TOKEN: must be a non-empty string",
      "REDIS_URL: must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379",
      `BEDROCK_API_KEYS[1.scopes.0]: scope "bogus" is not <object>:<read|create|update|*> or '*'`,
      "BEDROCK_API_KEYS: key name 'dup' is used twice",
      "WEBHOOK_PASSWORD: required when WEBHOOK_USER is set",
    ]);
    expect(found.join("\n")).not.toContain("localhost:6379");
  });

  it("requires API keys against real Pipedrive", () => {
    expect(problems({ PIPEDRIVE_API_TOKEN: "t", PIPEDRIVE_BASE_URL: "https://acme.pipedrive.com" })).toEqual([
      "BEDROCK_API_KEYS: required when talking to real Pipedrive (PIPEDRIVE_API_TOKEN is set); make one with `bedrock-gateway hash-key`",
    ]);
  });

  it("lets startGateway options override the environment", () => {
    expect(loadConfig({ PORT: "5000" }, { port: 0, limits: { maxDepth: 3, maxAliases: 1, maxCost: 10, maxPageSize: 5 } })).toMatchObject({ port: 0, limits: { maxDepth: 3 } });
  });
});

describe("README.md", () => {
  it("documents every variable the gateway reads", () => {
    const doc = readFileSync("README.md", "utf8");
    const missing = CONFIG_VARIABLES.filter((name) => !doc.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});

describe("scopes", () => {
  it("grants by object and operation, with wildcards", () => {
    expect(scopeAllows(["contact:read"], "Contact", "read")).toBe(true);
    expect(scopeAllows(["contact:read"], "Contact", "create")).toBe(false);
    expect(scopeAllows(["contact:read"], "Company", "read")).toBe(false);
    expect(scopeAllows(["*:read"], "Opportunity", "read")).toBe(true);
    expect(scopeAllows(["*:read"], "Opportunity", "update")).toBe(false);
    expect(scopeAllows(["activity:*"], "Activity", "create")).toBe(true);
    expect(scopeAllows(["*"], "Owner", "update")).toBe(true);
    expect(scopeAllows([], "Owner", "read")).toBe(false);
  });

  it("recognises well-formed scopes only", () => {
    expect(["*", "*:*", "*:read", "contact:create", "activity:*"].every(isScope)).toBe(true);
    expect(["contact", "contact:delete", ":read", "contact:read:x", ""].some(isScope)).toBe(false);
  });
});
