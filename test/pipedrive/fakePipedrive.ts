/**
 * A tiny node:http stand-in for Pipedrive, for what the sandbox cannot produce on demand: malformed bodies,
 * Cloudflare's HTML 403, exact rate-limit headers, refused and dropped connections. Listens on 127.0.0.1:0.
 *
 * @example
 * const fake = await startFakePipedrive((req, res) => sendJson(res, 200, { success: true, data: [] }));
 * fake.requests // every request received, in order
 */
import { afterEach } from "vitest";
import { createServer } from "node:http";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type FakeHandler = (request: FakeRequest, response: ServerResponse, index: number) => void;

export interface FakePipedrive {
  url: string;
  port: number;
  requests: FakeRequest[];
  close(): Promise<void>;
}

export async function startFakePipedrive(handler: FakeHandler, port = 0): Promise<FakePipedrive> {
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const request: FakeRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(request);
      handler(request, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  response.end(text);
}

export function sendText(response: ServerResponse, status: number, text: string, contentType = "text/html"): void {
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text) });
  response.end(text);
}

/** Drops the connection without an answer, as a crashed proxy would. */
export function dropConnection(response: ServerResponse): void {
  response.socket?.destroy();
}

/** Pipedrive's v2 list envelope. */
export function listBody(data: unknown[], nextCursor: string | null = null): unknown {
  return { success: true, data, additional_data: { next_cursor: nextCursor } };
}

/** A port that was free a moment ago and has nothing listening on it now: connecting is refused. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A virtual clock for the client's `now` and `sleep`: sleeping advances the clock at once and records the
 * wait, so rate-limit and backoff waits are asserted without waiting.
 */
export function virtualTime(start = Date.UTC(2026, 10, 29, 12, 0, 0)): {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  sleeps: number[];
  advance: (ms: number) => void;
} {
  let current = start;
  const sleeps: number[] = [];
  return {
    now: () => current,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      current += ms;
    },
    sleeps,
    advance: (ms: number) => {
      current += ms;
    },
  };
}

/**
 * A `fake(handler)` for one test file: each fake server it starts is closed after the test that started it.
 *
 * @example
 *   const fake = useFakePipedrive();
 *   const server = await fake((req, res) => sendJson(res, 200, listBody([])));
 */
export function useFakePipedrive(): (handler: FakeHandler) => Promise<FakePipedrive> {
  const open: FakePipedrive[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (handler) => {
    const server = await startFakePipedrive(handler);
    open.push(server);
    return server;
  };
}
