/**
 * Reads the gateway's configuration from environment variables and, when BEDROCK_CONFIG names one, a JSON
 * file (environment variables win), validates it with zod and reports every problem at once.
 *
 * @example
 *   const config = loadConfig(process.env); // throws ConfigError listing each bad variable
 *   const forTest = loadConfig({}, { port: 0, host: "127.0.0.1" });
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "./ConfigError.ts";
import { LOG_LEVELS, type ApiKeyConfig, type GatewayConfig } from "./GatewayConfig.ts";
import { parseApiKeysVariable } from "./parseApiKeysVariable.ts";
import { isScope } from "../auth/scopeAllows.ts";

type Env = Readonly<Record<string, string | undefined>>;

interface Setting {
  readonly env: string;
  /** Name of the same setting in the JSON config file. */
  readonly file: string;
  readonly secret?: boolean;
  readonly schema: z.ZodType;
}

// Environment values are strings; file values are JSON. Both go through the same schema.
const integer = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: `must be an integer from ${min} to ${max}` }).int(`must be an integer from ${min} to ${max}`).min(min, `must be an integer from ${min} to ${max}`).max(max, `must be an integer from ${min} to ${max}`),
  );
const TRUE = ["true", "1", "yes", "on"];
const FALSE = ["false", "0", "no", "off"];
const boolean = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  const s = v.trim().toLowerCase();
  return TRUE.includes(s) ? true : FALSE.includes(s) ? false : v;
}, z.boolean({ error: "must be true or false (also accepted: 1/0, yes/no, on/off)" }));
const nonEmpty = z.string({ error: "must be a non-empty string" }).trim().min(1, "must be a non-empty string");
const httpUrl = z
  .string({ error: "must be an http(s) URL such as https://acme.pipedrive.com" })
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), "must be an http(s) URL such as https://acme.pipedrive.com");
const redisUrl = z
  .string({ error: "must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379" })
  .refine((v) => /^rediss?:\/\//.test(v) && URL.canParse(v), "must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379");
// "https://crm.example.com" exactly as a browser sends it in Origin: scheme, host and port, nothing after.
const CORS_ORIGIN_HINT = 'must be "*" or comma-separated origins such as https://crm.example.com (scheme://host[:port], no path or trailing slash)';
const corsOrigins = z.preprocess(
  (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter((s) => s.length > 0) : v),
  z.array(z.string({ error: CORS_ORIGIN_HINT }).refine((o) => o === "*" || (URL.canParse(o) && /^https?:$/.test(new URL(o).protocol) && new URL(o).origin === o), CORS_ORIGIN_HINT), { error: CORS_ORIGIN_HINT }),
);
const apiKey = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "name must be 1-64 letters, digits, '.', '_' or '-'"),
    sha256: z
      .string()
      .transform((s) => s.replace(/^sha256:/, "").toLowerCase())
      .refine((s) => /^[0-9a-f]{64}$/.test(s), "sha256 must be 64 hex characters (make one with `bedrock-gateway hash-key`)"),
    scopes: z
      .array(z.string().refine(isScope, { error: (issue) => `scope ${JSON.stringify(issue.input)} is not <object>:<read|create|update|*> or '*'` }))
      .min(1, "scopes must list at least one scope, e.g. contact:read"),
  })
  .strict();
const apiKeys = z.array(apiKey).superRefine((keys, ctx) => {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k.name)) ctx.addIssue({ code: "custom", message: `key name '${k.name}' is used twice` });
    seen.add(k.name);
  }
});

