/**
 * The schema as a whole: the committed SDL is the shipped mappings' SDL, mutations follow permissions,
 * and the shared building blocks (IR-derived input schemas, cursors, scalars) behave as documented.
 */
import { readFileSync } from "node:fs";
import { buildSchema, graphql, printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import type { IR } from "../../dsl/ir.ts";
import { createGatewaySchema } from "../../schema/createGatewaySchema.ts";
import { GatewayError } from "../../schema/GatewayError.ts";
import { GatewayModel } from "../../schema/GatewayModel.ts";
import { inputSchemaFromIR, parseInput } from "../../schema/inputSchemaFromIR.ts";
import { checkFirst, decodeCursor, encodeCursor } from "../../schema/pageCursor.ts";
import { printSdl } from "../../schema/printSdl.ts";
import { shippedIr } from "./shippedIr.ts";

const committed = new URL("../../schema/bedrock.graphql", import.meta.url);

function thrown(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a GatewayError");
}

describe("schema/bedrock.graphql", () => {
  it("is the SDL of the shipped mappings", () => {
    const fresh = printSdl(shippedIr);
    const onDisk = readFileSync(committed, "utf8");
    if (onDisk !== fresh) {
      expect.fail("schema/bedrock.graphql is stale: the mappings or the SDL printer changed. Regenerate it with `npm run compile` and commit the result.");
    }
  });

  it("is deterministic whatever the order of objects and enums in the IR", () => {
    const shuffled: IR = { objects: [...shippedIr.objects].reverse(), enums: [...shippedIr.enums].reverse() };
    expect(printSdl(shuffled)).toBe(printSdl(shippedIr));
  });

  it("builds into the executable schema unchanged", () => {
    expect(printSchema(createGatewaySchema(shippedIr))).toBe(printSchema(buildSchema(printSdl(shippedIr))));
  });
});

describe("createGatewaySchema", () => {
  it("refuses an IR whose schema GraphQL rejects, instead of building one that fails every query", () => {
    const ir = shippedIr;
    const owner = ir.objects.find((o) => o.name === "Owner")!;
    const broken: IR = { ...ir, objects: ir.objects.map((o) => (o === owner ? { ...o, fields: [...o.fields, { ...o.fields[0]!, name: "__secret" }] } : o)) };
    expect(() => createGatewaySchema(broken)).toThrow(/GraphQL rejects: Name "__secret" must not begin with "__"/);
  });
});

describe("mutations follow permissions", () => {
  it("has exactly the six mutations of the shipped mappings", () => {
    const mutation = createGatewaySchema(shippedIr).getMutationType();
    expect(Object.keys(mutation!.getFields()).sort()).toEqual(["createActivity", "createCompany", "createContact", "updateCompany", "updateContact", "updateOpportunity"]);
  });

  it("drops mutations, inputs and payloads an object's permissions do not allow", () => {
    const readOnly: IR = { ...shippedIr, objects: shippedIr.objects.map((o) => (o.name === "Contact" ? { ...o, permissions: ["read"] } : o)) };
    const schema = createGatewaySchema(readOnly);
    expect(Object.keys(schema.getMutationType()!.getFields())).not.toEqual(expect.arrayContaining(["createContact"]));
    expect(schema.getMutationType()!.getFields().updateContact).toBeUndefined();
    expect(schema.getType("CreateContactInput")).toBeUndefined();
    const none: IR = { ...shippedIr, objects: shippedIr.objects.map((o) => ({ ...o, permissions: ["read"] as const })) };
    expect(createGatewaySchema(none).getMutationType()).toBeFalsy();
  });

  it("makes required fields non-null in create inputs and optional in update inputs", () => {
    const schema = createGatewaySchema(shippedIr);
    const create = (schema.getType("CreateContactInput") as any).getFields();
    const update = (schema.getType("UpdateContactInput") as any).getFields();
    expect(String(create.firstName.type)).toBe("String!");
    expect(String(create.lastName.type)).toBe("String!");
    expect(String(create.email.type)).toBe("String");
    expect(String(update.firstName.type)).toBe("String");
    expect(create.id).toBeUndefined();
    expect(create.ownerName).toBeUndefined();
    expect(String(create.owner.type)).toBe("ID");
    const activity = (schema.getType("CreateActivityInput") as any).getFields();
    expect(String(activity.contact.type)).toBe("ID!");
    expect(String(activity.doneAt.type)).toBe("DateTime!");
    expect(activity.dueDate).toBeUndefined(); // the occurrence is stored there
  });

  it("refuses a write the IR does not grant even when the resolver is reached (defence in depth)", async () => {
    // The Contact type keeps its mutations in this schema, but the object behind them is made read-only afterwards.
    const mutable = structuredClone(shippedIr) as { objects: { name: string; permissions: string[] }[] } & IR;
    const schema = createGatewaySchema(mutable);
    mutable.objects.find((o) => o.name === "Contact")!.permissions = ["read"];
    const calls: string[] = [];
    const records = new Proxy({}, { get: (_t, name) => () => { calls.push(String(name)); throw new Error("no upstream expected"); } });
    const result = await graphql({
      schema,
      source: `mutation { createContact(input: { firstName: "A", lastName: "B" }) { matched } }`,
      contextValue: { records, can: () => true, runIdempotent: (_k: unknown, _m: unknown, _i: unknown, f: () => unknown) => f(), withLock: (_k: unknown, f: () => unknown) => f() },
    });
    expect(result.errors?.[0]?.extensions).toEqual({ code: "FORBIDDEN" });
    expect(calls).toEqual([]);
  });
});

describe("IR-derived input schemas", () => {
  const model = new GatewayModel(shippedIr);
  const opportunityUpdate = inputSchemaFromIR(model.object("Opportunity"), "update", model.enums);
  const contactCreate = inputSchemaFromIR(model.object("Contact"), "create", model.enums);

  it("names the offending field and echoes the value", () => {
    const error = thrown(() => parseInput(opportunityUpdate, { expectedCloseDate: "31.01.2027" }));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "expectedCloseDate" });
    expect(error.message).toBe('input.expectedCloseDate must be a calendar date YYYY-MM-DD; got "31.01.2027".');
  });

  it("keeps required fields from being cleared on update but lets optional ones be", () => {
    expect(thrown(() => parseInput(opportunityUpdate, { expectedCloseDate: null })).extensions.field).toBe("expectedCloseDate");
    expect(parseInput(opportunityUpdate, { renewalDate: null })).toEqual({ renewalDate: null });
    expect(parseInput(opportunityUpdate, {})).toEqual({});
  });

  it("requires required fields on create and checks ids, emails and money", () => {
    expect(thrown(() => parseInput(contactCreate, { firstName: "A" })).extensions.field).toBe("lastName");
    expect(thrown(() => parseInput(contactCreate, { firstName: "A", lastName: "B", owner: "12ab" })).extensions.field).toBe("owner");
    expect(thrown(() => parseInput(contactCreate, { firstName: "A", lastName: "B", email: "nope" })).extensions.field).toBe("email");
    expect(thrown(() => parseInput(contactCreate, { firstName: "A", lastName: "B", lifetimeValue: { amount: 1, currency: "eu" } })).extensions.field).toBe("lifetimeValue.currency");
    expect(parseInput(contactCreate, { firstName: "A", lastName: "B", interests: ["Security"] })).toEqual({ firstName: "A", lastName: "B", interests: ["Security"] });
  });
});

