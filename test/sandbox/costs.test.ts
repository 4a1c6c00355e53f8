import { describe, expect, it } from "vitest";
import { TOKEN_COSTS } from "../../src/sandbox/costs.ts";
import { Router } from "../../src/sandbox/Router.ts";
import { sandboxRoutes } from "../../src/sandbox/sandboxRoutes.ts";
import { Store } from "../../src/sandbox/Store.ts";
import { specs } from "../support/pipedriveSpecs.ts";

describe("token cost table", () => {
  it.each(TOKEN_COSTS.map((e) => [e.api, e.method, e.path, e.cost] as const))("%s %s %s costs %i as the spec's x-token-cost says", (api, method, path, cost) => {
    const operation = specs()[api].paths[path]?.[method.toLowerCase()];
    expect(operation, `${method} ${path} is not in openapi-${api}.yml`).toBeDefined();
    expect(operation["x-token-cost"]).toBe(cost);
  });

  it("has an entry for every route the sandbox serves (the router refuses to build otherwise)", () => {
    expect(() => sandboxRoutes(new Store(Date.now))).not.toThrow();
    expect(() => new Router([{ api: "v2", method: "GET", path: "/products", handle: () => ({ body: null }) }])).toThrow("No token cost for GET /v2/products");
  });
});
