import { afterEach, describe, expect, it } from "vitest";
import { PipedriveClient, PipedriveError } from "../../src/pipedrive/PipedriveClient.ts";
import { listBody, sendJson, sendText, startFakePipedrive, virtualTime } from "./fakePipedrive.ts";
import type { FakeHandler, FakePipedrive } from "./fakePipedrive.ts";
import { caught } from "./caughtPipedriveError.ts";
import { parseResponse } from "../../src/pipedrive/parseResponse.ts";
import { listEnvelope, recordEnvelope } from "../../src/pipedrive/responseSchemas.ts";

const open: FakePipedrive[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function setup(handler: FakeHandler) {
  const server = await startFakePipedrive(handler);
  open.push(server);
  const time = virtualTime();
  const client = new PipedriveClient({ baseUrl: server.url, token: "s3cret-token", now: time.now, sleep: time.sleep, random: () => 0 });
  return { server, client, time };
}


describe("malformed responses", () => {
  it("names the endpoint and the field path when a record has no numeric id", async () => {
    const { client } = await setup((req, res) => sendJson(res, 200, listBody([{ id: 1 }, { id: "2", name: "B" }])));
    const error = await caught(client.list("persons"));
    expect(error.code).toBe("MALFORMED_RESPONSE");
    expect(error.endpoint).toBe("GET /api/v2/persons");
    expect(error.message).toMatch(/^GET \/api\/v2\/persons answered a body that breaks Pipedrive's contract: data\[1\]\.id: /);
  });

  it("rejects a field list whose field lacks field_type, naming data[0].field_type", async () => {
    const { client } = await setup((req, res) => sendJson(res, 200, listBody([{ field_code: "name", field_name: "Name", is_custom_field: false }])));
    const error = await caught(client.fields("person"));
    expect(error.code).toBe("MALFORMED_RESPONSE");
    expect(error.message).toContain("GET /api/v2/personFields");
    expect(error.message).toContain("data[0].field_type");
  });

  it("reports a 200 whose body is HTML, without retrying it", async () => {
    const { client, server } = await setup((req, res) => sendText(res, 200, "<html><body>Maintenance</body></html>"));
    const error = await caught(client.get("deals", 3));
    expect(error).toMatchObject({ code: "MALFORMED_RESPONSE", status: 200, endpoint: "GET /api/v2/deals/{id}" });
    expect(error.message).toContain("text/html");
    expect(server.requests).toHaveLength(1);
  });

  it("handles Cloudflare's HTML 403 as FORBIDDEN, with an excerpt and the likely cause", async () => {
    const html = "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>Sorry, you have been blocked</body></html>";
    const { client, server } = await setup((req, res) => sendText(res, 403, html));
    const error = await caught(client.list("organizations"));
    expect(error).toMatchObject({ code: "FORBIDDEN", status: 403, retryable: false });
    expect(error.pipedriveError).toBeUndefined();
    expect(error.message).toContain('a non-JSON body: "Attention Required! | Cloudflare Sorry, you have been blocked"');
    expect(error.message).toContain("Cloudflare blocking the token after ignored 429s");
    expect(server.requests).toHaveLength(1);
  });

  it("after Cloudflare's block, fails fast for blockCooldownMs so the block can lift", async () => {
    const { client, server, time } = await setup((req, res, i) => (i === 0 ? sendText(res, 403, "<html>blocked</html>") : sendJson(res, 200, listBody([]))));
    await caught(client.list("persons"));
    const paused = await caught(client.get("persons", 1));
    expect(paused).toMatchObject({ code: "FORBIDDEN", retryable: false });
    expect(paused.status).toBeUndefined();
    expect(paused.message).toContain("Not calling GET /api/v2/persons/{id}: Pipedrive answered this API token with a non-JSON 403");
    expect(server.requests).toHaveLength(1);
    time.advance(60_000);
    expect((await client.list("persons")).items).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it("does not pause after a JSON 403, which is a permission answer", async () => {
    const { client, server } = await setup((req, res, i) =>
      i === 0 ? sendJson(res, 403, { success: false, error: "You do not have permission", data: null, additional_data: null }) : sendJson(res, 200, listBody([])),
    );
    expect((await caught(client.list("deals"))).pipedriveError).toBe("You do not have permission");
    expect((await client.list("deals")).items).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it("stops paging when Pipedrive repeats a cursor instead of looping forever", async () => {
    const { client, server } = await setup((req, res, i) => sendJson(res, 200, listBody([{ id: i + 1 }], "c2")));
    const error = await caught(client.listAll("activities"));
    expect(error.code).toBe("MALFORMED_RESPONSE");
    expect(error.message).toContain('"c2" twice');
    expect(server.requests).toHaveLength(2);
  });
});

describe("error statuses", () => {
  it("maps 401 to UNAUTHORIZED with Pipedrive's texts", async () => {
    const { client } = await setup((req, res) =>
      sendJson(res, 401, { success: false, error: "unauthorized access", errorCode: 401, error_info: "Please check developers.pipedrive.com" }),
    );
    const error = await caught(client.users());
    expect(error).toMatchObject({ code: "UNAUTHORIZED", status: 401, endpoint: "GET /api/v1/users", pipedriveError: "unauthorized access", retryable: false });
    expect(error.message).toContain("PIPEDRIVE_API_TOKEN");
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain("s3cret-token");
  });

  it("answers get() of a missing record with null, but update() of one with NOT_FOUND", async () => {
    const notFound = { success: false, error: "Entity was not found", error_info: "Object was not found.", data: null, additional_data: null };
    const { client } = await setup((req, res) => sendJson(res, 404, notFound));
    expect(await client.get("persons", 999)).toBeNull();
    const error = await caught(client.update("persons", 999, { name: "X" }));
    expect(error).toMatchObject({ code: "NOT_FOUND", status: 404, pipedriveError: "Entity was not found", pipedriveErrorInfo: "Object was not found." });
  });

  it("does not retry a 400 and keeps the validation text", async () => {
    const { client, server } = await setup((req, res) =>
      sendJson(res, 400, { success: false, error: "Validation failed: name: Required", error_info: "Please check developers.pipedrive.com", data: null, additional_data: null }),
    );
    const error = await caught(client.create("persons", {}));
    expect(error).toMatchObject({ code: "BAD_REQUEST", status: 400, pipedriveError: "Validation failed: name: Required" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("requests", () => {
  it("sends the token only in the x-api-token header and encodes list parameters", async () => {
    const { client, server } = await setup((req, res) => sendJson(res, 200, listBody([])));
    await client.list("activities", { owner_id: 1001, done: true, ids: [3, 4], sort_by: "due_date", sort_direction: "desc", limit: 50 });
    const [request] = server.requests;
    expect(request!.headers["x-api-token"]).toBe("s3cret-token");
    expect(request!.query.toString()).not.toContain("s3cret");
    expect(Object.fromEntries(request!.query)).toEqual({ owner_id: "1001", done: "true", ids: "3,4", sort_by: "due_date", sort_direction: "desc", limit: "50" });
  });

  it("getByIds asks for each id once, however often it is repeated", async () => {
    const { client, server } = await setup((req, res) => sendJson(res, 200, listBody([{ id: 3 }, { id: 5 }])));
    const found = await client.getByIds("persons", [3, 5, 3, 3, 5]);
    expect([...found.keys()]).toEqual([3, 5]);
    expect(server.requests.map((r) => r.query.get("ids"))).toEqual(["3,5"]);
  });

  it("rejects bad arguments before any upstream call, echoing the value", async () => {
    const { client, server } = await setup((req, res) => sendJson(res, 200, listBody([])));
    await expect(client.list("people" as never)).rejects.toThrow('entity must be one of persons, organizations, deals, activities: "people"');
    await expect(client.list("persons", { limit: 501 })).rejects.toThrow("limit must be an integer from 1 to 500 (Pipedrive's maximum): 501");
    await expect(client.get("persons", -1)).rejects.toThrow("get: a Pipedrive id is a positive integer: -1");
    await expect(client.search("persons", { term: "" })).rejects.toThrow("search term must be a non-empty string");
    expect(server.requests).toHaveLength(0);
  });

  it("validates options in the constructor, never echoing the token", () => {
    expect(() => new PipedriveClient({ baseUrl: "acme.pipedrive.com", token: "x" })).toThrow(/^PipedriveClient option baseUrl must be an http\(s\) URL.*: "acme.pipedrive.com"$/);
    expect(() => new PipedriveClient({ baseUrl: "https://acme.pipedrive.com", token: " " })).toThrow("PipedriveClient option token must be a non-empty Pipedrive API token: (hidden)");
    expect(() => new PipedriveClient({ baseUrl: "https://acme.pipedrive.com", token: "x", retry: { maxAttempts: 0 } })).toThrow("PipedriveClient option retry.maxAttempts");
  });

  it("maps search results and passes organization_id for persons", async () => {
    const { client, server } = await setup((req, res) =>
      sendJson(res, 200, {
        success: true,
        data: { items: [{ result_score: 0.9, item: { id: 5, type: "person", name: "Ada", emails: ["ada@x.test"] } }] },
        additional_data: { next_cursor: null },
      }),
    );
    const page = await client.search("persons", { term: "ada@x.test", fields: ["email"], exact_match: true, organization_id: 3, limit: 10 });
    expect(page).toEqual({ items: [{ result_score: 0.9, item: { id: 5, type: "person", name: "Ada", emails: ["ada@x.test"] } }], nextCursor: null });
    expect(server.requests[0]!.path).toBe("/api/v2/persons/search");
    expect(Object.fromEntries(server.requests[0]!.query)).toEqual({ term: "ada@x.test", fields: "email", exact_match: "true", organization_id: "3", limit: "10" });
  });

  it("never caches a failed users() load: the next call asks again", async () => {
    const users = { success: true, data: [{ id: 1001, name: "Ada Lovelace", email: "ada@x.test", active_flag: true }] };
    const { client, server } = await setup((req, res, i) => (i === 0 ? sendJson(res, 200, { success: true, data: [{ id: "1001" }] }) : sendJson(res, 200, users)));
    await expect(client.users()).rejects.toThrow(PipedriveError);
    expect((await client.users()).map((u) => u.name)).toEqual(["Ada Lovelace"]);
    expect(server.requests).toHaveLength(2);
  });

  it("reads v1's data: null as an empty list", async () => {
    const { client } = await setup((req, res) => sendJson(res, 200, { success: true, data: null, additional_data: { pagination: { start: 0, limit: 100, more_items_in_collection: false } } }));
    expect(await client.activityTypes()).toEqual([]);
  });
});

describe("validation without copies", () => {
  it("hands on the very record objects it validated, custom fields and unknown properties included", async () => {
    const records = [
      { id: 1, name: "A", custom_fields: { abc: { value: 3, currency: "EUR" } }, surprise: [1, 2] },
      { id: 2, name: "B" },
    ];
    const { client } = await setup((req, res) => sendJson(res, 200, listBody(records)));
    const page = await client.list("persons");
    expect(page.items).toEqual(records);
    const body = listBody(records) as { data: unknown[] };
    const envelope = parseResponse(listEnvelope, body, "GET /api/v2/persons");
    expect(envelope.data).toBe(body.data);
    expect(envelope.data[0]).toBe(records[0]);
    expect(parseResponse(recordEnvelope, { success: true, data: records[1] }, "GET /api/v2/persons/{id}").data).toBe(records[1]);
  });

  it("names the index of a record that is not an object", async () => {
    const { client } = await setup((req, res) => sendJson(res, 200, listBody([{ id: 1 }, null])));
    const error = await caught(client.list("deals"));
    expect(error.code).toBe("MALFORMED_RESPONSE");
    expect(error.message).toContain("data[1]: expected a record object, received null");
  });

  it("rejects a record without an integer id in a single-record answer", async () => {
    const { client } = await setup((req, res) => sendJson(res, 200, { success: true, data: { id: 1.5, name: "X" } }));
    const error = await caught(client.get("organizations", 1));
    expect(error.message).toContain("GET /api/v2/organizations/{id} answered a body that breaks Pipedrive's contract: data.id: expected an integer id, received number 1.5");
  });
});