describe("page arguments", () => {
  it("caps first at 100 with a message naming first and the value", () => {
    expect(checkFirst(1)).toBe(1);
    expect(checkFirst(100)).toBe(100);
    for (const bad of [0, 101, 2.5, -1]) {
      const error = thrown(() => checkFirst(bad));
      expect(error.extensions).toEqual({ code: "BAD_USER_INPUT", field: "first" });
      expect(error.message).toBe(`first must be between 1 and 100; got ${bad}. Page with \`after\` for more.`);
    }
  });

  it("passes Pipedrive cursors through and round-trips edge cursors", () => {
    expect(decodeCursor("eyJpZCI6MTAwfQ")).toEqual({ cursor: "eyJpZCI6MTAwfQ", skip: 0 });
    expect(decodeCursor(encodeCursor({ cursor: "abc", skip: 7 }))).toEqual({ cursor: "abc", skip: 7 });
    expect(decodeCursor(encodeCursor({ cursor: null, skip: 3 }))).toEqual({ cursor: null, skip: 3 });
    expect(thrown(() => decodeCursor("bedrock:!!")).extensions.field).toBe("after");
  });
});

describe("scalars", () => {
  it("rejects impossible dates and malformed times as BAD_USER_INPUT", async () => {
    const schema = createGatewaySchema(shippedIr);
    const result = await graphql({ schema, source: `{ activities(filter: { updatedSince: "2026-02-30T00:00:00Z" }) { nodes { id } } }`, contextValue: {} });
    expect(result.errors?.[0]?.message).toContain("2026-02-30T00:00:00Z");
  });
});
