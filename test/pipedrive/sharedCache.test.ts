import Keyv from "keyv";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PipedriveClient } from "../../src/pipedrive/PipedriveClient.ts";
import { listBody, sendJson, startFakePipedrive } from "./fakePipedrive.ts";
import type { FakePipedrive } from "./fakePipedrive.ts";

const users = {
  success: true,
  data: [
    { id: 1001, name: "Ada Lovelace", email: "ada@x.test", active_flag: true, is_you: true },
    { id: 1005, name: "Edsger Dijkstra", email: "ed@x.test", active_flag: false },
  ],
};
const types = { success: true, data: [{ id: 1, key_string: "call", name: "Call", active_flag: true, icon_key: "call" }] };
const field = (code: string) => ({ field_code: code, field_name: code, field_type: "varchar", is_custom_field: false, is_optional_response_field: false });

let server: FakePipedrive;
afterEach(async () => {
  await server?.close();
});

async function start(): Promise<FakePipedrive> {
  server = await startFakePipedrive((req, res) => {
    if (req.path === "/api/v1/users") return sendJson(res, 200, users);
    if (req.path === "/api/v1/activityTypes") return sendJson(res, 200, types);
    return sendJson(res, 200, listBody([field(req.path)]));
  });
  return server;
}

const calls = (path: string) => server.requests.filter((r) => r.path === path).length;

describe("cached lookups", () => {
  it("makes one upstream call for many concurrent cold users() calls", async () => {
    await start();
    const client = new PipedriveClient({ baseUrl: server.url, token: "t" });
    const results = await Promise.all(Array.from({ length: 25 }, () => client.users()));
    expect(calls("/api/v1/users")).toBe(1);
    for (const result of results) expect(result.map((u) => u.id)).toEqual([1001, 1005]);
  });

  it("shares users, fields and activity types between clients on one Keyv", async () => {
    await start();
    const cache = new Keyv();
    const first = new PipedriveClient({ baseUrl: server.url, token: "t", cache });
    await Promise.all([first.users(), first.fields("deal"), first.activityTypes()]);
    const second = new PipedriveClient({ baseUrl: server.url, token: "t", cache });
    expect((await second.users()).map((u) => u.name)).toEqual(["Ada Lovelace", "Edsger Dijkstra"]);
    expect((await second.fields("deal")).map((f) => f.field_code)).toEqual(["/api/v2/dealFields"]);
    expect((await second.activityTypes()).map((t) => t.key_string)).toEqual(["call"]);
    expect(server.requests).toHaveLength(3);
  });

  it("does not share between tokens, which may see different data", async () => {
    await start();
    const cache = new Keyv();
    await new PipedriveClient({ baseUrl: server.url, token: "alice", cache }).users();
    await new PipedriveClient({ baseUrl: server.url, token: "bob", cache }).users();
    expect(calls("/api/v1/users")).toBe(2);
  });

  it("refetches after invalidate(), for every client on the Keyv", async () => {
    await start();
    const cache = new Keyv();
    const first = new PipedriveClient({ baseUrl: server.url, token: "t", cache });
    const second = new PipedriveClient({ baseUrl: server.url, token: "t", cache });
    await first.fields("person");
    await first.fields("organization");
    await first.invalidate("fields");
    await second.fields("person");
    await second.fields("organization");
    expect(calls("/api/v2/personFields")).toBe(2);
    expect(calls("/api/v2/organizationFields")).toBe(2);
    await first.invalidate("users"); // nothing cached: harmless
    await second.users();
    await first.users();
    expect(calls("/api/v1/users")).toBe(1);
  });

  it("expires cached values after cacheTtlMs", async () => {
    await start();
    // Keyv stamps expiry with Date.now(); only Date is faked so sockets and timers run for real.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const client = new PipedriveClient({ baseUrl: server.url, token: "t", cacheTtlMs: 60_000 });
      await client.activityTypes();
      vi.setSystemTime(Date.now() + 59_000);
      await client.activityTypes();
      expect(calls("/api/v1/activityTypes")).toBe(1);
      vi.setSystemTime(Date.now() + 2_000);
      await client.activityTypes();
      expect(calls("/api/v1/activityTypes")).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("memory layer in front of the Keyv", () => {
  it("serves repeated reads from process memory: one Keyv read for the first, none after", async () => {
    await start();
    const cache = new Keyv();
    const reads = vi.spyOn(cache, "getRaw");
    const seen: [string, boolean][] = [];
    const client = new PipedriveClient({ baseUrl: server.url, token: "t", cache, onCacheRead: (name, hit) => seen.push([name, hit]) });
    const first = await client.users();
    for (let i = 0; i < 20; i++) expect(await client.users()).toBe(first);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(calls("/api/v1/users")).toBe(1);
    expect(seen[0]).toEqual(["users", false]);
    expect(seen.slice(1)).toEqual(Array.from({ length: 20 }, () => ["users", true]));
  });

  it("sees another replica's invalidate() within syncMs, through the version key", async () => {
    await start();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // Two Keyv objects over one store: two processes sharing one Redis.
      const store = new Map();
      const options = { baseUrl: server.url, token: "t", syncMs: 1_000 };
      const first = new PipedriveClient({ ...options, cache: new Keyv({ store }) });
      const second = new PipedriveClient({ ...options, cache: new Keyv({ store }) });
      await first.users();
      await second.users(); // from the shared store
      expect(calls("/api/v1/users")).toBe(1);
      await first.invalidate("users");
      await second.users(); // still from its memory: the version is read at most once per syncMs
      expect(calls("/api/v1/users")).toBe(1);
      vi.setSystemTime(Date.now() + 1_000);
      await second.users();
      expect(calls("/api/v1/users")).toBe(2);
      await first.users(); // the invalidating replica dropped its own copy at once; the refetch above is shared
      expect(calls("/api/v1/users")).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("drops the memory of every client of this process on the same Keyv at once", async () => {
    await start();
    const cache = new Keyv();
    const first = new PipedriveClient({ baseUrl: server.url, token: "t", cache, syncMs: 3_600_000 });
    const second = new PipedriveClient({ baseUrl: server.url, token: "t", cache, syncMs: 3_600_000 });
    await first.activityTypes();
    await second.activityTypes();
    await first.invalidate("activityTypes");
    await second.activityTypes();
    expect(calls("/api/v1/activityTypes")).toBe(2);
  });
});
