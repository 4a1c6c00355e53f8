/**
 * Starts the Bedrock Gateway: reads the configuration, starts the embedded sandbox when no Pipedrive token
 * is set, opens the shared state (memory or Redis), checks the mappings against the LIVE field catalog
 * (a custom field renamed or deleted in Pipedrive stops the start with the diagnostics `check` prints),
 * builds the schema once and serves /graphql, /healthz, /readyz, /metrics and /webhooks/pipedrive.
 *
 * @example
 *   const gateway = await startGateway({ port: 0, host: "127.0.0.1", env: {} }); // embedded sandbox, open
 *   await fetch(gateway.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" },
 *     body: JSON.stringify({ query: "{ owners { nodes { name } } }" }) });
 *   await gateway.close();
 *
 * Throws ConfigError (every configuration problem) or StartupError (drift, Pipedrive unreachable, unknown
 * scopes); both carry a message meant for the operator.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { DestinationStream, Logger } from "pino";
import { catalogFromSnapshot } from "../../dsl/catalog/catalogFromSnapshot.ts";
import { hasErrors } from "../../dsl/diagnostic.ts";
import type { IR } from "../../dsl/ir.ts";
import type { GraphQLSchema } from "graphql";
import { renderDiagnostic } from "../../dsl/renderDiagnostic.ts";
import { createGatewaySchema, InvalidSchemaError } from "../../schema/createGatewaySchema.ts";
import { ApiKeyVerifier } from "../auth/ApiKeyVerifier.ts";
import { scopeObjects } from "../auth/scopeAllows.ts";
import type { GatewayConfig } from "../config/GatewayConfig.ts";
import { loadConfig } from "../config/loadConfig.ts";
import { createGatewayContext } from "../graphql/createGatewayContext.ts";
import { loadMappings } from "../mappings/loadMappings.ts";
import { MappingsError } from "../mappings/MappingsError.ts";
import { createLogger } from "../observability/createLogger.ts";
import { GatewayMetrics, type BudgetView } from "../observability/GatewayMetrics.ts";
import { requestScope } from "../observability/requestScope.ts";
import { loadCatalogSnapshot } from "../pipedrive/loadCatalogSnapshot.ts";
import { PipedriveClient, PipedriveError } from "../pipedrive/PipedriveClient.ts";
import type { Sandbox, SandboxOptions } from "../sandbox/startSandbox.ts";
import { createSharedState } from "../state/createSharedState.ts";
import { IdempotencyStore } from "../state/IdempotencyStore.ts";
import { LockManager } from "../state/LockManager.ts";
import { PipedriveWebhookHandler } from "../webhooks/PipedriveWebhookHandler.ts";
import { createGatewayHandler, type Readiness } from "./createGatewayHandler.ts";
import { requestServices } from "./requestServices.ts";
import { StartupError } from "./StartupError.ts";

export interface StartGatewayOptions extends Partial<GatewayConfig> {
  /** Environment to read configuration from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where log lines go; default stdout. */
  logDestination?: DestinationStream;
  /** Options of the embedded sandbox, when one is started. */
  sandboxOptions?: SandboxOptions;
}

export interface RunningGateway {
  /** http://127.0.0.1:PORT (or the configured host). */
  url: string;
  graphqlUrl: string;
  /** The embedded sandbox, when no Pipedrive token was configured. */
  sandbox?: Sandbox;
  client: PipedriveClient;
  ir: IR;
  logger: Logger;
  close(): Promise<void>;
}

const READINESS_CACHE_MS = 5000;

