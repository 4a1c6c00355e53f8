import { beforeAll, describe, expect, it } from "vitest";
import { fieldCode } from "../../src/sandbox/fieldCode.ts";
import type { Sandbox } from "../../src/sandbox/startSandbox.ts";
import { listAll, type SandboxClient, useSandbox } from "./sandboxClient.ts";

let sandbox: Sandbox;
let api: SandboxClient;
let deals: any[];
// Pipedrive allows 10 searches per 2 s; this file searches faster than that on purpose (the last test restores it).
useSandbox({ burst: 10_000, searchBurst: 1000 }, (started) => ({ sandbox, api } = started));
beforeAll(async () => {
  deals = (await listAll(api, "/api/v2/deals?limit=500")).items;
});

const ids = (reply: { body: any }): number[] => reply.body.data.items.map((i: any) => i.item.id);

describe("GET /api/v2/deals/search", () => {
  it("finds deals by title, with stage, person and organization by name", async () => {
    const reply = await api.get("/api/v2/deals/search?term=pilot&fields=title&limit=500");
    expect(reply.status).toBe(200);
    const expected = deals.filter((d) => d.title.toLowerCase().includes("pilot")).map((d) => d.id);
    expect(expected.length).toBeGreaterThan(5);
    expect([...ids(reply)].sort((a, b) => a - b)).toEqual(expected);
    const first = reply.body.data.items[0];
    const deal = deals.find((d) => d.id === first.item.id);
    const stage = (await api.get(`/api/v2/stages/${deal.stage_id}`)).body.data;
    const person = deal.person_id === null ? null : (await api.get(`/api/v2/persons/${deal.person_id}`)).body.data;
    expect(first).toEqual({
      result_score: 0.5,
      item: {
        id: deal.id, type: "deal", title: deal.title, value: deal.value, currency: deal.currency, status: deal.status, visible_to: deal.visible_to,
        owner: { id: deal.owner_id }, stage: { id: stage.id, name: stage.name }, person: person && { id: person.id, name: person.name },
        organization: deal.org_id === null ? null : expect.objectContaining({ id: deal.org_id, name: expect.any(String) }),
        custom_fields: expect.any(Array), notes: [], is_archived: false,
      },
    });
  });

  it("matches exactly (whole title, any case) only with exact_match, and scores it 1", async () => {
    const target = deals[10];
    const exact = await api.get(`/api/v2/deals/search?term=${encodeURIComponent(target.title.toUpperCase())}&exact_match=true`);
    expect(exact.body.data.items.every((i: any) => i.result_score === 1 && i.item.title === target.title)).toBe(true);
    expect(ids(exact)).toContain(target.id);
    const part = target.title.split(" ")[0];
    expect((await api.get(`/api/v2/deals/search?term=${encodeURIComponent(part)}&exact_match=true&fields=title`)).body.data.items).toEqual([]);
  });

  it("filters by person_id, organization_id and status", async () => {
    const withBoth = deals.find((d) => d.person_id !== null && d.org_id !== null);
    const word = withBoth.title.split(" — ")[1];
    const byPerson = await api.get(`/api/v2/deals/search?term=${encodeURIComponent(word)}&person_id=${withBoth.person_id}`);
    expect(ids(byPerson)).toContain(withBoth.id);
    expect(byPerson.body.data.items.every((i: any) => i.item.person.id === withBoth.person_id)).toBe(true);
    const byOrg = await api.get(`/api/v2/deals/search?term=${encodeURIComponent(word)}&organization_id=${withBoth.org_id}`);
    expect(byOrg.body.data.items.every((i: any) => i.item.organization.id === withBoth.org_id)).toBe(true);
    const won = await api.get("/api/v2/deals/search?term=renewal&status=won&limit=500");
    expect(won.body.data.items.length).toBe(deals.filter((d) => d.status === "won" && d.title.toLowerCase().includes("renewal")).length);
    expect(won.body.data.items.every((i: any) => i.item.status === "won")).toBe(true);
    expect((await api.get("/api/v2/deals/search?term=renewal&status=deleted")).status).toBe(400);
    expect((await api.get("/api/v2/deals/search?term=renewal&person_id=x")).status).toBe(400);
  });

  it("searches text custom fields, pages with a cursor, and adds cc_email when asked", async () => {
    await api.patch("/api/v2/deals/3", { custom_fields: { [fieldCode("deal", "Contract Length")]: 987654 } });
    expect(ids(await api.get("/api/v2/deals/search?term=987654&fields=custom_fields"))).toEqual([3]);
    expect((await api.get("/api/v2/deals/search?term=987654&fields=title")).body.data.items).toEqual([]);
    const first = await api.get("/api/v2/deals/search?term=pilot&limit=4");
    const second = await api.get(`/api/v2/deals/search?term=pilot&limit=4&cursor=${first.body.additional_data.next_cursor}`);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(8);
    const cc = await api.get("/api/v2/deals/search?term=pilot&limit=1&include_fields=deal.cc_email");
    expect(cc.body.data.items[0].item.cc_email).toMatch(/@/);
    expect((await api.get("/api/v2/deals/search?term=pilot&include_fields=person.picture")).status).toBe(400);
  });

  it("leaves deleted deals out and requires 2 characters (1 with exact_match) and known fields", async () => {
    const created = await api.post("/api/v2/deals", { title: "Zyxwv unique" });
    expect(ids(await api.get("/api/v2/deals/search?term=zyxwv"))).toEqual([created.body.data.id]);
    await api.delete(`/api/v2/deals/${created.body.data.id}`);
    expect((await api.get("/api/v2/deals/search?term=zyxwv")).body.data.items).toEqual([]);
    expect((await api.get("/api/v2/deals/search?term=z")).status).toBe(400);
    expect((await api.get("/api/v2/deals/search?term=z&exact_match=true")).status).toBe(200);
    expect((await api.get("/api/v2/deals/search")).status).toBe(400);
    expect((await api.get("/api/v2/deals/search?term=pilot&fields=name")).body.error).toContain('got "name"');
  });
});

