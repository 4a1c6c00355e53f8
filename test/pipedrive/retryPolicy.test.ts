import { createServer } from "node:http";
import type { Server } from "node:http";
import { describe, expect, it } from "vitest";
import { PipedriveClient } from "../../src/pipedrive/PipedriveClient.ts";
import type { UpstreamCall } from "../../src/pipedrive/PipedriveClient.ts";
import { dropConnection, listBody, refusedPort, sendJson, useFakePipedrive, virtualTime } from "./fakePipedrive.ts";
import { caught } from "./caughtPipedriveError.ts";

const fake = useFakePipedrive();

function clientFor(url: string, extra: Partial<ConstructorParameters<typeof PipedriveClient>[0]> = {}) {
  const time = virtualTime();
  const calls: UpstreamCall[] = [];
  const client = new PipedriveClient({
    baseUrl: url,
    token: "t0ken",
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    onCall: (call) => calls.push(call),
    ...extra,
  });
  return { client, time, calls };
}

const person = { id: 1, name: "Ada", custom_fields: {} };
const created = { success: true, data: { id: 42, name: "New" } };
const failure = { success: false, error: "Service unavailable", error_info: "Please check developers.pipedrive.com", data: null, additional_data: null };


describe("GET and PATCH are retried", () => {
  it("retries a GET after a 503 with a jittered exponential backoff, and reports every attempt", async () => {
    const server = await fake((req, res, i) => (i === 0 ? sendJson(res, 503, failure) : sendJson(res, 200, listBody([person]))));
    const { client, time, calls } = clientFor(server.url);
    const page = await client.list("persons", { limit: 10 });
    expect(page.items.map((p) => p.id)).toEqual([1]);
    expect(server.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([150]); // base 200 → between 100 and 200; random 0.5 → 150
    expect(calls.map((c) => [c.endpoint, c.status, c.attempt, c.tokenCost, c.error])).toEqual([
      ["GET /api/v2/persons", 503, 1, 10, "UPSTREAM_ERROR"],
      ["GET /api/v2/persons", 200, 2, 10, undefined],
    ]);
  });

  it("gives up after maxAttempts with Pipedrive's own error text", async () => {
    const server = await fake((req, res) => sendJson(res, 500, failure));
    const { client, time } = clientFor(server.url, { retry: { maxAttempts: 4 } });
    const error = await caught(client.get("persons", 1));
    expect(server.requests).toHaveLength(4);
    expect(time.sleeps).toEqual([150, 300, 600]);
    expect(error).toMatchObject({ code: "UPSTREAM_ERROR", status: 500, endpoint: "GET /api/v2/persons/{id}", pipedriveError: "Service unavailable", pipedriveErrorInfo: "Please check developers.pipedrive.com", retryable: true });
    expect(error.message).toContain("Gave up after 4 attempts (maxAttempts 4)");
  });

  it("stops retrying when the next wait would pass the overall deadline", async () => {
    const server = await fake((req, res) => sendJson(res, 502, failure));
    const { client, time } = clientFor(server.url, { retry: { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 60_000, deadlineMs: 2500 } });
    const error = await caught(client.list("deals"));
    // waits 750 then 1500 (2250 in all); the next, 3000, would end past 2500
    expect(time.sleeps).toEqual([750, 1500]);
    expect(server.requests).toHaveLength(3);
    expect(error.message).toContain("deadlineMs 2500");
  });

  it("retries a PATCH (idempotent) after a dropped connection", async () => {
    const server = await fake((req, res, i) => (i === 0 ? dropConnection(res) : sendJson(res, 200, { success: true, data: { id: 7, name: "B" } })));
    const { client, calls } = clientFor(server.url);
    const record = await client.update("persons", 7, { name: "B" });
    expect(record).toMatchObject({ id: 7, name: "B" });
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'PATCH /api/v2/persons/7 {"name":"B"}',
      'PATCH /api/v2/persons/7 {"name":"B"}',
    ]);
    expect(calls.map((c) => [c.status, c.error, c.tokenCost])).toEqual([[0, "NETWORK", 0], [200, undefined, 5]]);
  });

  it("times a GET out per attempt and retries it", async () => {
    const server = await fake((req, res, i) => {
      if (i > 0) sendJson(res, 200, { success: true, data: person });
      // the first request is never answered
    });
    const { client, calls } = clientFor(server.url, { timeoutMs: 100 });
    expect(await client.get("persons", 1)).toMatchObject({ id: 1 });
    expect(calls.map((c) => [c.status, c.error])).toEqual([[0, "TIMEOUT"], [200, undefined]]);
  });
});

describe("POST is never repeated once it may have reached Pipedrive", () => {
  it("does not retry a POST answered 503, and says why", async () => {
    const server = await fake((req, res) => sendJson(res, 503, failure));
    const { client } = clientFor(server.url);
    const error = await caught(client.create("persons", { name: "Once" }));
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(error).toMatchObject({ code: "UPSTREAM_ERROR", status: 503, retryable: false, writeMayHaveApplied: true });
  });

  it("does not retry a POST whose connection dropped after sending", async () => {
    const server = await fake((req, res) => dropConnection(res));
    const { client } = clientFor(server.url);
    const error = await caught(client.create("organizations", { name: "Once" }));
    expect(server.requests).toHaveLength(1);
    expect(error.code).toBe("NETWORK");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("may have reached Pipedrive");
    expect(error.writeMayHaveApplied).toBe(true);
  });

  it("does not retry a POST that timed out", async () => {
    const server = await fake(() => {
      // never answers
    });
    const { client } = clientFor(server.url, { timeoutMs: 100 });
    const error = await caught(client.create("deals", { title: "Once" }));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: false, writeMayHaveApplied: true });
  });

  it("marks a POST answered 2xx with a body that is not the record as possibly applied, and a refused POST as not", async () => {
    const garbled = await fake((req, res) => sendJson(res, 201, { success: true, data: { name: "no id" } }));
    const malformed = await caught(clientFor(garbled.url).client.create("persons", { name: "Once" }));
    expect(malformed).toMatchObject({ code: "MALFORMED_RESPONSE", writeMayHaveApplied: true });
    const refused = await fake((req, res) => sendJson(res, 400, failure));
    const badRequest = await caught(clientFor(refused.url).client.create("persons", { name: "Once" }));
    expect(badRequest).toMatchObject({ code: "BAD_REQUEST", writeMayHaveApplied: false });
  });

  it("retries a POST whose connection was refused, since it provably never left", async () => {
    const port = await refusedPort();
    let server: Server | undefined;
    const received: string[] = [];
    const calls: UpstreamCall[] = [];
    const client = new PipedriveClient({
      baseUrl: `http://127.0.0.1:${port}`,
      token: "t0ken",
      random: () => 0.5,
      onCall: (call) => calls.push(call),
      // Pipedrive "comes back" during the backoff wait.
      sleep: async () => {
        server = createServer((req, res) => {
          received.push(`${req.method} ${req.url}`);
          req.resume();
          req.on("end", () => sendJson(res, 200, created));
        });
        await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
      },
    });
    try {
      expect(await client.create("persons", { name: "Once" })).toMatchObject({ id: 42 });
      expect(received).toEqual(["POST /api/v2/persons"]);
      expect(calls.map((c) => [c.status, c.error])).toEqual([[0, "NETWORK"], [200, undefined]]);
    } finally {
      await new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve()));
    }
  });
});
