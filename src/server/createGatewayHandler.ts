/**
 * The gateway's HTTP surface as one node:http request listener: `/graphql` (yoga, behind API-key auth, with
 * query limits, error masking and the Pipedrive budget in `extensions.pipedrive`), `/healthz`, `/readyz`,
 * `/metrics` and `POST /webhooks/pipedrive`. Every response carries `x-request-id` (the caller's, when it
 * sent a sane one) and every log line written on the request's behalf carries it too.
 *
 * @example
 *   const handler = createGatewayHandler({ schema, limits, introspection: true, graphiql: true, verifier,
 *     createContext: ({ principal, idempotencyKey }) => ({ ...gatewayContext }), logger, metrics,
 *     budget: () => ({}), readiness: async () => ({ ready: true, checks: {} }) });
 *   createServer(handler).listen(4000);
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { GraphQLError, type ExecutionResult, type GraphQLSchema } from "graphql";
import { createYoga, type Plugin } from "graphql-yoga";
import type { Logger } from "pino";
import type { ApiKeyVerifier, Principal } from "../auth/ApiKeyVerifier.ts";
import type { QueryLimits } from "../config/GatewayConfig.ts";
import type { BudgetView, GatewayMetrics } from "../observability/GatewayMetrics.ts";
import { requestScope } from "../observability/requestScope.ts";
import type { PipedriveWebhookHandler } from "../webhooks/PipedriveWebhookHandler.ts";
import { checkQueryLimits } from "./checkQueryLimits.ts";
import { handleCors } from "./handleCors.ts";
import { limitUndeclaredBody } from "./limitUndeclaredBody.ts";
import { noIntrospectionRule } from "./noIntrospectionRule.ts";
import { normalizeContentType } from "./normalizeContentType.ts";
import { refuseUnsupportedMediaType } from "./refuseUnsupportedMediaType.ts";
import { rejectInvalidJsonParams } from "./rejectInvalidJsonParams.ts";
import { requestErrorStatus } from "./requestErrorStatus.ts";
import { sortAcceptByQuality } from "./sortAcceptByQuality.ts";

export interface Readiness {
  ready: boolean;
  /** One entry per check: "ok" or why it failed (never an upstream URL or a token). */
  checks: Record<string, string>;
}

export interface GatewayHandlerOptions {
  schema: GraphQLSchema;
  limits: QueryLimits;
  introspection: boolean;
  graphiql: boolean;
  /** null: no keys configured, every caller may do everything (embedded sandbox only). */
  verifier: ApiKeyVerifier | null;
  /** The per-request GraphQL context (GatewayContext), for the authenticated caller. */
  createContext(input: { principal: Principal | null; idempotencyKey: string | undefined }): Record<string, unknown>;
  logger: Logger;
  metrics: GatewayMetrics;
  budget(): BudgetView;
  readiness(): Promise<Readiness>;
  /** Absent when WEBHOOK_USER/WEBHOOK_PASSWORD are not configured: the route then answers 404. */
  webhooks?: PipedriveWebhookHandler;
  /** Origins whose browser pages may call /graphql (BEDROCK_CORS_ORIGINS; `*` for any); default none. See handleCors. */
  corsOrigins?: readonly string[];
}

type ServerContext = { req: IncomingMessage; res: ServerResponse; principal: Principal | null };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SIMPLE_PATH = /^(\/[A-Za-z0-9_-]+)+$|^\/$/;
const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** Largest GraphQL request body read; a real query with variables is a few kilobytes. */
export const MAX_GRAPHQL_BYTES = 1024 * 1024;

