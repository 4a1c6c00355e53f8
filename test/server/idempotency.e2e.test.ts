/**
 * Idempotent creates end to end: one gateway process (memory), and two gateway processes — this one and a
 * `node src/cli/main.ts serve` child — sharing one Redis and one sandbox. The sandbox's request log is the
 * witness: exactly one upstream POST per idempotency key.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/auth/hashApiKey.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/startSandbox.ts";
import { gatewayUnderTest, keyEntry, type GatewayUnderTest } from "./support/gatewayUnderTest.ts";
import { startTestRedis, type TestRedis } from "./support/useRedis.ts";

const KEY = "idempotency-test-key-000000";
const CREATE = `mutation($input: CreateContactInput!, $key: String) {
  createContact(input: $input, idempotencyKey: $key) { contact { id email } matched idempotentReplay }
}`;

const posts = (sandbox: Sandbox) => sandbox.log.entries().filter((e) => e.method === "POST" && e.path === "/api/v2/persons");

describe("one gateway process", () => {
  let gw: GatewayUnderTest;
  beforeAll(async () => {
    gw = await gatewayUnderTest({ apiKeys: [keyEntry("app", KEY, ["*"])] });
  });
  afterAll(() => gw.close());

  it("replays the first answer for the same key and input, with no second create", async () => {
    const input = { firstName: "Ida", lastName: "Empotent", email: "ida.empotent@example.test" };
    const first = await gw.gql(CREATE, { key: KEY, variables: { input, key: "one-1" } });
    const second = await gw.gql(CREATE, { key: KEY, variables: { input: { email: input.email, lastName: input.lastName, firstName: input.firstName }, key: "one-1" } });
    expect(first.body.data.createContact).toMatchObject({ matched: false, idempotentReplay: false });
    expect(second.body.data.createContact).toEqual({ ...first.body.data.createContact, idempotentReplay: true });
    expect(posts(gw.sandbox!)).toHaveLength(1);
  });

  it("takes the key from the Idempotency-Key header too, and refuses a different input as IDEMPOTENCY_CONFLICT", async () => {
    gw.sandbox!.log.clear();
    const headers = { "idempotency-key": "header-1" };
    const input = { firstName: "Hedda", lastName: "Header", email: "hedda.header@example.test" };
    const first = await gw.gql(CREATE, { key: KEY, headers, variables: { input } });
    const replay = await gw.gql(CREATE, { key: KEY, headers, variables: { input } });
    expect(replay.body.data.createContact.idempotentReplay).toBe(true);
    expect(replay.body.data.createContact.contact.id).toBe(first.body.data.createContact.contact.id);
    const conflict = await gw.gql(CREATE, { key: KEY, headers, variables: { input: { ...input, firstName: "Other" } } });
    expect(conflict.body.errors?.[0].extensions).toMatchObject({ code: "IDEMPOTENCY_CONFLICT", field: "idempotencyKey" });
    expect(posts(gw.sandbox!)).toHaveLength(1);
  });

  it("makes one create for concurrent requests with one key", async () => {
    gw.sandbox!.log.clear();
    gw.sandbox!.faults.inject({ method: "POST", path: "/api/v2/persons", count: 1, delayMs: 200 });
    const input = { firstName: "Connie", lastName: "Current", email: "connie.current@example.test" };
    const answers = await Promise.all(Array.from({ length: 6 }, () => gw.gql(CREATE, { key: KEY, variables: { input, key: "concurrent-1" } })));
    const payloads = answers.map((a) => a.body.data.createContact);
    expect(new Set(payloads.map((p) => p.contact.id)).size).toBe(1);
    expect(payloads.filter((p) => !p.idempotentReplay)).toHaveLength(1);
    expect(posts(gw.sandbox!)).toHaveLength(1);
  });

  it("keeps the key of a create answered 500 (it may have landed): the retry is UPSTREAM_OUTCOME_UNKNOWN, not a second POST", async () => {
    gw.sandbox!.log.clear();
    gw.sandbox!.faults.inject({ method: "POST", path: "/api/v2/persons", count: 1, status: 500 });
    const input = { firstName: "Fay", lastName: "Lure", email: "fay.lure@example.test" };
    const failed = await gw.gql(CREATE, { key: KEY, variables: { input, key: "fails-once" } });
    expect(failed.body.errors?.[0].extensions.code).toBe("UPSTREAM_OUTCOME_UNKNOWN");
    const retried = await gw.gql(CREATE, { key: KEY, variables: { input, key: "fails-once" } });
    expect(retried.body.errors?.[0].extensions).toMatchObject({ code: "UPSTREAM_OUTCOME_UNKNOWN", field: "idempotencyKey" });
    expect(posts(gw.sandbox!).map((p) => p.status)).toEqual([500]);
  });

  it("never repeats a create whose answer was lost after Pipedrive applied it, under the same key", async () => {
    gw.sandbox!.log.clear();
    // No email, so no dedupe rule could catch a second create: only the idempotency key stands between.
    const input = { firstName: "Lost", lastName: "Answer-Quentin" };
    gw.sandbox!.faults.inject({ method: "POST", path: "/api/v2/persons", count: 1, dropAnswer: true });
    const first = await gw.gql(CREATE, { key: KEY, variables: { input, key: "lost-answer-1" } });
    expect(first.body.errors?.[0].extensions.code).toBe("UPSTREAM_OUTCOME_UNKNOWN");
    expect(first.body.errors?.[0].message).toMatch(/may or may not exist/);
    const retries = await Promise.all([1, 2, 3].map(() => gw.gql(CREATE, { key: KEY, variables: { input, key: "lost-answer-1" } })));
    for (const retry of retries) expect(retry.body.errors?.[0].extensions).toMatchObject({ code: "UPSTREAM_OUTCOME_UNKNOWN", field: "idempotencyKey" });
    // Pipedrive applied the one POST (200 in its log) and saw no other: exactly one such person exists.
    expect(posts(gw.sandbox!).map((p) => p.status)).toEqual([200]);
    const found = await gw.gql(`{ searchContacts(term: "Answer-Quentin") { id firstName lastName } }`, { key: KEY });
    expect(found.body.data.searchContacts).toEqual([{ id: expect.any(String), firstName: "Lost", lastName: "Answer-Quentin" }]);
  });
});

describe("two gateway processes on one Redis", () => {
  let redis: TestRedis;
  let sandbox: Sandbox;
  let local: GatewayUnderTest;
  let child: ChildProcess;
  let childUrl: string;
  let childStderr = "";

  beforeAll(async () => {
    redis = await startTestRedis();
    sandbox = await startSandbox();
    const prefix = redis.prefix();
    local = await gatewayUnderTest({
      pipedrive: { apiToken: sandbox.token, baseUrl: sandbox.url },
      redisUrl: redis.url,
      keyPrefix: prefix,
      apiKeys: [keyEntry("app", KEY, ["*"])],
    });
    child = spawn(process.execPath, ["src/cli/main.ts", "serve"], {
      env: {
        PATH: process.env.PATH,
        PORT: "0",
        HOST: "127.0.0.1",
        PIPEDRIVE_API_TOKEN: sandbox.token,
        PIPEDRIVE_BASE_URL: sandbox.url,
        REDIS_URL: redis.url,
        BEDROCK_KEY_PREFIX: prefix,
        BEDROCK_API_KEYS: `app:${hashApiKey(KEY)}:*`,
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stderr!.on("data", (chunk: Buffer) => (childStderr += chunk.toString()));
    childUrl = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on("line", (line) => {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg?.startsWith("Bedrock Gateway listening")) resolve(entry.url!);
      });
      child.once("exit", (code) => reject(new Error(`gateway child exited with ${code}: ${childStderr}`)));
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await local?.close();
    await sandbox?.close();
    await redis?.stop();
  });

  const post = (url: string, input: object, key: string) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEY}`, "idempotency-key": key },
      body: JSON.stringify({ query: CREATE, variables: { input } }),
    }).then(async (r) => (await r.json()) as { data?: any; errors?: any[] });

  it("shares the field catalog and the users cache between the processes through Redis", async () => {
    // Both processes loaded the catalog at start; only the first one had to ask Pipedrive.
    expect(sandbox.log.entries().filter((e) => e.path === "/api/v2/personFields")).toHaveLength(1);
    sandbox.log.clear();
    const owners = (url: string) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` }, body: JSON.stringify({ query: "{ owners { nodes { name } } }" }) }).then((r) => r.json());
    await owners(local.graphqlUrl);
    await owners(childUrl);
    expect(sandbox.log.entries().filter((e) => e.path === "/api/v1/users")).toHaveLength(1);
  });

  it("makes exactly one upstream create for concurrent requests spread over both processes", async () => {
    sandbox.log.clear();
    sandbox.faults.inject({ method: "POST", path: "/api/v2/persons", count: 1, delayMs: 300 });
    const input = { firstName: "Remy", lastName: "Replica", email: "remy.replica@example.test" };
    const answers = await Promise.all([
      post(local.graphqlUrl, input, "two-process-1"),
      post(childUrl, input, "two-process-1"),
      post(local.graphqlUrl, input, "two-process-1"),
      post(childUrl, input, "two-process-1"),
    ]);
    for (const a of answers) expect(a.errors).toBeUndefined();
    const payloads = answers.map((a) => a.data.createContact);
    expect(new Set(payloads.map((p) => p.contact.id)).size).toBe(1);
    expect(payloads.filter((p) => !p.idempotentReplay)).toHaveLength(1);
    expect(posts(sandbox)).toHaveLength(1);
  });

  it("replays on the other process and refuses a different input there", async () => {
    sandbox.log.clear();
    const input = { firstName: "Otto", lastName: "Other", email: "otto.other@example.test" };
    const first = await post(local.graphqlUrl, input, "two-process-2");
    const replay = await post(childUrl, input, "two-process-2");
    expect(replay.data.createContact).toEqual({ ...first.data.createContact, idempotentReplay: true });
    const conflict = await post(childUrl, { ...input, lastName: "Changed" }, "two-process-2");
    expect(conflict.errors?.[0].extensions.code).toBe("IDEMPOTENCY_CONFLICT");
    expect(posts(sandbox)).toHaveLength(1);
  });
});
