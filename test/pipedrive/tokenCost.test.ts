import { describe, expect, it } from "vitest";
import { tokenCost } from "../../src/pipedrive/tokenCost.ts";

import { specs } from "../support/pipedriveSpecs.ts";

type Spec = { paths: Record<string, Record<string, { "x-token-cost"?: number }>> };

// Every endpoint the client calls, as [method, spec path].
const v2: [string, string][] = [
  ...["persons", "organizations", "deals", "activities"].flatMap((e): [string, string][] => [
    ["get", `/${e}`],
    ["get", `/${e}/{id}`],
    ["post", `/${e}`],
    ["patch", `/${e}/{id}`],
  ]),
  ["get", "/persons/search"],
  ["get", "/organizations/search"],
  ...["person", "organization", "deal", "activity"].map((e): [string, string] => ["get", `/${e}Fields`]),
];
const v1: [string, string][] = [
  ["get", "/users"],
  ["get", "/activityTypes"],
];

describe("tokenCost", () => {
  it("matches the x-token-cost of Pipedrive's own OpenAPI specs for every endpoint the client calls", () => {
    const spec2: Spec = specs().v2;
    const spec1: Spec = specs().v1;
    const mine = (api: string, method: string, path: string) => tokenCost(method, `/api/${api}${path}`);
    const theirs = (spec: Spec, method: string, path: string) => spec.paths[path]?.[method]?.["x-token-cost"];
    expect(v2.map(([m, p]) => [m, p, mine("v2", m, p)])).toEqual(v2.map(([m, p]) => [m, p, theirs(spec2, m, p)]));
    expect(v1.map(([m, p]) => [m, p, mine("v1", m, p)])).toEqual(v1.map(([m, p]) => [m, p, theirs(spec1, m, p)]));
  });
});
