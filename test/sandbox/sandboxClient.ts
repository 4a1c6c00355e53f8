import { afterAll, beforeAll } from "vitest";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/startSandbox.ts";

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

/** A thin fetch wrapper for the tests: sends the sandbox's token unless told otherwise and parses JSON. */
export function client(sandbox: Sandbox, token: string | null = sandbox.token) {
  const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token !== null) headers["x-api-token"] = token;
    const res = await fetch(`${sandbox.url}${path}`, { method, headers, ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text === "" ? null : JSON.parse(text), headers: res.headers };
  };
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body: unknown) => call("POST", path, body),
    patch: (path: string, body: unknown) => call("PATCH", path, body),
    delete: (path: string) => call("DELETE", path),
    call,
  };
}

/** Follows next_cursor from `path` to the end and returns every item plus the number of pages. */
export async function listAll(api: ReturnType<typeof client>, path: string): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const reply = await api.get(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    items.push(...reply.body.data);
    cursor = reply.body.additional_data.next_cursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

export type SandboxClient = ReturnType<typeof client>;

/**
 * Starts a sandbox before the tests of the current file (or describe block) and closes it after them, handing it
 * and a client for it to `onStart`, so the file keeps its own `sandbox` and `api` variables.
 *
 * @example
 *   let sandbox: Sandbox;
 *   let api: SandboxClient;
 *   useSandbox({ burst: 10_000 }, (started) => ({ sandbox, api } = started));
 */
export function useSandbox(options: SandboxOptions, onStart: (started: { sandbox: Sandbox; api: SandboxClient }) => void): void {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(options);
    onStart({ sandbox, api: client(sandbox) });
  });
  afterAll(() => sandbox?.close());
}
