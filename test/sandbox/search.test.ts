import { describe, expect, it } from "vitest";
import { fieldCode } from "../../src/sandbox/fieldCode.ts";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";
import { type SandboxClient, useSandbox } from "./sandboxClient.ts";

let sandbox: Sandbox;
let api: SandboxClient;
// Pipedrive allows 10 searches per 2 s; this file searches faster than that on purpose.
useSandbox({ burst: 10_000, searchBurst: 1000 }, (started) => ({ sandbox, api } = started));

describe("GET /persons/search", () => {
  it("finds a person by exact email, case-insensitively, and only by the whole value", async () => {
    const target = (await api.get("/api/v2/persons/42")).body.data;
    const email = target.emails[0].value as string;
    const exact = await api.get(`/api/v2/persons/search?term=${encodeURIComponent(email.toUpperCase())}&fields=email&exact_match=true`);
    expect(exact.status).toBe(200);
    expect(exact.body.data.items).toHaveLength(1);
    expect(exact.body.data.items[0]).toEqual({
      result_score: 1,
      item: expect.objectContaining({ id: 42, type: "person", name: target.name, emails: target.emails.map((e: any) => e.value), owner: { id: target.owner_id } }),
    });
    expect(exact.body.additional_data).toEqual({ next_cursor: null });
    const partialTerm = email.slice(0, email.indexOf("@"));
    expect((await api.get(`/api/v2/persons/search?term=${encodeURIComponent(partialTerm)}&fields=email&exact_match=true`)).body.data.items).toEqual([]);
    const partial = await api.get(`/api/v2/persons/search?term=${encodeURIComponent(partialTerm)}&fields=email`);
    expect(partial.body.data.items.map((i: any) => i.item.id)).toContain(42);
  });

  it("searches names partially, paginates, and limits to an organization", async () => {
    const first = await api.get("/api/v2/persons/search?term=smith&fields=name&limit=10");
    expect(first.body.data.items).toHaveLength(10);
    expect(first.body.data.items.every((i: any) => i.item.name.toLowerCase().includes("smith"))).toBe(true);
    const next = await api.get(`/api/v2/persons/search?term=smith&fields=name&limit=10&cursor=${first.body.additional_data.next_cursor}`);
    const ids = [...first.body.data.items, ...next.body.data.items].map((i: any) => i.item.id);
    expect(new Set(ids).size).toBe(20);
    const p = (await api.get("/api/v2/persons/1")).body.data;
    const inOrg = await api.get(`/api/v2/persons/search?term=${encodeURIComponent(p.first_name)}&organization_id=${p.org_id}`);
    expect(inOrg.body.data.items.length).toBeGreaterThan(0);
    expect(inOrg.body.data.items.every((i: any) => i.item.organization.id === p.org_id)).toBe(true);
  });

  it("searches custom field text, and not names when fields excludes them", async () => {
    const linkedin = fieldCode("person", "LinkedIn Profile");
    const p = (await api.get("/api/v2/persons?limit=100")).body.data.find((x: any) => x.custom_fields[linkedin]);
    const reply = await api.get(`/api/v2/persons/search?term=${encodeURIComponent(p.custom_fields[linkedin])}&fields=custom_fields&exact_match=true`);
    expect(reply.body.data.items.map((i: any) => i.item.id)).toEqual([p.id]);
    expect((await api.get(`/api/v2/persons/search?term=${encodeURIComponent(p.name)}&fields=email&exact_match=true`)).body.data.items).toEqual([]);
  });

  it("requires a term of 2 characters, or 1 with exact_match, and known fields", async () => {
    expect((await api.get("/api/v2/persons/search")).status).toBe(400);
    expect((await api.get("/api/v2/persons/search?term=a")).status).toBe(400);
    expect((await api.get("/api/v2/persons/search?term=a&exact_match=true")).status).toBe(200);
    expect((await api.get("/api/v2/persons/search?term=ab&fields=title")).status).toBe(400);
    expect((await api.get("/api/v2/persons/search?term=ab&include_fields=person.picture")).status).toBe(200);
    expect((await api.get("/api/v2/persons/search?term=ab&include_fields=deal.cc_email")).body.error).toContain('got "deal.cc_email"');
  });
});

describe("GET /organizations/search", () => {
  it("finds organizations by exact name and by address", async () => {
    const o = (await api.get("/api/v2/organizations?limit=50")).body.data.find((x: any) => x.address !== null);
    const byName = await api.get(`/api/v2/organizations/search?term=${encodeURIComponent(o.name.toLowerCase())}&fields=name&exact_match=true`);
    expect(byName.body.data.items.length).toBeGreaterThan(0);
    expect(byName.body.data.items.every((i: any) => i.result_score === 1 && i.item.name === o.name && i.item.type === "organization")).toBe(true);
    const byAddress = await api.get(`/api/v2/organizations/search?term=${encodeURIComponent(o.address.value)}&fields=address&exact_match=true`);
    expect(byAddress.body.data.items.map((i: any) => i.item.id)).toContain(o.id);
    expect(byAddress.body.data.items[0].item.address).toBe(o.address.value);
  });
});
