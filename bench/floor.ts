/**
 * The least any gateway must spend upstream for a query of a given shape ("the floor"): one call per
 * level, ids batched by 100, users cached (a warm users cache costs nothing).
 * Token costs are Pipedrive's per-request `x-token-cost` (api-notes §3.3): v2 list 10, v2 get-by-id 1,
 * v2 search 20, v2 POST/PATCH 5; v1 users list 20 (paid only when the cache is cold).
 */
export type UpstreamStep =
  /** GET /api/v2/{entity}: one page of a list. */
  | { kind: "list"; entity: string }
  /** GET /api/v2/{entity}?ids=…: a level of related records, `parents` at most (one id each). */
  | { kind: "byIds"; entity: string; parents: number }
  /** GET /api/v2/{entity}/{id}. */
  | { kind: "get"; entity: string }
  /** GET /api/v1/users, cached by a perfect gateway. */
  | { kind: "users" }
  /** GET /api/v2/{entity}/search. */
  | { kind: "search"; entity: string }
  | { kind: "create"; entity: string }
  | { kind: "update"; entity: string };

export interface Floor {
  requests: number;
  tokens: number;
  /** How the floor was reached, e.g. "GET persons (10) + GET organizations?ids= ×1 (10) + users cached (0)". */
  explain: string;
}

export const BATCH_LIMIT = 100;

/**
 * The floor of a query from its upstream steps, with the users cache warm (`usersCached`, the default)
 * or cold.
 *
 * @example
 *   floorOf([{ kind: "list", entity: "persons" }, { kind: "byIds", entity: "organizations", parents: 100 }, { kind: "users" }]);
 *   // { requests: 2, tokens: 20, explain: "list persons 10 + organizations?ids= ×1 10 + users cached 0" }
 */
export function floorOf(steps: readonly UpstreamStep[], usersCached = true): Floor {
  let requests = 0;
  let tokens = 0;
  const parts: string[] = [];
  for (const step of steps) {
    const [calls, cost, label] = price(step, usersCached);
    requests += calls;
    tokens += calls * cost;
    parts.push(`${label} ${calls * cost}`);
  }
  return { requests, tokens, explain: parts.join(" + ") };
}

function price(step: UpstreamStep, usersCached: boolean): [calls: number, costEach: number, label: string] {
  switch (step.kind) {
    case "list":
      return [1, 10, `list ${step.entity}`];
    case "byIds": {
      const calls = Math.ceil(step.parents / BATCH_LIMIT);
      return [calls, 10, `${step.entity}?ids= ×${calls}`];
    }
    case "get":
      return [1, 1, `get ${step.entity}/{id}`];
    case "users":
      return usersCached ? [0, 20, "users cached"] : [1, 20, "users"];
    case "search":
      return [1, 20, `search ${step.entity}`];
    case "create":
      return [1, 5, `POST ${step.entity}`];
    case "update":
      return [1, 5, `PATCH ${step.entity}`];
  }
}