export async function startGateway(options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const { env = process.env, logDestination, sandboxOptions, ...overrides } = options;
  const config = loadConfig(env, overrides);
  const logger = createLogger({ level: config.logLevel, ...(logDestination ? { destination: logDestination } : {}) });
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  };

  try {
    let sandbox: Sandbox | undefined;
    let pipedrive = config.pipedrive;
    if (!pipedrive) {
      // Imported only when used: a gateway in front of the real Pipedrive never loads the sandbox (≈ 6 MB).
      const { startSandbox } = await import("../sandbox/startSandbox.ts");
      sandbox = await startSandbox({ host: "127.0.0.1", ...sandboxOptions });
      cleanups.push(() => sandbox!.close());
      pipedrive = { apiToken: sandbox.token, baseUrl: sandbox.url };
      logger.info({ sandboxUrl: sandbox.url }, `No PIPEDRIVE_API_TOKEN set: using the embedded Pipedrive sandbox (demo data) at ${sandbox.url}`);
    }
    if (config.apiKeys.length === 0) {
      logger.warn("No BEDROCK_API_KEYS configured: the gateway is OPEN, every caller may read and write everything. Allowed only against the embedded sandbox; configure keys before real use.");
    }

    const state = await createSharedState({
      ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
      prefix: config.keyPrefix,
      onError: (error) => logger.error({ err: { message: error.message } }, "Redis connection error"),
    }).catch((error: Error) => {
      throw new StartupError(error.message);
    });
    cleanups.push(() => state.close());
    logger.info({ sharedState: state.kind }, state.kind === "redis" ? "Shared state on Redis (REDIS_URL)" : "Shared state in process memory (set REDIS_URL to share it between replicas)");

    let client: PipedriveClient | undefined;
    const metrics = new GatewayMetrics({ budget: () => (client ? budgetOf(client) : {}) });
    client = new PipedriveClient({
      baseUrl: pipedrive.baseUrl,
      token: pipedrive.apiToken,
      cache: state.keyv,
      onCacheRead: (cache, hit) => metrics.cacheRead(cache, hit),
      onCall: (call) => {
        metrics.upstreamCall(call);
        const scope = requestScope.getStore();
        if (scope) scope.tokensSpent += call.tokenCost;
        if (!logger.isLevelEnabled("info")) return;
        const upstream = { method: call.method, endpoint: call.endpoint, status: call.status, durationMs: Math.round(call.durationMs), attempt: call.attempt, tokenCost: call.tokenCost };
        logger.info({ upstream, ...(call.error ? { error: call.error } : {}) }, "upstream call");
      },
    });

    const ir = await checkMappingsAgainstLiveCatalog(client, config.mappingsDir);
    checkScopesNameObjects(config, ir);
    const schema = buildSchemaOrRefuse(ir);

    const idempotency = new IdempotencyStore({ store: state.atomic, prefix: config.keyPrefix, ttlMs: config.idempotencyTtlMs });
    const locks = new LockManager({ ...(state.kind === "redis" ? { store: state.atomic } : {}), prefix: config.keyPrefix });
    const invalidate = async (what: "users" | "fields" | "activityTypes") => {
      await client.invalidate(what);
      if (what === "fields") await recheckDrift(client, config.mappingsDir, logger);
    };
    const webhooks = config.webhook
      ? new PipedriveWebhookHandler({ credentials: config.webhook, invalidate, store: state.atomic, prefix: config.keyPrefix })
      : undefined;

    const handler = createGatewayHandler({
      schema,
      limits: config.limits,
      introspection: config.introspection,
      graphiql: config.graphiql,
      verifier: config.apiKeys.length > 0 ? new ApiKeyVerifier(config.apiKeys) : null,
      createContext: (request) => ({ ...createGatewayContext({ client, ir, ...requestServices(request, { idempotency, locks }) }) }),
      logger,
      metrics,
      budget: () => budgetOf(client),
      readiness: cachedReadiness(client),
      corsOrigins: config.corsOrigins,
      ...(webhooks ? { webhooks } : {}),
    });

    const server = createServer(handler);
    await listen(server, config.port, config.host);
    cleanups.push(() => closeServer(server));
    const port = (server.address() as AddressInfo).port;
    const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    logger.info({ url: `${url}/graphql`, graphiql: config.graphiql, introspection: config.introspection }, `Bedrock Gateway listening on ${url}/graphql`);

    let closed = false;
    return {
      url,
      graphqlUrl: `${url}/graphql`,
      ...(sandbox ? { sandbox } : {}),
      client,
      ir,
      logger,
      close: async () => {
        if (closed) return;
        closed = true;
        await cleanup();
        logger.flush();
      },
    };
  } catch (error) {
    await cleanup();
    logger.flush();
    throw error;
  }
}

/** Compiles the mappings against the account's fields as they are now; drift is a StartupError with the rendered diagnostics. */
async function checkMappingsAgainstLiveCatalog(client: PipedriveClient, mappingsDir: string): Promise<IR> {
  let snapshot;
  try {
    snapshot = await loadCatalogSnapshot(client);
  } catch (error) {
    if (error instanceof PipedriveError) {
      throw new StartupError(`cannot load the field catalog from Pipedrive (${error.code}${error.status ? `, HTTP ${error.status}` : ""}): ${error.message}`);
    }
    throw error;
  }
  let loaded;
  try {
    loaded = await loadMappings(mappingsDir, catalogFromSnapshot(snapshot));
  } catch (error) {
    if (error instanceof MappingsError) throw new StartupError(error.message);
    throw error;
  }
  const { diagnostics, ir } = loaded.result;
  if (hasErrors(diagnostics) || !ir) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    const rendered = errors.map((d) => renderDiagnostic(d)).join("\n\n");
    throw new StartupError(
      `the mappings in ${mappingsDir}/ do not match the live Pipedrive fields (${errors.length} error${errors.length === 1 ? "" : "s"}); ` +
        `a custom field was probably renamed or deleted in Pipedrive. Fix the .map files (or the field) and start again:\n\n${rendered}`,
    );
  }
  return ir;
}

