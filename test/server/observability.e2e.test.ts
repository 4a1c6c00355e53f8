/**
 * What operators see, end to end over the embedded sandbox: request ids on every log line (upstream calls
 * included), redaction, metrics, the budget in `extensions.pipedrive`, webhook-driven cache invalidation,
 * and the health endpoints.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gatewayUnderTest, keyEntry, type GatewayUnderTest } from "./support/gatewayUnderTest.ts";

const KEY = "observability-key-000000000";
const HOOK = "Basic " + Buffer.from("pipedrive:hook-secret").toString("base64");
let gw: GatewayUnderTest;

beforeAll(async () => {
  gw = await gatewayUnderTest({ apiKeys: [keyEntry("ops", KEY, ["*"])], webhook: { user: "pipedrive", password: "hook-secret" } });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox!.log.clear());

const usersCalls = () => gw.sandbox!.log.entries().filter((e) => e.path === "/api/v1/users").length;
const webhook = (body: object, authorization = HOOK) =>
  fetch(`${gw.url}/webhooks/pipedrive`, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify(body) });

describe("logs", () => {
  it("puts the caller's request id on the request line and on every upstream call line, and echoes it", async () => {
    const { headers, body } = await gw.gql("{ contacts(first: 5) { nodes { firstName company { name } owner { name } } } }", { key: KEY, headers: { "x-request-id": "trace-abc-123" } });
    expect(body.errors).toBeUndefined();
    expect(headers.get("x-request-id")).toBe("trace-abc-123");
    const mine = gw.logs.filter((l) => l.requestId === "trace-abc-123");
    const upstream = mine.filter((l) => l.msg === "upstream call").map((l) => l.upstream as { endpoint: string; status: number; attempt: number; durationMs: number });
    const sandboxCalls = gw.sandbox!.log.entries().map((e) => `${e.method} ${e.path}`);
    expect(upstream.map((u) => u.endpoint).sort()).toEqual(sandboxCalls.sort());
    for (const u of upstream) expect(u).toMatchObject({ status: 200, attempt: 1, durationMs: expect.any(Number) });
    expect(mine.find((l) => l.msg === "request")).toMatchObject({ route: "/graphql", status: 200, app: "ops" });
  });

  it("never logs the API key, the Pipedrive token, or the personal data of a created contact", async () => {
    const email = "priya.private@example.test";
    const created = await gw.gql(`mutation { createContact(input: { firstName: "Priya", lastName: "Privatova", email: "${email}" }) { contact { id } } }`, { key: KEY });
    expect(created.body.errors).toBeUndefined();
    const text = JSON.stringify(gw.logs);
    for (const secret of [KEY, gw.sandbox!.token, email, "Privatova"]) expect(text).not.toContain(secret);
  });
});

describe("extensions.pipedrive", () => {
  it("reports the tokens this request spent and the remaining budget", async () => {
    const { body } = await gw.gql("{ contacts(first: 3) { nodes { firstName company { name } } } }", { key: KEY });
    const spent = gw.sandbox!.log.entries().reduce((sum, e) => sum + e.tokenCost, 0);
    expect(spent).toBeGreaterThan(0);
    expect(body.extensions?.pipedrive).toMatchObject({ tokensSpent: spent, dailyTokensRemaining: expect.any(Number), burstRemaining: expect.any(Number) });
  });
});

describe("webhooks keep the shared cache coherent", () => {
  it("re-fetches /v1/users after a user webhook, and only then", async () => {
    const owners = "{ owners { nodes { id name } } }";
    await gw.gql(owners, { key: KEY });
    const afterWarm = usersCalls();
    await gw.gql(owners, { key: KEY });
    expect(usersCalls()).toBe(afterWarm);

    const event = { meta: { action: "change", entity: "user", entity_id: "1002", id: "evt-user-1" }, data: { id: 1002 }, previous: { name: "Old" } };
    expect((await webhook(event)).status).toBe(200);
    await gw.gql(owners, { key: KEY });
    expect(usersCalls()).toBe(afterWarm + 1);

    const replay = await webhook(event);
    expect(await replay.json()).toMatchObject({ ok: true, replay: true });
    await gw.gql(owners, { key: KEY });
    expect(usersCalls()).toBe(afterWarm + 1);
  });

  it("re-fetches the field catalog after a field webhook", async () => {
    await gw.client.fields("person");
    gw.sandbox!.log.clear();
    await gw.client.fields("person");
    expect(gw.sandbox!.log.entries()).toEqual([]);
    await webhook({ meta: { action: "change", entity: "personField", entity_id: "9040", id: "evt-field-1" } });
    await gw.client.fields("person");
    expect(gw.sandbox!.log.entries().map((e) => e.path)).toContain("/api/v2/personFields");
  });

  it("re-checks the mappings after a field webhook and logs the drift while it keeps serving", async () => {
    gw.sandbox!.fields.rename("deal", "Deal Source", "Deal Origin");
    try {
      const response = await webhook({ meta: { action: "change", entity: "dealField", entity_id: "1", id: "evt-field-rename" } });
      expect(response.status).toBe(200);
      const drift = gw.logs.find((l) => Array.isArray(l.drift));
      expect(drift?.level).toBe(50);
      expect((drift!.drift as { code: string; message: string }[]).some((d) => d.message.includes('"Deal Source"'))).toBe(true);
      expect((await gw.gql("{ opportunities(first: 1) { nodes { id } } }", { key: KEY })).body.errors).toBeUndefined();
    } finally {
      gw.sandbox!.fields.rename("deal", "Deal Origin", "Deal Source");
    }
  });

  it("answers 401 for bad credentials and 400 for a bad payload", async () => {
    expect((await webhook({ meta: { action: "change", entity: "user", id: "x" } }, "Basic " + Buffer.from("pipedrive:nope").toString("base64"))).status).toBe(401);
    expect((await webhook({ data: {} })).status).toBe(400);
  });
});

describe("metrics", () => {
  it("counts requests, errors, upstream calls and tokens, cache reads, and shows the budget", async () => {
    await gw.gql("{ contacts(first: 2) { nodes { owner { name } } } }", { key: KEY });
    await gw.gql("{ contacts(first: 2) { nodes { owner { name } } } }", { key: KEY });
    await gw.gql("{ contacts(first: 500) { nodes { id } } }", { key: KEY });
    await gw.gql("{ owners { nodes { name } } }");
    const response = await fetch(`${gw.url}/metrics`);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(/bedrock_http_requests_total\{route="\/graphql",status="200"\} [1-9]/);
    expect(text).toMatch(/bedrock_http_requests_total\{route="\/graphql",status="401"\} [1-9]/);
    expect(text).toMatch(/bedrock_http_request_duration_seconds_bucket\{le="[^"]+",route="\/graphql"\} [1-9]/);
    expect(text).toMatch(/bedrock_graphql_errors_total\{code="QUERY_LIMIT_EXCEEDED"\} [1-9]/);
    expect(text).toMatch(/bedrock_graphql_errors_total\{code="UNAUTHENTICATED"\} [1-9]/);
    expect(text).toMatch(/bedrock_upstream_calls_total\{endpoint="GET \/api\/v2\/persons",status="200"\} [1-9]/);
    expect(text).toMatch(/bedrock_upstream_tokens_total\{endpoint="GET \/api\/v2\/persons"\} [1-9]\d*/);
    expect(text).toMatch(/bedrock_upstream_call_duration_seconds_count\{endpoint="GET \/api\/v1\/users"\} [1-9]/);
    expect(text).toMatch(/bedrock_cache_requests_total\{cache="users",result="hit"\} [1-9]/);
    expect(text).toMatch(/bedrock_cache_requests_total\{cache="users",result="miss"\} [1-9]/);
    expect(text).toMatch(/bedrock_pipedrive_daily_tokens_remaining \d+/);
    expect(text).toMatch(/bedrock_pipedrive_burst_remaining \d+/);
  });
});

describe("health", () => {
  it("answers /healthz and /readyz", async () => {
    const health = await fetch(`${gw.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
    const ready = await fetch(`${gw.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", checks: { pipedrive: "ok", catalog: "ok" } }]);
  });

  it("answers /readyz 503 when Pipedrive does not answer", async () => {
    const other = await gatewayUnderTest();
    try {
      other.sandbox!.faults.inject({ method: "GET", path: "/api/v1/users", count: 10, status: 503 });
      const ready = await fetch(`${other.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "not ready", checks: { pipedrive: "unreachable (UPSTREAM_ERROR)", catalog: "ok" } });
    } finally {
      await other.close();
    }
  });
});