export function createGatewayHandler(options: GatewayHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger, metrics } = options;
  const corsOrigins = options.corsOrigins ?? [];
  const yoga = createGraphqlEndpoint(options);

  const route = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<string> => {
    if (path === "/graphql") {
      await serveGraphql(req, res);
      return "/graphql";
    }
    if (path === "/healthz" && isRead(req)) {
      sendJson(res, 200, { status: "ok" });
      return path;
    }
    if (path === "/readyz" && isRead(req)) {
      const readiness = await options.readiness();
      sendJson(res, readiness.ready ? 200 : 503, { status: readiness.ready ? "ready" : "not ready", checks: readiness.checks });
      return path;
    }
    if (path === "/metrics" && isRead(req)) {
      const text = await metrics.text();
      res.writeHead(200, { "content-type": metrics.contentType });
      res.end(text);
      return path;
    }
    if (path === "/webhooks/pipedrive") {
      await serveWebhook(req, res);
      return path;
    }
    sendJson(res, 404, { error: `No route ${req.method} ${path}; the gateway serves /graphql, /healthz, /readyz, /metrics and POST /webhooks/pipedrive.` });
    return "unknown";
  };

  const serveGraphql = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // First, so an allowed page can read every answer (401 and 413 too), and preflights need no key.
    if (handleCors(req, res, corsOrigins)) {
      if (res.statusCode === 403) metrics.graphqlError("ORIGIN_NOT_ALLOWED");
      return;
    }
    // Refused from its declared length, before anything is read or parsed.
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > MAX_GRAPHQL_BYTES) {
      metrics.graphqlError("REQUEST_TOO_LARGE");
      req.resume();
      sendJson(res, 413, { errors: [{ message: `The request body is ${declared} bytes; the gateway reads at most ${MAX_GRAPHQL_BYTES} bytes. Send variables, not inlined data.`, extensions: { code: "REQUEST_TOO_LARGE" } }] });
      return;
    }
    const wantsGraphiql = options.graphiql && req.method === "GET" && (req.headers.accept ?? "").includes("text/html");
    let principal: Principal | null = null;
    if (options.verifier && !wantsGraphiql) {
      const verdict = options.verifier.verify(headerGetter(req));
      if (verdict.kind !== "ok") {
        metrics.graphqlError("UNAUTHENTICATED");
        const message =
          verdict.kind === "missing"
            ? "An API key is required: send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'."
            : "The API key is not known to this gateway; check the key or ask for one.";
        res.setHeader("www-authenticate", 'Bearer realm="bedrock-gateway"');
        sendJson(res, 401, { errors: [{ message, extensions: { code: "UNAUTHENTICATED" } }] });
        return;
      }
      principal = verdict.principal;
      const scope = requestScope.getStore();
      if (scope) scope.app = principal.name;
    }
    // Read by yoga the way HTTP means them, not the way it matches them.
    if (req.headers.accept) req.headers.accept = sortAcceptByQuality(req.headers.accept);
    if (req.headers["content-type"]) req.headers["content-type"] = normalizeContentType(req.headers["content-type"]);
    await yoga.handle(req, res, { req, res, principal });
  };

  const serveWebhook = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!options.webhooks) {
      sendJson(res, 404, { error: "Webhooks are not configured: set WEBHOOK_USER and WEBHOOK_PASSWORD." });
      return;
    }
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      sendJson(res, 405, { error: "Pipedrive webhooks are POSTed." });
      return;
    }
    const body = await readBody(req, MAX_WEBHOOK_BYTES);
    if (body === undefined) {
      sendJson(res, 413, { error: `The webhook body is larger than ${MAX_WEBHOOK_BYTES} bytes.` });
      return;
    }
    const result = await options.webhooks.handle(req.headers.authorization, body);
    if (result.event) logger.info({ webhook: result.event, invalidated: result.body.invalidated, replay: result.body.replay }, "webhook");
    sendJson(res, result.status, result.body);
  };

  return (req, res) => {
    const given = req.headers["x-request-id"];
    const requestId = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    const started = performance.now();
    res.setHeader("x-request-id", requestId);
    const scope = { requestId, tokensSpent: 0 } as { requestId: string; tokensSpent: number; app?: string };
    void requestScope.run(scope, async () => {
      const path = pathOf(req.url);
      let routeName = "unknown";
      try {
        routeName = await route(req, res, path);
      } catch (error) {
        logger.error({ err: error }, "request failed");
        if (!res.headersSent) sendJson(res, 500, { error: "Unexpected error.", requestId });
        else res.end();
      }
      const durationMs = performance.now() - started;
      metrics.request(routeName, res.statusCode, durationMs);
      if (routeName !== "/healthz" && routeName !== "/metrics" && logger.isLevelEnabled("info")) {
        logger.info({ method: req.method, route: routeName, status: res.statusCode, durationMs: Math.round(durationMs), app: scope.app, tokensSpent: scope.tokensSpent }, "request");
      }
    });
  };
}