/**
 * After Pipedrive says its fields changed: compile the mappings against the fresh catalog and log an error per
 * diagnostic if they drifted. The running schema keeps serving (it addresses fields by key, which a rename does
 * not change); the next start will refuse until the mappings are fixed.
 */
async function recheckDrift(client: PipedriveClient, mappingsDir: string, logger: Logger): Promise<void> {
  try {
    const loaded = await loadMappings(mappingsDir, catalogFromSnapshot(await loadCatalogSnapshot(client)));
    const errors = loaded.result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length === 0) {
      logger.info("Pipedrive fields changed; the mappings still match them");
      return;
    }
    logger.error(
      { drift: errors.map((d) => ({ code: d.code, message: d.message, file: d.labels[0].span.source.name })) },
      `Pipedrive fields changed and ${errors.length} mapping error(s) appeared; the gateway keeps serving the schema it started with, but the next start will refuse: fix the .map files`,
    );
  } catch (error) {
    logger.warn({ err: { message: (error as Error).message } }, "Pipedrive fields changed; could not re-check the mappings against them");
  }
}

/** A scope naming an object the mappings do not define is a typo that would silently grant nothing. */
function checkScopesNameObjects(config: GatewayConfig, ir: IR): void {
  const known = new Set(ir.objects.map((o) => o.name.toLowerCase()));
  const problems: string[] = [];
  for (const key of config.apiKeys) {
    for (const object of scopeObjects(key.scopes)) {
      if (!known.has(object.toLowerCase())) {
        problems.push(`API key '${key.name}': scope object '${object}' is not a Bedrock object; known objects: ${[...known].sort().join(", ")}`);
      }
    }
  }
  if (problems.length > 0) throw new StartupError(`invalid API key scopes:\n${problems.map((p) => `  ${p}`).join("\n")}`);
}

function budgetOf(client: PipedriveClient): BudgetView {
  const status = client.rateStatus();
  const view: BudgetView = {};
  if (status.burst) view.burstRemaining = status.burst.remaining;
  if (status.dailyTokenRemaining !== null) view.dailyTokensRemaining = status.dailyTokenRemaining;
  return view;
}

// Ready = Pipedrive answers (the cached users list: no upstream call while it is fresh) and the catalog
// loaded (it did, or startGateway would have thrown). Results are kept briefly so probes cannot hammer Pipedrive.
function cachedReadiness(client: PipedriveClient): () => Promise<Readiness> {
  let last: { at: number; result: Promise<Readiness> } | undefined;
  return () => {
    const now = Date.now();
    if (last && now - last.at < READINESS_CACHE_MS) return last.result;
    const result = client.users().then(
      (): Readiness => ({ ready: true, checks: { pipedrive: "ok", catalog: "ok" } }),
      (error: unknown): Readiness => ({
        ready: false,
        checks: { pipedrive: error instanceof PipedriveError ? `unreachable (${error.code})` : "unreachable", catalog: "ok" },
      }),
    );
    last = { at: now, result };
    return result;
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(listenProblem(error, port, host)));
    server.listen(port, host, () => resolve());
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

// A schema GraphQL rejects would answer every query "Unexpected error.": refuse to start instead.
function buildSchemaOrRefuse(ir: IR): GraphQLSchema {
  try {
    return createGatewaySchema(ir);
  } catch (error) {
    if (error instanceof InvalidSchemaError) throw new StartupError(error.message);
    throw error;
  }
}

// PORT taken, below 1024, or HOST not an address of this machine: the operator's to fix, not a stack trace.
function listenProblem(error: NodeJS.ErrnoException, port: number, host: string): Error {
  if (error.code === "EADDRINUSE") return new StartupError(`port ${port} on ${host} is already in use; set PORT to a free port`);
  if (error.code === "EACCES") return new StartupError(`not allowed to listen on port ${port} on ${host}; set PORT to a port above 1023`);
  if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") {
    return new StartupError(`cannot listen on ${host}: HOST is not an address of this machine; set HOST to 127.0.0.1, or 0.0.0.0 for every interface`);
  }
  return error;
}
