/**
 * Records a request already holds: RecordSource.peek answers what `get` would without a promise, and a
 * to-one relation whose target is held resolves synchronously, with the same answer (and filter) as a load.
 */
import { describe, expect, it } from "vitest";
import type { GatewayContext, PipedriveRecord } from "../../schema/GatewayContext.ts";
import { GatewayModel } from "../../schema/GatewayModel.ts";
import { objectResolvers } from "../../schema/objectResolvers.ts";
import { createGatewayContext } from "../../src/graphql/createGatewayContext.ts";
import { createRecordSource } from "../../src/graphql/createRecordSource.ts";
import { useTestGateway } from "../support/startTestGateway.ts";
import { shippedIr } from "./shippedIr.ts";

const gw = useTestGateway({ ir: shippedIr });
const model = new GatewayModel(shippedIr);

const resolve = (object: string, field: string, record: PipedriveRecord, ctx: GatewayContext) =>
  (objectResolvers(model, model.object(object))[field] as (r: PipedriveRecord, a: object, c: GatewayContext) => unknown)(record, {}, ctx);

describe("RecordSource.peek", () => {
  it("is undefined until a record is read or listed, then what get answers, null for a missing id", async () => {
    const records = createRecordSource(gw.client);
    expect(records.peek!("Person", 2)).toBeUndefined();
    const [two, missing] = await Promise.all([records.get("Person", 2), records.get("Person", 999999)]);
    expect(two?.id).toBe(2);
    expect(records.peek!("Person", 2)).toBe(two);
    expect(records.peek!("Person", 999999)).toBeNull();
    expect(records.peek!("Organization", 2)).toBeUndefined();

    const page = await records.list("Organization", { params: {}, limit: 3 });
    for (const org of page.items) expect(records.peek!("Organization", org.id)).toBe(org);
  });

  it("answers users by id from the users list, the same user objects every request", async () => {
    const all = await gw.client.users();
    const ids = [all.at(-1)!.id, all[0]!.id, 987654];
    const first = createRecordSource(gw.client);
    const users = await Promise.all(ids.map((id) => first.get("User", id)));
    expect(users.map((u) => u?.id ?? null)).toEqual([ids[0], ids[1], null]);
    expect(ids.map((id) => first.peek!("User", id))).toEqual(users);
    const second = createRecordSource(gw.client);
    expect(await second.get("User", ids[0]!)).toBe(users[0]);
  });
});

describe("to-one relations to held records", () => {
  it("resolve synchronously to the held record, and a related field to its value", async () => {
    const ctx = createGatewayContext({ client: gw.client, ir: shippedIr });
    const [person] = (await ctx.records.list("Person", { params: {}, limit: 20 })).items.filter((p) => typeof p.org_id === "number" && typeof p.owner_id === "number");
    const loaded = await resolve("Contact", "company", person!, ctx);
    expect((loaded as PipedriveRecord).id).toBe(person!.org_id);

    const again = resolve("Contact", "company", person!, ctx);
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toBe(loaded);
    expect(resolve("Contact", "companyName", person!, ctx)).toBe((loaded as PipedriveRecord).name);
  });

  it("answer null synchronously for a held record outside the target's filter, never asking get", () => {
    const ir = { ...shippedIr, objects: shippedIr.objects.map((o) => (o.name === "Company" ? { ...o, filter: { key: "active_flag", value: true } } : o)) };
    const filtered = new GatewayModel(ir);
    const held = new Map<number, PipedriveRecord>([[7, { id: 7, name: "Gone Ltd", active_flag: false }], [8, { id: 8, name: "Live Ltd", active_flag: true }]]);
    const records = { peek: (_entity: string, id: number) => held.get(id), get: () => Promise.reject(new Error("get called for a held record")) };
    const ctx = { records, can: () => true } as unknown as GatewayContext;
    const company = objectResolvers(filtered, filtered.object("Contact")).company as (r: PipedriveRecord, a: object, c: GatewayContext) => unknown;
    expect(company({ id: 1, org_id: 7 }, {}, ctx)).toBeNull();
    expect(company({ id: 1, org_id: 8 }, {}, ctx)).toBe(held.get(8));
    expect(company({ id: 1, org_id: null }, {}, ctx)).toBeNull();
  });
});
