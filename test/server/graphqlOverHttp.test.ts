/**
 * The gateway speaks GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) the way real clients
 * expect: graphql-http's audit suite (by the spec's editor) runs against the real gateway on the embedded
 * sandbox, and every status, header and body the README's HTTP table promises is pinned below.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { createClient, serverAudits } from "graphql-http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiKeyVerifier } from "../../src/auth/ApiKeyVerifier.ts";
import { hashApiKey } from "../../src/auth/hashApiKey.ts";
import { createLogger } from "../../src/observability/createLogger.ts";
import { GatewayMetrics } from "../../src/observability/GatewayMetrics.ts";
import { createGatewayHandler, MAX_GRAPHQL_BYTES } from "../../src/server/createGatewayHandler.ts";
import { handleCors } from "../../src/server/handleCors.ts";
import { gatewayUnderTest, keyEntry, type GatewayUnderTest } from "./support/gatewayUnderTest.ts";

const ADMIN = "http-admin-key-000000000000";
const READER = "http-reader-key-00000000000";
const APP_ORIGIN = "https://crm.internal.example";
const GRAPHQL_RESPONSE = "application/graphql-response+json";

let gw: GatewayUnderTest;

beforeAll(async () => {
  gw = await gatewayUnderTest({
    apiKeys: [keyEntry("admin", ADMIN, ["*"]), keyEntry("reader", READER, ["*:read"])],
    corsOrigins: [APP_ORIGIN],
  });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox!.log.clear());

// graphql-http's audits know nothing of API keys; every request they make carries the admin's.
function fetchWithKey(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.set("authorization", `Bearer ${ADMIN}`);
  return fetch(input, { ...init, headers });
}

/**
 * SHOULD audits the gateway is allowed to fail, each with its reason. None today: the gateway passes every
 * MUST, SHOULD and MAY audit, so any audit that starts failing fails its test (and an allowed one that starts
 * passing fails too, so this list never goes stale).
 */
const ALLOWED_SHOULD_FAILURES: Readonly<Record<string, string>> = {};

describe("graphql-http server audits", () => {
  const audits = serverAudits({ url: () => gw.graphqlUrl, fetchFn: fetchWithKey });

  it("runs the whole suite, MUSTs included", () => {
    expect(audits.filter((a) => a.name.startsWith("MUST")).length).toBeGreaterThanOrEqual(10);
    expect(audits.length).toBeGreaterThanOrEqual(60);
    for (const id of Object.keys(ALLOWED_SHOULD_FAILURES)) expect(audits.find((a) => a.id === id)?.name).toMatch(/^SHOULD /);
  });

  for (const audit of audits) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      const reason = result.status === "ok" ? "" : `${result.reason} (HTTP ${result.response.status})`;
      expect(result.status, reason).toBe(audit.id in ALLOWED_SHOULD_FAILURES ? "warn" : "ok");
    });
  }
});

describe("graphql-http's client", () => {
  // Resolves the last result, or the error the client raised.
  const run = (query: string) =>
    new Promise<unknown>((resolve) => {
      const client = createClient({ url: gw.graphqlUrl, headers: { authorization: `Bearer ${READER}` } });
      let last: unknown;
      client.subscribe({ query }, { next: (value) => (last = value), error: (error) => resolve({ error: error instanceof Error ? error.message : error }), complete: () => resolve(last) });
    });

  it("reads data, field errors with data, and refuses a request error as the 400 it is", async () => {
    expect(await run("{ owners(first: 1) { nodes { name } } }")).toMatchObject({ data: { owners: { nodes: [{ name: "Ada Lovelace" }] } } });
    expect(await run('mutation { updateContact(id: "1", input: { jobTitle: "CTO" }) { contact { id } } }')).toMatchObject({ data: null, errors: [{ extensions: { code: "FORBIDDEN" } }] });
    expect(await run("{ owners { nodes { shoeSize } } }")).toEqual({ error: "Server responded with 400: Bad Request" });
  });
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: any; errors?: any[]; extensions?: any };
}

async function send(
  method: string,
  options: { query?: Record<string, string>; body?: BodyInit; contentType?: string; accept?: string; key?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(gw.graphqlUrl);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentType) headers["content-type"] = options.contentType;
  if (options.accept) headers.accept = options.accept;
  const key = options.key === undefined ? ADMIN : options.key;
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch(url, { method, headers, ...(options.body !== undefined ? { body: options.body } : {}) });
  const text = await response.text();
  const isJson = /json/.test(response.headers.get("content-type") ?? "");
  return { status: response.status, headers: response.headers, text, body: isJson && text ? JSON.parse(text) : {} };
}

