import { readFileSync } from "node:fs";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { createPeerSchema } from "../../bench/peer/createPeerSchema.ts";
import { QUERIES } from "../../bench/queries.ts";

// One document per query is sent to both servers, so each must be valid against both schemas.
const gateway = buildSchema(readFileSync(new URL("../../schema/bedrock.graphql", import.meta.url), "utf8"));
const peer = createPeerSchema();

describe("the benchmark's query mix", () => {
  it.each(QUERIES.map((q) => [q.id, q] as const))("%s is valid against the gateway's committed SDL and the peer's schema", (_id, query) => {
    const document = parse(query.document);
    expect(validate(gateway, document).map((e) => e.message)).toEqual([]);
    expect(validate(peer, document).map((e) => e.message)).toEqual([]);
  });

  it("gives mutations fresh input on every call, so createContact never hits dedupe", () => {
    const create = QUERIES.find((q) => q.id === "createContact")!;
    const emails = new Set(Array.from({ length: 50 }, (_, i) => (create.variables(i, "run1") as { input: { email: string } }).input.email));
    expect(emails.size).toBe(50);
    expect((create.variables(0, "run2") as { input: { email: string } }).input.email).not.toBe(
      (create.variables(0, "run1") as { input: { email: string } }).input.email,
    );
  });
});
