/**
 * The gateway's settings once validated: what `loadConfig` returns and `startGateway` runs with.
 * Every field has a single source of truth here; the README's "Configuration" section lists the variables that set them.
 *
 * @example
 *   const config: GatewayConfig = loadConfig(process.env);
 *   config.limits.maxDepth; // 10 unless BEDROCK_MAX_DEPTH says otherwise
 */
export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  /** Real Pipedrive; absent means the embedded sandbox. */
  readonly pipedrive?: { readonly apiToken: string; readonly baseUrl: string };
  /** Shared state for replicas; absent means in-process memory. */
  readonly redisUrl?: string;
  /** Prefix of every shared-state key, so several gateways (or test runs) can share one Redis. */
  readonly keyPrefix: string;
  readonly apiKeys: readonly ApiKeyConfig[];
  readonly introspection: boolean;
  readonly graphiql: boolean;
  readonly limits: QueryLimits;
  readonly logLevel: LogLevel;
  readonly webhook?: { readonly user: string; readonly password: string };
  readonly mappingsDir: string;
  readonly idempotencyTtlMs: number;
  /** Origins whose browser pages may call /graphql (CORS); `["*"]` lets any origin in, `[]` (default) none. */
  readonly corsOrigins: readonly string[];
}

/** One internal app's key: only the hash is configured, never the key itself. */
export interface ApiKeyConfig {
  readonly name: string;
  /** sha256 of the key, lowercase hex (64 characters). */
  readonly sha256: string;
  /** `contact:read`, `*:read`, `activity:*`, `*`. */
  readonly scopes: readonly string[];
}

export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  readonly maxPageSize: number;
}

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
export const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
