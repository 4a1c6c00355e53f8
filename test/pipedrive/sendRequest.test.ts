import { brotliCompressSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sendRequest } from "../../src/pipedrive/sendRequest.ts";
import { useFakePipedrive } from "./fakePipedrive.ts";

const fake = useFakePipedrive();

const page = { success: true, data: [{ id: 1, name: "Ada" }], additional_data: { next_cursor: null } };

describe("sendRequest", () => {
  it.each([
    ["gzip", gzipSync],
    ["br", brotliCompressSync],
  ])("decodes a %s-compressed answer, and asks for compression", async (encoding, compress) => {
    const server = await fake((req, res) => {
      const bytes = compress(Buffer.from(JSON.stringify(page)));
      res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding, "content-length": bytes.length });
      res.end(bytes);
    });
    const outcome = await sendRequest(`${server.url}/api/v2/persons`, { method: "GET", headers: { accept: "application/json" } }, 5_000);
    expect(outcome).toMatchObject({ kind: "response", status: 200, json: true, body: page });
    expect(server.requests[0]!.headers["accept-encoding"]).toContain(encoding);
  });

  it("sends a JSON body with its length and reads headers by any case", async () => {
    const server = await fake((req, res) => {
      res.writeHead(201, { "content-type": "application/json", "X-RateLimit-Remaining": "17" });
      res.end(JSON.stringify({ success: true, data: { id: 5 } }));
    });
    const body = JSON.stringify({ name: "Zoë" });
    const outcome = await sendRequest(`${server.url}/api/v2/persons`, { method: "POST", headers: { "content-type": "application/json" }, body }, 5_000);
    expect(server.requests[0]).toMatchObject({ method: "POST", body });
    expect(server.requests[0]!.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
    if (outcome.kind !== "response") throw new Error(`expected a response, got ${outcome.kind}`);
    expect(outcome.headers.get("x-ratelimit-remaining")).toBe("17");
    expect(outcome.headers.get("X-RateLimit-Remaining")).toBe("17");
    expect(outcome.headers.get("retry-after")).toBeNull();
  });

  it("times out when the body stalls after the headers: the timeout covers the body", async () => {
    const server = await fake((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success":true,"data":[');
      // never ends
    });
    const outcome = await sendRequest(`${server.url}/api/v2/persons`, { method: "GET", headers: {} }, 150);
    expect(outcome).toEqual({ kind: "timeout" });
  });

  it("reports a dropped body as a network failure that may have been sent", async () => {
    const server = await fake((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"success":true');
      setImmediate(() => res.socket?.destroy());
    });
    const outcome = await sendRequest(`${server.url}/api/v2/persons`, { method: "GET", headers: {} }, 5_000);
    expect(outcome).toMatchObject({ kind: "network", neverSent: false });
  });
});