const post = (query: string, options: { accept?: string; headers?: Record<string, string>; key?: string | null; variables?: object; operationName?: string } = {}) =>
  send("POST", { ...options, contentType: "application/json", body: JSON.stringify({ query, variables: options.variables, operationName: options.operationName }) });

const writesUpstream = () => gw.sandbox!.log.entries().filter((e) => e.method !== "GET").map((e) => `${e.method} ${e.path}`);
const HUGE_QUERY = "{ companies(first: 100) { nodes { contacts(first: 100) { firstName } } } }";

describe("GET", () => {
  it("runs a query from the query string", async () => {
    const answer = await send("GET", { query: { query: "query Owners($first: Int) { owners(first: $first) { nodes { name } } }", variables: '{"first":1}', operationName: "Owners" } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(answer.body.data).toEqual({ owners: { nodes: [{ name: "Ada Lovelace" }] } });
  });

  it("refuses a mutation with 405 and Allow: POST, and writes nothing", async () => {
    const answer = await send("GET", { accept: "application/json", query: { query: 'mutation { updateContact(id: "1", input: { jobTitle: "CTO" }) { contact { id } } }' } });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("POST");
    expect(answer.body.errors?.[0].extensions?.code).toBe("BAD_REQUEST");
    expect(answer.body.data).toBeUndefined();
    expect(writesUpstream()).toEqual([]);
  });

  it("answers variables that are not JSON with 400 BAD_REQUEST, not an unexpected error", async () => {
    for (const accept of ["application/json", GRAPHQL_RESPONSE]) {
      const answer = await send("GET", { accept, query: { query: "{ __typename }", variables: "{nope" } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^The 'variables' or 'extensions' parameter is not valid JSON/), extensions: { code: "BAD_REQUEST" } });
    }
  });

  it("answers the same for a form-encoded POST, whose variables are URL-encoded JSON too", async () => {
    for (const accept of ["application/json", GRAPHQL_RESPONSE]) {
      const body = new URLSearchParams({ query: "{ __typename }", variables: "{nope" }).toString();
      const answer = await send("POST", { accept, contentType: "application/x-www-form-urlencoded", body });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^The 'variables' or 'extensions' parameter is not valid JSON/), extensions: { code: "BAD_REQUEST" } });
    }
  });
});

