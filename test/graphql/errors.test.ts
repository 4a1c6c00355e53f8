/**
 * Upstream failures as callers see them: PipedriveError codes mapped to GraphQL error codes, Pipedrive's
 * own validation message kept, and never a token or an upstream URL in what the gateway answers.
 */
import { describe, expect, it } from "vitest";
import { startTestGateway, useTestGateway, type GqlResult } from "../support/startTestGateway.ts";
import { shippedIr } from "./shippedIr.ts";

const gw = useTestGateway({ ir: shippedIr });

function expectNoLeak(result: GqlResult): void {
  const text = JSON.stringify(result);
  expect(text).not.toContain(gw.sandbox.token);
  expect(text).not.toContain(gw.sandbox.url);
  expect(text).not.toContain("127.0.0.1");
  expect(text).not.toMatch(/https?:\/\//);
}

describe("upstream failures", () => {
  it("a 5xx from Pipedrive is UPSTREAM_ERROR", async () => {
    gw.sandbox.faults.inject({ method: "GET", path: "/api/v2/persons*", status: 503 });
    const result = await gw.gql(`{ contacts(first: 2) { nodes { id } } }`);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ path: ["contacts"], extensions: { code: "UPSTREAM_ERROR" } });
    expectNoLeak(result);
  });

  it("a failing relation load errors that field only, and the failure is not cached", async () => {
    gw.sandbox.faults.inject({ method: "GET", path: "/api/v2/organizations*", status: 502 });
    const result = await gw.gql(`{ contact(id: "1") { id company { name } } }`);
    expect(result.data).toEqual({ contact: { id: "1", company: null } });
    expect(result.errors?.[0]).toMatchObject({ path: ["contact", "company"], extensions: { code: "UPSTREAM_ERROR" } });
    const again = await gw.gql(`{ contact(id: "1") { id company { name } } }`);
    expect(again.errors).toBeUndefined();
    expect(again.data!.contact.company.name).toEqual(expect.any(String));
  });

  it("a connection dropped mid-write is UPSTREAM_OUTCOME_UNKNOWN (the record may exist), and the POST is not repeated", async () => {
    gw.sandbox.faults.inject({ method: "POST", path: "/api/v2/organizations", drop: true });
    const result = await gw.gql(`mutation { createCompany(input: { name: "Dropped Co" }) { company { id } } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "UPSTREAM_OUTCOME_UNKNOWN" });
    expect(result.errors?.[0]?.message).toMatch(/may or may not exist.*look the record up/);
    expect(gw.upstream().filter((c) => c.startsWith("POST"))).toEqual(["POST /api/v2/organizations"]);
    expectNoLeak(result);
  });

  it("Pipedrive's 400 is BAD_USER_INPUT with Pipedrive's message", async () => {
    const result = await gw.gql(`mutation { updateOpportunity(id: "1", input: { status: "bogus" }) { opportunity { id } } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(result.errors?.[0]?.message).toMatch(/^Pipedrive refused the change: .*bogus/);
    expectNoLeak(result);
  });

  it("Pipedrive's 429 is UPSTREAM_RATE_LIMITED", async () => {
    // A fresh client knows nothing of the window yet, so three loads in one tick all reach a sandbox allowing 1 per 2 s.
    const fresh = await startTestGateway({ ir: shippedIr });
    try {
      fresh.sandbox.config({ burst: 1 });
      const result = await fresh.gql(`{ a: contact(id: "1") { id } b: company(id: "1") { id } c: opportunity(id: "1") { id } }`);
      const codes = (result.errors ?? []).map((e) => e.extensions?.code);
      expect(codes).toEqual(["UPSTREAM_RATE_LIMITED", "UPSTREAM_RATE_LIMITED"]);
      expect(result.errors![0]!.message).toBe("Pipedrive's rate limit is reached for now; retry in a few seconds.");
      expect(Object.values(result.data!).filter((v) => v !== null)).toHaveLength(1);
      const text = JSON.stringify(result);
      expect(text).not.toContain(fresh.sandbox.token);
      expect(text).not.toContain("127.0.0.1");
    } finally {
      await fresh.close();
    }
  });
});

describe("caller mistakes", () => {
  it("a bad literal for a custom scalar names the expected shape and the value", async () => {
    const result = await gw.gql(`{ contacts(filter: { updatedSince: "last tuesday" }) { nodes { id } } }`);
    expect(result.errors?.[0]?.message).toContain("RFC 3339");
    expect(result.errors?.[0]?.message).toContain("last tuesday");
    expect(gw.upstream()).toEqual([]);
  });

  it("a malformed after cursor is BAD_USER_INPUT on after", async () => {
    const result = await gw.gql(`{ contacts(after: "bedrock:%%%") { nodes { id } } }`);
    expect(result.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "after" });
  });
});
