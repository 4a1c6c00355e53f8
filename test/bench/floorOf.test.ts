import { describe, expect, it } from "vitest";
import { floorOf } from "../../bench/floor.ts";
import { QUERIES } from "../../bench/queries.ts";

describe("floorOf", () => {
  it("charges one call per level, batches ids by 100 and nothing for cached users", () => {
    const floor = floorOf([
      { kind: "list", entity: "persons" },
      { kind: "byIds", entity: "organizations", parents: 100 },
      { kind: "users" },
    ]);
    expect(floor).toEqual({ requests: 2, tokens: 20, explain: "list persons 10 + organizations?ids= ×1 10 + users cached 0" });
  });

  it("needs a second batch past 100 parents and pays for users when the cache is cold", () => {
    const steps = [{ kind: "byIds", entity: "persons", parents: 101 }, { kind: "users" }] as const;
    expect(floorOf(steps, false)).toMatchObject({ requests: 3, tokens: 40 });
  });

  it("prices single reads, searches and writes at Pipedrive's token costs", () => {
    expect(floorOf([{ kind: "get", entity: "persons" }])).toMatchObject({ requests: 1, tokens: 1 });
    expect(floorOf([{ kind: "search", entity: "persons" }, { kind: "create", entity: "persons" }])).toMatchObject({ requests: 2, tokens: 25 });
    expect(floorOf([{ kind: "update", entity: "deals" }])).toMatchObject({ requests: 1, tokens: 5 });
  });

  it("gives every query of the mix its floor", () => {
    expect(Object.fromEntries(QUERIES.map((q) => [q.id, [q.floor.requests, q.floor.tokens]]))).toEqual({
      contacts: [2, 20],
      contactsCompanyOwner: [2, 20],
      contactById: [1, 1],
      doneActivities: [2, 20],
      createContact: [2, 25],
      updateOpportunity: [1, 5],
    });
  });
});