describe("Accept: application/graphql-response+json", () => {
  const accept = GRAPHQL_RESPONSE;

  it("answers a parse error 400 without data", async () => {
    const answer = await post("{ owners {", { accept });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toBe(`${GRAPHQL_RESPONSE}; charset=utf-8`);
    expect(answer.body.errors?.[0].extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect("data" in answer.body).toBe(false);
  });

  it("answers a validation error 400 without data", async () => {
    const answer = await post("{ owners { nodes { shoeSize } } }", { accept });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect("data" in answer.body).toBe(false);
  });

  it("answers execution errors 200 with data", async () => {
    const answer = await post('mutation { updateContact(id: "1", input: { jobTitle: "CTO" }) { contact { id } } }', { accept, key: READER });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(writesUpstream()).toEqual([]);
  });

  it("answers every request error 400: query limits, variable coercion, an unknown operation name", async () => {
    const limit = await post(HUGE_QUERY, { accept });
    expect([limit.status, limit.body.errors?.[0].extensions?.code, "data" in limit.body]).toEqual([400, "QUERY_LIMIT_EXCEEDED", false]);
    const coercion = await post("query($id: ID!) { contact(id: $id) { id } }", { accept, variables: {} });
    expect([coercion.status, coercion.body.errors?.[0].extensions?.code, "data" in coercion.body]).toEqual([400, "BAD_USER_INPUT", false]);
    const operation = await post("query A { __typename } query B { __typename }", { accept, operationName: "C" });
    expect([operation.status, operation.body.errors?.[0].extensions?.code, "data" in operation.body]).toEqual([400, "OPERATION_RESOLUTION_FAILURE", false]);
    expect(gw.sandbox!.log.entries()).toEqual([]);
  });

  it("is chosen by quality, not by the order the Accept header lists it in", async () => {
    for (const header of ["application/json;q=0.9, application/graphql-response+json", "application/graphql-response+json, application/json;q=0.9"]) {
      const answer = await post("{ owners {", { accept: header });
      expect([answer.status, answer.headers.get("content-type")], header).toEqual([400, `${GRAPHQL_RESPONSE}; charset=utf-8`]);
    }
    const legacy = await post("{ owners {", { accept: "application/graphql-response+json;q=0.5, application/json" });
    expect([legacy.status, legacy.headers.get("content-type")]).toEqual([200, "application/json; charset=utf-8"]);
  });

  it("keeps internals out of the errors (no http or unexpected extension)", async () => {
    const answer = await post(HUGE_QUERY, { accept });
    expect(Object.keys(answer.body.errors?.[0].extensions ?? {}).sort()).toEqual(["actual", "code", "limit", "max"]);
  });
});

describe("Accept: application/json (the spec's legacy mode)", () => {
  const accept = "application/json";

  it("answers parse, validation and other request errors 200 with errors and no data", async () => {
    const cases: [string, object, string][] = [
      ["{ owners {", {}, "GRAPHQL_PARSE_FAILED"],
      ["{ owners { nodes { shoeSize } } }", {}, "GRAPHQL_VALIDATION_FAILED"],
      [HUGE_QUERY, {}, "QUERY_LIMIT_EXCEEDED"],
      ["query($id: ID!) { contact(id: $id) { id } }", { variables: {} }, "BAD_USER_INPUT"],
    ];
    for (const [query, extra, code] of cases) {
      const answer = await post(query, { accept, ...extra });
      expect([answer.status, answer.headers.get("content-type"), answer.body.errors?.[0].extensions?.code, "data" in answer.body]).toEqual([200, "application/json; charset=utf-8", code, false]);
    }
  });

  it("is what a request without Accept, or with */*, gets", async () => {
    for (const headers of [{}, { accept: "*/*" }] as Record<string, string>[]) {
      const answer = await post("{ owners {", { headers });
      expect([answer.status, answer.headers.get("content-type")]).toEqual([200, "application/json; charset=utf-8"]);
    }
  });
});

describe("malformed requests", () => {
  it("answers a Content-Type it does not take with 415 and says what to send", async () => {
    const plain = await send("POST", { contentType: "text/plain", body: '{"query":"{ __typename }"}' });
    expect(plain.status).toBe(415);
    expect(plain.body.errors).toEqual([
      {
        message: `Content-Type "text/plain" is not supported; POST the query as JSON with 'Content-Type: application/json' ({"query": "...", "variables": {...}}), or send it with GET in the query string.`,
        extensions: { code: "UNSUPPORTED_MEDIA_TYPE" },
      },
    ]);
    // A Blob without a type is the one body fetch sends with no Content-Type at all.
    const none = await send("POST", { body: new Blob(['{"query":"{ __typename }"}']) });
    expect(none.status).toBe(415);
    expect(none.body.errors?.[0].message).toMatch(/^The request has no Content-Type; /);
  });

  it("reads the media type case-insensitively, with or without spaces around ';'", async () => {
    for (const contentType of ["Application/JSON", "application/json ; charset=utf-8", "application/json;charset=UTF-8"]) {
      const answer = await send("POST", { contentType, body: '{"query":"{ __typename }"}' });
      expect([answer.status, answer.body.data], contentType).toEqual([200, { __typename: "Query" }]);
    }
  });

  it("answers a body that is not JSON with 400 and a GraphQL-shaped body, whatever the Accept", async () => {
    for (const accept of ["application/json", GRAPHQL_RESPONSE]) {
      const answer = await send("POST", { accept, contentType: "application/json", body: '{"query":' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]).toMatchObject({ message: "POST body sent invalid JSON.", extensions: { code: "BAD_REQUEST" } });
      expect("data" in answer.body).toBe(false);
    }
  });

  it("answers parameters that make no GraphQL-over-HTTP request 400 BAD_REQUEST, whatever the Accept", async () => {
    for (const accept of ["application/json", GRAPHQL_RESPONSE]) {
      const noQuery = await send("POST", { accept, contentType: "application/json", body: "{}" });
      expect([noQuery.status, noQuery.body.errors?.[0].extensions?.code]).toEqual([400, "BAD_REQUEST"]);
      expect(noQuery.body.errors?.[0].message).toBe(`The request has no "query"; send {"query": "{ ... }", "variables": {...}} as a JSON body, or ?query= on a GET.`);
      const persisted = await send("POST", { accept, contentType: "application/json", body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "ab".repeat(32) } } }) });
      expect([persisted.status, persisted.body.errors?.[0].extensions?.code]).toEqual([400, "PERSISTED_QUERY_NOT_SUPPORTED"]);
      const noQueryGet = await send("GET", { accept });
      expect([noQueryGet.status, noQueryGet.body.errors?.[0].extensions?.code]).toEqual([400, "BAD_REQUEST"]);
      const operationName = await send("POST", { accept, contentType: "application/json", body: '{"query":"{ __typename }","operationName":["A"]}' });
      expect([operationName.status, operationName.body.errors?.[0].message]).toEqual([400, `Expected "operationName" to be a string or null, but given array; send the name of one operation in the document.`]);
      for (const body of ['{"qeury":"{ __typename }"}', '{"query":"query Q($i: Int!) { __typename }","variables":[7]}', '[{"query":"{ __typename }"}]']) {
        const answer = await send("POST", { accept, contentType: "application/json", body });
        expect([answer.status, answer.body.errors?.[0].extensions?.code], body).toEqual([400, "BAD_REQUEST"]);
      }
    }
  });

  it("refuses methods other than GET, POST and OPTIONS with 405; HEAD too, with no body", async () => {
    const put = await send("PUT", { contentType: "application/json", body: '{"query":"{ __typename }"}' });
    expect([put.status, put.headers.get("allow"), put.body.errors?.[0].extensions?.code]).toEqual([405, "GET, POST", "BAD_REQUEST"]);
    const head = await send("HEAD", { query: { query: "{ __typename }" } });
    expect([head.status, head.headers.get("allow"), head.text]).toEqual([405, "GET, POST", ""]);
  });
});