const SETTINGS = {
  port: { env: "PORT", file: "port", schema: integer(0, 65535) },
  host: { env: "HOST", file: "host", schema: nonEmpty },
  apiToken: { env: "PIPEDRIVE_API_TOKEN", file: "pipedriveApiToken", secret: true, schema: nonEmpty },
  baseUrl: { env: "PIPEDRIVE_BASE_URL", file: "pipedriveBaseUrl", schema: httpUrl },
  redisUrl: { env: "REDIS_URL", file: "redisUrl", secret: true, schema: redisUrl },
  keyPrefix: { env: "BEDROCK_KEY_PREFIX", file: "keyPrefix", schema: z.string().regex(/^[A-Za-z0-9:._-]{1,64}$/, "must be 1-64 letters, digits, ':', '.', '_' or '-'") },
  apiKeys: { env: "BEDROCK_API_KEYS", file: "apiKeys", secret: true, schema: apiKeys },
  introspection: { env: "BEDROCK_INTROSPECTION", file: "introspection", schema: boolean },
  graphiql: { env: "BEDROCK_GRAPHIQL", file: "graphiql", schema: boolean },
  maxDepth: { env: "BEDROCK_MAX_DEPTH", file: "maxDepth", schema: integer(1, 100) },
  maxAliases: { env: "BEDROCK_MAX_ALIASES", file: "maxAliases", schema: integer(0, 1000) },
  maxCost: { env: "BEDROCK_MAX_COST", file: "maxCost", schema: integer(1, 10_000_000) },
  maxPageSize: { env: "BEDROCK_MAX_PAGE_SIZE", file: "maxPageSize", schema: integer(1, 500) },
  logLevel: { env: "LOG_LEVEL", file: "logLevel", schema: z.enum(LOG_LEVELS as [string, ...string[]], { error: `must be one of ${LOG_LEVELS.join(", ")}` }) },
  webhookUser: { env: "WEBHOOK_USER", file: "webhookUser", schema: nonEmpty },
  webhookPassword: { env: "WEBHOOK_PASSWORD", file: "webhookPassword", secret: true, schema: nonEmpty },
  mappingsDir: { env: "MAPPINGS_DIR", file: "mappingsDir", schema: nonEmpty },
  idempotencyTtlMs: { env: "BEDROCK_IDEMPOTENCY_TTL_MS", file: "idempotencyTtlMs", schema: integer(1000, 30 * 24 * 3600 * 1000) },
  corsOrigins: { env: "BEDROCK_CORS_ORIGINS", file: "corsOrigins", schema: corsOrigins },
} satisfies Record<string, Setting>;

type Key = keyof typeof SETTINGS;

export const DEFAULTS = {
  port: 4000,
  host: "0.0.0.0",
  keyPrefix: "bedrock",
  introspection: true,
  graphiql: true,
  maxDepth: 10,
  maxAliases: 30,
  maxCost: 5000,
  maxPageSize: 100,
  logLevel: "info",
  mappingsDir: "mappings",
  idempotencyTtlMs: 24 * 3600 * 1000,
} as const;

/** The variables this gateway reads, in documentation order. */
export const CONFIG_VARIABLES: readonly string[] = ["BEDROCK_CONFIG", ...Object.values(SETTINGS).map((s) => s.env)];

