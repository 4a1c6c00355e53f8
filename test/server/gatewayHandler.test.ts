/**
 * The HTTP surface on a small stand-in schema (the compiled Bedrock schema is exercised end to end in
 * gateway.e2e.test.ts): auth, scopes through ctx.can, limits, introspection switch, error masking,
 * request ids, metrics, extensions, webhooks, health and readiness.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewayError } from "../../schema/GatewayError.ts";
import { ApiKeyVerifier } from "../../src/auth/ApiKeyVerifier.ts";
import { hashApiKey } from "../../src/auth/hashApiKey.ts";
import { createLogger } from "../../src/observability/createLogger.ts";
import { GatewayMetrics } from "../../src/observability/GatewayMetrics.ts";
import { requestScope } from "../../src/observability/requestScope.ts";
import { createGatewayHandler, MAX_GRAPHQL_BYTES, type GatewayHandlerOptions } from "../../src/server/createGatewayHandler.ts";
import { requestServices, type RequestServices } from "../../src/server/requestServices.ts";
import { IdempotencyStore } from "../../src/state/IdempotencyStore.ts";
import { LockManager } from "../../src/state/LockManager.ts";
import { MemoryAtomicStore } from "../../src/state/MemoryAtomicStore.ts";
import { PipedriveWebhookHandler, type Invalidation } from "../../src/webhooks/PipedriveWebhookHandler.ts";

const typeDefs = /* GraphQL */ `
  type Query {
    contacts(first: Int = 20): ContactConnection!
    boom: String
  }
  type ContactConnection { nodes: [Contact!]! }
  type Contact { id: ID! name: String company: Company }
  type Company { id: ID! contacts(first: Int = 20): ContactConnection! }
  type Mutation { createContact(name: String!, idempotencyKey: String): CreatePayload! }
  type CreatePayload { id: ID! idempotentReplay: Boolean! }
`;

let upstreamCreates = 0;
const resolvers = {
  Query: {
    contacts: (_: unknown, args: { first: number }, ctx: RequestServices) => {
      if (!ctx.can("Contact", "read")) throw GatewayError.forbidden("Contact", "read");
      const scope = requestScope.getStore();
      if (scope) scope.tokensSpent += 10;
      return { nodes: Array.from({ length: Math.min(args.first, 3) }, (_, i) => ({ id: String(i + 1), name: `n${i}` })) };
    },
    boom: () => {
      throw new Error("connect ECONNREFUSED https://acme.pipedrive.com/api/v2/persons?token=sekret");
    },
  },
  Contact: { company: () => ({ id: "c1" }) },
  Company: { contacts: () => ({ nodes: [] }) },
  Mutation: {
    createContact: async (_: unknown, args: { name: string; idempotencyKey?: string }, ctx: RequestServices) => {
      if (!ctx.can("Contact", "create")) throw GatewayError.forbidden("Contact", "create");
      return ctx.runIdempotent(args.idempotencyKey ?? ctx.idempotencyKey, "createContact", { name: args.name }, async () => ({
        id: String(++upstreamCreates),
        idempotentReplay: false,
      }));
    },
  },
};

const KEYS = { reader: "key-reader-0123456789", writer: "key-writer-0123456789", all: "key-all-0123456789" };
const logLines: Record<string, unknown>[] = [];
const invalidated: Invalidation[] = [];
let server: Server;
let base: string;
let ready = true;