describe("refusals before GraphQL runs have GraphQL-shaped bodies", () => {
  it("401 UNAUTHENTICATED with WWW-Authenticate", async () => {
    for (const key of [null, "not-a-key"]) {
      const answer = await post("{ __typename }", { key });
      expect(answer.status).toBe(401);
      expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="bedrock-gateway"');
      expect(answer.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(answer.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED" } }] });
    }
  });

  it("403 ORIGIN_NOT_ALLOWED for a preflight from an origin not in BEDROCK_CORS_ORIGINS", async () => {
    const answer = await send("OPTIONS", { key: null, headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    expect(answer.status).toBe(403);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    expect(answer.body).toEqual({
      errors: [{ message: 'Browser requests from origin "https://evil.example" are not allowed by this gateway; its operator can add the origin to BEDROCK_CORS_ORIGINS.', extensions: { code: "ORIGIN_NOT_ALLOWED" } }],
    });
  });

  it("413 REQUEST_TOO_LARGE for a body declared over 1 MiB", async () => {
    const answer = await send("POST", { contentType: "application/json", body: JSON.stringify({ query: `{ __typename } # ${"x".repeat(MAX_GRAPHQL_BYTES)}` }) });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ errors: [{ message: expect.stringMatching(/gateway reads at most 1048576 bytes/), extensions: { code: "REQUEST_TOO_LARGE" } }] });
  });
});

describe("CORS and OPTIONS", () => {
  it("answers a preflight from an allowed origin 204 without an API key", async () => {
    const answer = await send("OPTIONS", { key: null, headers: { origin: APP_ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } });
    expect(answer.status).toBe(204);
    expect(Object.fromEntries([...answer.headers].filter(([name]) => name.startsWith("access-control-") || name === "vary"))).toEqual({
      "access-control-allow-origin": APP_ORIGIN,
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "authorization, content-type, accept, x-api-key, idempotency-key, x-request-id",
      "access-control-expose-headers": "x-request-id",
      "access-control-max-age": "600",
      vary: "Origin",
    });
  });

  it("answers an OPTIONS that is no preflight with the methods it takes", async () => {
    const answer = await send("OPTIONS", { key: null });
    expect([answer.status, answer.headers.get("allow"), answer.text]).toEqual([204, "GET, POST, OPTIONS", ""]);
  });

  it("lets an allowed origin read answers, 401s included, and tells no other origin anything", async () => {
    const ok = await post("{ __typename }", { headers: { origin: APP_ORIGIN } });
    expect([ok.status, ok.headers.get("access-control-allow-origin"), ok.headers.get("access-control-expose-headers")]).toEqual([200, APP_ORIGIN, "x-request-id"]);
    expect(ok.headers.get("access-control-allow-credentials")).toBeNull();
    const unauthenticated = await post("{ __typename }", { key: null, headers: { origin: APP_ORIGIN } });
    expect([unauthenticated.status, unauthenticated.headers.get("access-control-allow-origin")]).toEqual([401, APP_ORIGIN]);
    const other = await post("{ __typename }", { headers: { origin: "https://evil.example" } });
    expect([other.status, other.headers.get("access-control-allow-origin"), other.headers.get("vary")]).toEqual([200, null, "Origin"]);
  });

  it("sends no CORS headers and refuses every preflight when BEDROCK_CORS_ORIGINS is unset", async () => {
    const open = await gatewayUnderTest({ logLevel: "silent" });
    try {
      const answer = await fetch(open.graphqlUrl, { method: "POST", headers: { "content-type": "application/json", origin: "https://anywhere.example" }, body: '{"query":"{ __typename }"}' });
      expect([answer.status, answer.headers.get("access-control-allow-origin"), answer.headers.get("vary")]).toEqual([200, null, null]);
      const preflight = await fetch(open.graphqlUrl, { method: "OPTIONS", headers: { origin: "https://anywhere.example", "access-control-request-method": "POST" } });
      expect(preflight.status).toBe(403);
      expect((await preflight.json()).errors[0].extensions.code).toBe("ORIGIN_NOT_ALLOWED");
    } finally {
      await open.close();
    }
  });
});

describe("handleCors with *", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!handleCors(req, res, ["*"])) res.end("served");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("lets any origin in with a literal *, never with credentials, and lets requests without Origin through untouched", async () => {
    const preflight = await fetch(url, { method: "OPTIONS", headers: { origin: "https://anywhere.example", "access-control-request-method": "GET" } });
    expect([preflight.status, preflight.headers.get("access-control-allow-origin"), preflight.headers.get("vary")]).toEqual([204, "*", null]);
    const get = await fetch(url, { headers: { origin: "https://anywhere.example" } });
    expect([await get.text(), get.headers.get("access-control-allow-origin"), get.headers.get("access-control-allow-credentials")]).toEqual(["served", "*", null]);
    const noOrigin = await fetch(url);
    expect([await noOrigin.text(), noOrigin.headers.get("access-control-allow-origin")]).toEqual(["served", null]);
  });
});