function createGraphqlEndpoint(options: GatewayHandlerOptions) {
  const { logger, metrics } = options;
  const plugins: Plugin<ServerContext>[] = [
    // Before the limits below, so the refusals they stop execution with get the request-error status too.
    requestErrorStatus() as Plugin<ServerContext>,
    {
      onExecute({ args, setResultAndStopExecution }) {
        const errors = checkQueryLimits({ schema: args.schema, document: args.document, operationName: args.operationName, variables: args.variableValues, limits: options.limits });
        if (errors.length > 0) setResultAndStopExecution({ errors });
      },
    },
    {
      onResultProcess({ result, setResult }) {
        if (Array.isArray(result) || !isExecutionResult(result)) return;
        for (const error of result.errors ?? []) metrics.graphqlError(String(error.extensions?.code ?? "UNKNOWN"));
        const budget = options.budget();
        const pipedrive = { tokensSpent: requestScope.getStore()?.tokensSpent ?? 0, dailyTokensRemaining: budget.dailyTokensRemaining ?? null, burstRemaining: budget.burstRemaining ?? null };
        setResult({ ...result, extensions: { ...result.extensions, pipedrive } });
      },
    },
  ];
  if (!options.introspection) {
    plugins.push({ onValidate: ({ addValidationRule }) => addValidationRule(noIntrospectionRule) });
  }
  plugins.push(refuseUnsupportedMediaType() as Plugin<ServerContext>, rejectInvalidJsonParams() as Plugin<ServerContext>);
  // Last, so it wraps whichever request parser yoga picked.
  plugins.push(limitUndeclaredBody(MAX_GRAPHQL_BYTES) as Plugin<ServerContext>);
  return createYoga<ServerContext>({
    schema: options.schema,
    graphqlEndpoint: "/graphql",
    graphiql: options.graphiql,
    landingPage: false,
    // handleCors answers for /graphql before yoga runs.
    cors: false,
    // Declared lengths are checked in serveGraphql, undeclared ones by limitUndeclaredBody.
    maxRequestBodySize: false,
    plugins,
    // Yoga logs at debug level three times per request: nothing is built unless that level is on.
    logging: {
      debug: (...args: unknown[]) => logger.isLevelEnabled("debug") && logger.debug({ yoga: args.map(String) }, "yoga"),
      info: (...args: unknown[]) => logger.isLevelEnabled("info") && logger.info({ yoga: args.map(String) }, "yoga"),
      warn: (...args: unknown[]) => logger.warn({ yoga: args.map(String) }, "yoga"),
      error: (...args: unknown[]) => logger.error({ yoga: args.map(String) }, "yoga"),
    },
    maskedErrors: {
      maskError(error) {
        const graphqlError = isGraphQLError(error) ? error : undefined;
        const original = graphqlError ? graphqlError.originalError : error;
        if (graphqlError && (!original || isGraphQLError(original))) return graphqlError;
        const requestId = requestScope.getStore()?.requestId;
        logger.error({ err: original }, "unexpected error in a resolver");
        return new GraphQLError("Unexpected error.", {
          ...(graphqlError ? { nodes: graphqlError.nodes, path: graphqlError.path } : {}),
          // `unexpected` (dropped from the answer) makes yoga answer 500 when there is no data to show.
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId, unexpected: true },
        });
      },
    },
    context: ({ principal, request }) =>
      options.createContext({ principal, idempotencyKey: request.headers.get("idempotency-key") ?? undefined }),
  });
}

function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError;
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  return typeof value === "object" && value !== null && !(Symbol.asyncIterator in value);
}

// The path without a URL object per request; anything unusual (dot segments, "//", absolute-form) goes through URL.
function pathOf(target: string | undefined): string {
  const end = target ? target.search(/[?#]/) : -1;
  const path = target && end !== -1 ? target.slice(0, end) : (target ?? "/");
  return SIMPLE_PATH.test(path) ? path : new URL(target ?? "/", "http://gateway").pathname;
}

function isRead(req: IncomingMessage): boolean {
  return req.method === "GET" || req.method === "HEAD";
}

function headerGetter(req: IncomingMessage): { get(name: string): string | null } {
  return {
    get: (name) => {
      const value = req.headers[name.toLowerCase()];
      return typeof value === "string" ? value : Array.isArray(value) ? (value[0] ?? null) : null;
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

// Resolves undefined when the body exceeds `limit`, so a huge POST cannot exhaust memory.
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