async function start(overrides: Partial<GatewayHandlerOptions> = {}): Promise<{ server: Server; url: string }> {
  const idempotency = new IdempotencyStore({ store: new MemoryAtomicStore(), prefix: "t" });
  const locks = new LockManager({ prefix: "t" });
  const logger = createLogger({ level: "info", destination: { write: (line: string) => void logLines.push(JSON.parse(line)) } });
  const handler = createGatewayHandler({
    schema: makeExecutableSchema({ typeDefs, resolvers }),
    limits: { maxDepth: 5, maxAliases: 2, maxCost: 200, maxPageSize: 50 },
    introspection: true,
    graphiql: true,
    verifier: new ApiKeyVerifier([
      { name: "reader", sha256: hashApiKey(KEYS.reader), scopes: ["*:read"] },
      { name: "writer", sha256: hashApiKey(KEYS.writer), scopes: ["contact:create"] },
      { name: "all", sha256: hashApiKey(KEYS.all), scopes: ["*"] },
    ]),
    createContext: (request) => ({ ...requestServices(request, { idempotency, locks }) }),
    logger,
    metrics: new GatewayMetrics({ budget: () => ({ burstRemaining: 97, dailyTokensRemaining: 1234 }) }),
    budget: () => ({ burstRemaining: 97, dailyTokensRemaining: 1234 }),
    readiness: async () => ({ ready, checks: { pipedrive: ready ? "ok" : "unreachable", catalog: "ok" } }),
    webhooks: new PipedriveWebhookHandler({
      credentials: { user: "hook", password: "pw" },
      invalidate: async (what) => void invalidated.push(what),
      store: new MemoryAtomicStore(),
      prefix: "t",
    }),
    ...overrides,
  });
  const s = createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return { server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  ({ server, url: base } = await start());
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function gql(query: string, options: { key?: string; headers?: Record<string, string>; variables?: object; url?: string } = {}) {
  const response = await fetch(`${options.url ?? base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(options.key ? { authorization: `Bearer ${options.key}` } : {}), ...options.headers },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: any; errors?: any[]; extensions?: any } };
}

describe("authentication", () => {
  it("answers 401 UNAUTHENTICATED without a key and with an unknown key", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer nope" }, { "x-api-key": "nope" }];
    for (const headers of attempts) {
      const { status, body } = await gql("{ contacts { nodes { id } } }", { headers });
      expect(status).toBe(401);
      expect(body.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
      expect(body.data).toBeUndefined();
    }
  });

  it("accepts a key as Bearer or x-api-key", async () => {
    expect((await gql("{ contacts(first: 2) { nodes { id } } }", { key: KEYS.reader })).body.data.contacts.nodes).toHaveLength(2);
    expect((await gql("{ contacts(first: 1) { nodes { id } } }", { headers: { "x-api-key": KEYS.reader } })).body.data.contacts.nodes).toHaveLength(1);
  });

  it("gives ctx.can the key's scopes", async () => {
    const denied = await gql('mutation { createContact(name: "x") { id } }', { key: KEYS.reader });
    expect(denied.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const readDenied = await gql("{ contacts { nodes { id } } }", { key: KEYS.writer });
    expect(readDenied.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
    const allowed = await gql('mutation { createContact(name: "x") { id } }', { key: KEYS.writer });
    expect(allowed.body.errors).toBeUndefined();
  });

  it("serves GraphiQL to a browser without a key", async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<html");
  });
});

// A POST sent chunked, without a Content-Length, as a streaming client would.
function postChunked(body: string, key: string): Promise<{ status: number; body: { data?: any; errors?: any[] } }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    request.on("error", reject);
    for (let at = 0; at < body.length; at += 64 * 1024) request.write(body.slice(at, at + 64 * 1024));
    request.end();
  });
}

describe("query limits", () => {
  it("reads a chunked body without Content-Length, and refuses one over MAX_GRAPHQL_BYTES with 413", async () => {
    const small = await postChunked(JSON.stringify({ query: "{ contacts(first: 2) { nodes { id } } }" }), KEYS.all);
    expect(small.status).toBe(200);
    expect(small.body.data.contacts.nodes).toHaveLength(2);
    const padding = "x".repeat(MAX_GRAPHQL_BYTES);
    const large = await postChunked(JSON.stringify({ query: `{ contacts { nodes { id } } } # ${padding}` }), KEYS.all);
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({ errors: [{ extensions: { code: "REQUEST_TOO_LARGE" } }] });
    expect((await gql("{ contacts(first: 1) { nodes { id } } }", { key: KEYS.all })).status).toBe(200);
  });

  it("refuses a body over MAX_GRAPHQL_BYTES with 413 before reading it", async () => {
    const padding = "x".repeat(MAX_GRAPHQL_BYTES);
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.all}` },
      body: JSON.stringify({ query: `{ contacts { nodes { id } } } # ${padding}` }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "REQUEST_TOO_LARGE" } }] });
    expect((await gql("{ contacts(first: 1) { nodes { id } } }", { key: KEYS.all })).status).toBe(200);
  });

  it("refuses depth beyond the limit naming BEDROCK_MAX_DEPTH", async () => {
    const { body } = await gql("{ contacts(first: 1) { nodes { company { contacts(first: 1) { nodes { id } } } } } }", { key: KEYS.all });
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: "QUERY_LIMIT_EXCEEDED", limit: "depth", actual: 6, max: 5 } });
    expect(body.errors?.[0].message).toContain("BEDROCK_MAX_DEPTH");
  });

  it("refuses too many aliases", async () => {
    const { body } = await gql("{ a: contacts(first: 1) { nodes { id } } b: contacts(first: 1) { nodes { id } } c: contacts(first: 1) { nodes { id } } }", { key: KEYS.all });
    expect(body.errors?.map((e) => e.extensions.limit)).toEqual(["aliases"]);
  });

  it("refuses a page size above the cap, also through a variable", async () => {
    const literal = await gql("{ contacts(first: 51) { nodes { id } } }", { key: KEYS.all });
    expect(literal.body.errors?.[0].extensions).toMatchObject({ limit: "pageSize", actual: 51, max: 50 });
    const variable = await gql("query Q($n: Int) { contacts(first: $n) { nodes { id } } }", { key: KEYS.all, variables: { n: 60 } });
    expect(variable.body.errors?.[0].extensions).toMatchObject({ limit: "pageSize", actual: 60 });
  });

  it("multiplies the cost of nested pages", async () => {
    // contacts: 1 + 10 × nodes; nodes: 1 + id 1 + company (1 + contacts (1 + 10 × (nodes 1 + id 1 + name 1))) = 34 → 341 > 200.
    const nested = await gql("{ contacts(first: 10) { nodes { id company { contacts(first: 10) { nodes { id name } } } } } }", { key: KEYS.all });
    expect(nested.body.errors?.find((e) => e.extensions.limit === "cost")?.extensions).toMatchObject({ actual: 341, max: 200 });
    const flat = await gql("{ contacts(first: 50) { nodes { id name } } }", { key: KEYS.all });
    expect(flat.body.errors).toBeUndefined();
  });

  it("allows introspection when enabled and refuses it when switched off", async () => {
    expect((await gql("{ __schema { queryType { name } } }", { key: KEYS.all })).body.data.__schema.queryType.name).toBe("Query");
    const closed = await start({ introspection: false, graphiql: false });
    try {
      const { body } = await gql("{ __schema { queryType { name } } }", { key: KEYS.all, url: closed.url });
      expect(body.data).toBeUndefined();
      expect(body.errors?.[0].message).toMatch(/introspection/i);
      const page = await fetch(`${closed.url}/graphql`, { headers: { accept: "text/html", authorization: `Bearer ${KEYS.all}` } });
      expect(await page.text()).not.toContain("graphiql");
    } finally {
      await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    }
  });
});