describe("GET /api/v2/itemSearch", () => {
  // Demo deal titles name their contact person; this one names an organization, so "acme" finds all three types.
  beforeAll(() => api.post("/api/v2/deals", { title: "Acme Analytics expansion", org_id: 1 }));

  it("searches deals, persons and organizations together, best score first", async () => {
    const reply = await api.get("/api/v2/itemSearch?term=acme&limit=100");
    const items = reply.body.data.items;
    expect(new Set(items.map((i: any) => i.item.type))).toEqual(new Set(["deal", "person", "organization"]));
    const scores = items.map((i: any) => i.result_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(reply.body.data.related_items).toEqual([]);
  });

  it("narrows by item_types and fields", async () => {
    const orgs = await api.get("/api/v2/itemSearch?term=acme&item_types=organization&limit=100");
    expect(orgs.body.data.items.every((i: any) => i.item.type === "organization" && i.item.name.toLowerCase().includes("acme"))).toBe(true);
    const person = (await api.get("/api/v2/persons/42")).body.data;
    const byEmail = await api.get(`/api/v2/itemSearch?term=${encodeURIComponent(person.emails[0].value)}&fields=email&exact_match=true`);
    expect(byEmail.body.data.items.map((i: any) => [i.item.type, i.item.id])).toEqual([["person", 42]]);
    // Only deals have titles: fields=title leaves persons and organizations out.
    expect(new Set((await api.get("/api/v2/itemSearch?term=acme&fields=title&limit=100")).body.data.items.map((i: any) => i.item.type))).toEqual(new Set(["deal"]));
    expect((await api.get("/api/v2/itemSearch?term=acme&item_types=product,lead,file,mail_attachment,project")).body.data.items).toEqual([]);
    const cc = await api.get("/api/v2/itemSearch?term=acme&include_fields=deal.cc_email,person.picture&limit=100");
    expect(cc.body.data.items.filter((i: any) => i.item.type === "deal").every((i: any) => i.item.cc_email === `sandbox+deal${i.item.id}@pipedrivemail.com`)).toBe(true);
    expect(cc.body.data.items.filter((i: any) => i.item.type !== "deal").some((i: any) => "cc_email" in i.item)).toBe(false);
    expect((await api.get("/api/v2/itemSearch?term=acme&include_fields=deal.picture")).status).toBe(400);
    expect((await api.get("/api/v2/itemSearch?term=acme&item_types=widget")).status).toBe(400);
    expect((await api.get("/api/v2/itemSearch?term=acme&fields=colour")).status).toBe(400);
  });

  it("lists related deals and persons of what it found when asked", async () => {
    const org = (await api.get("/api/v2/organizations/8")).body.data;
    const reply = await api.get(`/api/v2/itemSearch?term=${encodeURIComponent(org.name)}&item_types=organization&exact_match=true&search_for_related_items=true`);
    expect(reply.body.data.items.map((i: any) => i.item.id)).toContain(8);
    const related = reply.body.data.related_items;
    const persons = (await listAll(api, "/api/v2/persons?org_id=8&limit=500")).items;
    const orgDeals = deals.filter((d) => d.org_id === 8);
    expect(related.filter((r: any) => r.item.type === "person").map((r: any) => r.item.id).sort((a: number, b: number) => a - b)).toEqual(persons.map((p) => p.id));
    expect(related.filter((r: any) => r.item.type === "deal").map((r: any) => r.item.id).sort((a: number, b: number) => a - b)).toEqual(orgDeals.map((d) => d.id));
    expect(related.every((r: any) => r.result_score === 0)).toBe(true);
  });

  it("pages with a cursor, at most 100 a page, and validates term and flags", async () => {
    const all = await api.get("/api/v2/itemSearch?term=smith&limit=100");
    const first = await api.get("/api/v2/itemSearch?term=smith&limit=7");
    const second = await api.get(`/api/v2/itemSearch?term=smith&limit=7&cursor=${first.body.additional_data.next_cursor}`);
    expect([...first.body.data.items, ...second.body.data.items]).toEqual(all.body.data.items.slice(0, 14));
    expect((await api.get("/api/v2/itemSearch?term=smith&limit=101")).body.error).toContain("between 1 and 100");
    expect((await api.get("/api/v2/itemSearch?term=s")).status).toBe(400);
    expect((await api.get("/api/v2/itemSearch?term=smith&exact_match=maybe")).status).toBe(400);
    expect((await api.get("/api/v2/itemSearch?term=smith&search_for_related_items=2")).status).toBe(400);
    expect((await api.get("/api/v2/itemSearch?term=smith&cursor=%%%")).status).toBe(400);
  });
});

describe("deal and item search requests", () => {
  it("spend 20 tokens, share the search burst window of 10 per 2 s, and are logged", async () => {
    sandbox.config({ searchBurst: null });
    sandbox.reset();
    sandbox.log.clear();
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await api.get("/api/v2/deals/search?term=pilot"), await api.get("/api/v2/itemSearch?term=pilot"));
    const refused = await api.get("/api/v2/persons/search?term=smith");
    const budget = Number(replies[0]!.headers.get("x-daily-ratelimit-token-limit"));
    expect(Number(replies[9]!.headers.get("x-daily-ratelimit-token-remaining"))).toBe(budget - 200);
    expect(replies.every((r) => r.status === 200 && r.headers.get("x-ratelimit-limit") === "10")).toBe(true);
    expect(refused.status).toBe(429);
    const log = sandbox.log.entries();
    expect(log.slice(0, 2)).toMatchObject([
      { method: "GET", path: "/api/v2/deals/search", query: { term: "pilot" }, status: 200, tokenCost: 20 },
      { method: "GET", path: "/api/v2/itemSearch", query: { term: "pilot" }, status: 200, tokenCost: 20 },
    ]);
    expect(log.at(-1)).toMatchObject({ status: 429, tokenCost: 0 });
  });
});
