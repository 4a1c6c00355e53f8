/**
 * Look-ahead on list pages: the to-one relations a query selects on a page's nodes are loaded before the page
 * is answered, with exactly the upstream calls the field resolvers would make, honouring fragments, @skip,
 * access control and failures (which stay on the field and are not fetched twice).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { useTestGateway } from "../support/startTestGateway.ts";
import { shippedIr } from "./shippedIr.ts";

const gw = useTestGateway({ ir: shippedIr });

beforeEach(async () => {
  await gw.client.users(); // the users list is cached by the client; keep it out of the calls compared below
  gw.clearUpstream();
});

async function pdPersons(limit: number): Promise<any[]> {
  const response = await fetch(`${gw.sandbox.url}/api/v2/persons?limit=${limit}`, { headers: { "x-api-token": gw.sandbox.token } });
  const body = (await response.json()) as { data: any[] };
  gw.clearUpstream();
  return body.data;
}

describe("look-ahead for a page's relations", () => {
  it("answers company, owner, companyName and ownerName of every node with one list call and one ?ids= call", async () => {
    const persons = await pdPersons(10);
    const result = await gw.gql(`{ contacts(first: 10) { nodes { id companyName company { id name } ownerName owner { id } } } }`);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.contacts.nodes;
    expect(nodes.map((n: any) => n.id)).toEqual(persons.map((p) => String(p.id)));
    for (const [i, node] of nodes.entries()) {
      expect(node.company?.id ?? null).toBe(persons[i].org_id === null ? null : String(persons[i].org_id));
      expect(node.companyName).toBe(node.company?.name ?? null);
      expect(node.owner?.id ?? null).toBe(persons[i].owner_id === null ? null : String(persons[i].owner_id));
    }
    const orgIds = [...new Set(persons.map((p) => p.org_id).filter((id) => id !== null))];
    expect(gw.upstream()).toEqual(["GET /api/v2/persons?limit=10", `GET /api/v2/organizations?ids=${orgIds.join(",")}&limit=100`]);
  });

  it("loads a relation selected through a fragment, and none that @skip turns off", async () => {
    const viaFragment = await gw.gql(`query { contacts(first: 3) { edges { node { ...C } } } } fragment C on Contact { company { name } }`);
    expect(viaFragment.errors).toBeUndefined();
    expect(gw.upstream().filter((c) => c.startsWith("GET /api/v2/organizations"))).toHaveLength(1);
    gw.clearUpstream();
    const skipped = await gw.gql(`query($no: Boolean!) { contacts(first: 3) { nodes { id company @skip(if: $no) { name } ... @include(if: false) { companyName } } } }`, { no: true });
    expect(skipped.errors).toBeUndefined();
    expect(skipped.data!.contacts.nodes.every((n: any) => !("company" in n) && !("companyName" in n))).toBe(true);
    expect(gw.upstream()).toEqual(["GET /api/v2/persons?limit=3"]);
  });

  it("loads nothing for a relation the caller may not read; the field is FORBIDDEN on every node", async () => {
    gw.setCan((object) => object !== "Company");
    const result = await gw.gql(`{ contacts(first: 2) { nodes { id company { name } } } }`);
    expect(result.data!.contacts.nodes).toEqual([expect.objectContaining({ company: null }), expect.objectContaining({ company: null })]);
    expect(result.errors!.map((e) => [e.path!.join("."), e.extensions!.code])).toEqual([["contacts.nodes.0.company", "FORBIDDEN"], ["contacts.nodes.1.company", "FORBIDDEN"]]);
    expect(gw.upstream()).toEqual(["GET /api/v2/persons?limit=2"]);
  });

  it("puts a failed relation load on each node's field, with one upstream attempt", async () => {
    const persons = await pdPersons(5);
    gw.sandbox.faults.inject({ method: "GET", path: "/api/v2/organizations*", status: 502 });
    const result = await gw.gql(`{ contacts(first: 5) { nodes { id company { name } } } }`);
    const withOrg = persons.filter((p) => p.org_id !== null).length;
    expect(withOrg).toBeGreaterThan(0);
    expect(result.errors).toHaveLength(withOrg);
    for (const error of result.errors!) expect(error).toMatchObject({ path: ["contacts", "nodes", expect.any(Number), "company"], extensions: { code: "UPSTREAM_ERROR" } });
    expect(gw.upstream().filter((c) => c.startsWith("GET /api/v2/organizations"))).toHaveLength(1);
  });
});