describe("errors, request ids, logs, extensions", () => {
  it("masks unexpected errors with a request id and leaks neither URL nor token", async () => {
    const { headers, body } = await gql("{ boom }", { key: KEYS.all, headers: { "x-request-id": "req-boom-1" } });
    expect(headers.get("x-request-id")).toBe("req-boom-1");
    expect(body.errors?.[0]).toMatchObject({ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-boom-1" } });
    const text = JSON.stringify(body);
    expect(text).not.toContain("pipedrive.com");
    expect(text).not.toContain("sekret");
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    expect(logLines.some((l) => l.requestId === "req-boom-1" && l.msg === "unexpected error in a resolver")).toBe(true);
  });

  it("generates a request id when none (or a malformed one) is sent, and logs the request with it", async () => {
    const { headers } = await gql("{ contacts(first: 1) { nodes { id } } }", { key: KEYS.reader, headers: { "x-request-id": "bad id with spaces" } });
    const id = headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = logLines.find((l) => l.requestId === id && l.msg === "request");
    expect(line).toMatchObject({ route: "/graphql", status: 200, app: "reader" });
    expect(JSON.stringify(logLines)).not.toContain(KEYS.reader);
  });

  it("reports the Pipedrive budget in extensions.pipedrive", async () => {
    const { body } = await gql("{ contacts(first: 1) { nodes { id } } }", { key: KEYS.reader });
    expect(body.extensions?.pipedrive).toEqual({ tokensSpent: 10, dailyTokensRemaining: 1234, burstRemaining: 97 });
  });

  it("replays an idempotent create keyed by the Idempotency-Key header", async () => {
    const before = upstreamCreates;
    const first = await gql('mutation { createContact(name: "idem") { id idempotentReplay } }', { key: KEYS.all, headers: { "idempotency-key": "h-1" } });
    const again = await gql('mutation { createContact(name: "idem") { id idempotentReplay } }', { key: KEYS.all, headers: { "idempotency-key": "h-1" } });
    expect(again.body.data.createContact).toEqual({ id: first.body.data.createContact.id, idempotentReplay: true });
    expect(upstreamCreates).toBe(before + 1);
    const conflict = await gql('mutation { createContact(name: "other") { id } }', { key: KEYS.all, headers: { "idempotency-key": "h-1" } });
    expect(conflict.body.errors?.[0].extensions.code).toBe("IDEMPOTENCY_CONFLICT");
  });
});

describe("operational routes", () => {
  it("serves /healthz and /readyz, 503 when not ready", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const okReady = await fetch(`${base}/readyz`);
    expect([okReady.status, await okReady.json()]).toEqual([200, { status: "ready", checks: { pipedrive: "ok", catalog: "ok" } }]);
    ready = false;
    try {
      const notReady = await fetch(`${base}/readyz`);
      expect(notReady.status).toBe(503);
    } finally {
      ready = true;
    }
  });

  it("exposes request, error and budget metrics", async () => {
    await gql("{ contacts(first: 1) { nodes { id } } }");
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/bedrock_http_requests_total\{route="\/graphql",status="401"\} [1-9]/);
    expect(text).toMatch(/bedrock_graphql_errors_total\{code="UNAUTHENTICATED"\} [1-9]/);
    expect(text).toMatch(/bedrock_http_request_duration_seconds_count\{route="\/graphql"\} [1-9]/);
    expect(text).toContain("bedrock_pipedrive_daily_tokens_remaining 1234");
    expect(text).toContain("bedrock_pipedrive_burst_remaining 97");
  });

  it("answers 404 for unknown routes", async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});

describe("POST /webhooks/pipedrive", () => {
  const post = (body: unknown, auth = "Basic " + Buffer.from("hook:pw").toString("base64")) =>
    fetch(`${base}/webhooks/pipedrive`, { method: "POST", headers: { "content-type": "application/json", authorization: auth }, body: typeof body === "string" ? body : JSON.stringify(body) });

  it("invalidates users on a user event, once per event id", async () => {
    invalidated.length = 0;
    const event = { meta: { action: "change", entity: "user", entity_id: "1002", id: "evt-1" }, data: {}, previous: {} };
    const first = await post(event);
    expect([first.status, await first.json()]).toEqual([200, { ok: true, replay: false, invalidated: ["users"] }]);
    const replay = await post(event);
    expect([replay.status, await replay.json()]).toEqual([200, { ok: true, replay: true, invalidated: [] }]);
    expect(invalidated).toEqual(["users"]);
  });

  it("invalidates fields on a field event and nothing on a record event", async () => {
    invalidated.length = 0;
    await post({ meta: { action: "change", entity: "personField", entity_id: 9, id: 77 } });
    await post({ meta: { action: "create", entity: "person", entity_id: "5", id: "evt-person" } });
    expect(invalidated).toEqual(["fields"]);
  });

  it("answers 401 for bad credentials and 400 for a bad payload", async () => {
    expect((await post({ meta: { action: "change", entity: "user", id: "x" } }, "Basic " + Buffer.from("hook:wrong").toString("base64"))).status).toBe(401);
    expect((await post({ meta: { action: "change", entity: "user", id: "x" } }, "")).status).toBe(401);
    expect((await post("not json")).status).toBe(400);
    const missing = await post({ meta: { action: "change" } });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toContain("meta.entity");
  });
});