export function loadConfig(env: Env, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  const problems: string[] = [];
  const file = readConfigFile(env.BEDROCK_CONFIG, problems);
  const values: Partial<Record<Key, unknown>> = {};

  for (const [key, setting] of Object.entries(SETTINGS) as [Key, Setting][]) {
    const fromEnv = env[setting.env];
    let raw: unknown;
    let origin: string;
    if (fromEnv !== undefined && fromEnv !== "") {
      origin = setting.env;
      raw = key === "apiKeys" ? parseApiKeysVariable(fromEnv, problems) : fromEnv;
      if (raw === undefined) continue;
    } else if (file && file.values[setting.file] !== undefined) {
      origin = `${setting.file} (in ${file.path})`;
      raw = file.values[setting.file];
    } else continue;
    const parsed = setting.schema.safeParse(raw);
    if (parsed.success) values[key] = parsed.data;
    else for (const issue of parsed.error.issues) problems.push(describe(origin, setting, issue, raw));
  }

  const config = assemble(values, overrides, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function assemble(v: Partial<Record<Key, unknown>>, o: Partial<GatewayConfig>, problems: string[]): GatewayConfig {
  const pick = <T>(key: Key, fallback: T): T => (v[key] as T | undefined) ?? fallback;
  let pipedrive: GatewayConfig["pipedrive"];
  if ("pipedrive" in o) pipedrive = o.pipedrive;
  else if (v.apiToken !== undefined && v.baseUrl !== undefined) pipedrive = { apiToken: v.apiToken as string, baseUrl: (v.baseUrl as string).replace(/\/+$/, "") };
  else if (v.apiToken !== undefined) problems.push("PIPEDRIVE_BASE_URL: required when PIPEDRIVE_API_TOKEN is set, e.g. https://acme.pipedrive.com");
  else if (v.baseUrl !== undefined) problems.push("PIPEDRIVE_API_TOKEN: required when PIPEDRIVE_BASE_URL is set (or unset both to use the embedded sandbox)");

  let webhook: GatewayConfig["webhook"];
  if ("webhook" in o) webhook = o.webhook;
  else if (v.webhookUser !== undefined && v.webhookPassword !== undefined) webhook = { user: v.webhookUser as string, password: v.webhookPassword as string };
  else if (v.webhookUser !== undefined) problems.push("WEBHOOK_PASSWORD: required when WEBHOOK_USER is set");
  else if (v.webhookPassword !== undefined) problems.push("WEBHOOK_USER: required when WEBHOOK_PASSWORD is set");

  const config: GatewayConfig = {
    port: o.port ?? pick("port", DEFAULTS.port),
    host: o.host ?? pick("host", DEFAULTS.host),
    pipedrive,
    redisUrl: "redisUrl" in o ? o.redisUrl : (v.redisUrl as string | undefined),
    keyPrefix: o.keyPrefix ?? pick("keyPrefix", DEFAULTS.keyPrefix),
    apiKeys: o.apiKeys ?? pick<ApiKeyConfig[]>("apiKeys", []),
    introspection: o.introspection ?? pick("introspection", DEFAULTS.introspection),
    graphiql: o.graphiql ?? pick("graphiql", DEFAULTS.graphiql),
    limits: {
      maxDepth: o.limits?.maxDepth ?? pick("maxDepth", DEFAULTS.maxDepth),
      maxAliases: o.limits?.maxAliases ?? pick("maxAliases", DEFAULTS.maxAliases),
      maxCost: o.limits?.maxCost ?? pick("maxCost", DEFAULTS.maxCost),
      maxPageSize: o.limits?.maxPageSize ?? pick("maxPageSize", DEFAULTS.maxPageSize),
    },
    logLevel: o.logLevel ?? pick("logLevel", DEFAULTS.logLevel),
    webhook,
    mappingsDir: o.mappingsDir ?? pick("mappingsDir", DEFAULTS.mappingsDir),
    idempotencyTtlMs: o.idempotencyTtlMs ?? pick("idempotencyTtlMs", DEFAULTS.idempotencyTtlMs),
    corsOrigins: o.corsOrigins ?? pick<string[]>("corsOrigins", []),
  };
  if (config.pipedrive && config.apiKeys.length === 0 && !problems.some((p) => p.startsWith("BEDROCK_API_KEYS")))
    problems.push("BEDROCK_API_KEYS: required when talking to real Pipedrive (PIPEDRIVE_API_TOKEN is set); make one with `bedrock-gateway hash-key`");
  return config;
}

function readConfigFile(path: string | undefined, problems: string[]): { path: string; values: Record<string, unknown> } | undefined {
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    problems.push(`BEDROCK_CONFIG: cannot read ${JSON.stringify(path)} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    return undefined;
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    problems.push(`BEDROCK_CONFIG: ${JSON.stringify(path)} is not valid JSON (${(error as Error).message})`);
    return undefined;
  }
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    problems.push(`BEDROCK_CONFIG: ${JSON.stringify(path)} must hold a JSON object of settings`);
    return undefined;
  }
  const known = new Set(Object.values(SETTINGS).map((s) => s.file));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) problems.push(`BEDROCK_CONFIG: unknown setting '${name}' in ${path}; known settings: ${[...known].join(", ")}`);
  }
  return { path, values: values as Record<string, unknown> };
}

function describe(origin: string, setting: Setting, issue: z.core.$ZodIssue, raw: unknown): string {
  const where = issue.path.length > 0 ? `[${issue.path.join(".")}]` : "";
  const got = setting.secret ? "" : `, got ${JSON.stringify(raw)}`;
  return `${origin}${where}: ${issue.message}${got}`;
}