describe("an unexpected failure before execution", () => {
  it("is 500 with a masked INTERNAL_SERVER_ERROR, in both response modes", async () => {
    const lines: string[] = [];
    const handler = createGatewayHandler({
      schema: makeExecutableSchema({ typeDefs: "type Query { ok: Boolean }", resolvers: { Query: { ok: () => true } } }),
      limits: { maxDepth: 5, maxAliases: 5, maxCost: 100, maxPageSize: 10 },
      introspection: true,
      graphiql: false,
      verifier: new ApiKeyVerifier([{ name: "app", sha256: hashApiKey(ADMIN), scopes: ["*"] }]),
      createContext: () => {
        throw new Error("redis://:hunter2@cache:6379 refused the connection");
      },
      logger: createLogger({ level: "error", destination: { write: (line: string) => void lines.push(line) } }),
      metrics: new GatewayMetrics({ budget: () => ({}) }),
      budget: () => ({}),
      readiness: async () => ({ ready: true, checks: {} }),
    });
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      for (const accept of ["application/json", GRAPHQL_RESPONSE]) {
        const answer = await postRaw(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, accept);
        expect(answer.status).toBe(500);
        expect(answer.body).toMatchObject({ errors: [{ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR", requestId: expect.any(String) } }] });
        expect(JSON.stringify(answer.body)).not.toMatch(/hunter2|unexpected"/);
      }
      expect(lines.join("\n")).toContain("refused the connection");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

// node:http rather than fetch: one request on its own connection, closed when answered.
function postRaw(url: string, accept: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const body = '{"query":"{ ok }"}';
    const request = httpRequest(url, { method: "POST", agent: false, headers: { "content-type": "application/json", accept, authorization: `Bearer ${ADMIN}`, "content-length": Buffer.byteLength(body) } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    request.on("error", reject);
    request.end(body);
  });
}
