/**
 * Token cost of every endpoint the sandbox serves, as Pipedrive's OpenAPI files declare it in
 * `x-token-cost` (a test checks this table against openapi-v2.yml and openapi-v1.yml). Paths are the
 * specs' paths, below `/api/v2` or `/api/v1`.
 *
 * @example
 *   tokenCost("v2", "GET", "/persons"); // 10
 */
export interface CostEntry {
  readonly api: "v1" | "v2";
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly path: string;
  readonly cost: number;
}

const crud = (entity: string): CostEntry[] => [
  { api: "v2", method: "GET", path: `/${entity}`, cost: 10 },
  { api: "v2", method: "GET", path: `/${entity}/{id}`, cost: 1 },
  { api: "v2", method: "POST", path: `/${entity}`, cost: 5 },
  { api: "v2", method: "PATCH", path: `/${entity}/{id}`, cost: 5 },
  { api: "v2", method: "DELETE", path: `/${entity}/{id}`, cost: 3 },
];

export const TOKEN_COSTS: readonly CostEntry[] = [
  ...crud("persons"),
  ...crud("organizations"),
  ...crud("deals"),
  ...crud("activities"),
  { api: "v2", method: "GET", path: "/persons/search", cost: 20 },
  { api: "v2", method: "GET", path: "/organizations/search", cost: 20 },
  { api: "v2", method: "GET", path: "/personFields", cost: 10 },
  { api: "v2", method: "GET", path: "/organizationFields", cost: 10 },
  { api: "v2", method: "GET", path: "/dealFields", cost: 10 },
  { api: "v2", method: "GET", path: "/activityFields", cost: 10 },
  { api: "v2", method: "GET", path: "/deals/search", cost: 20 },
  { api: "v2", method: "GET", path: "/itemSearch", cost: 20 },
  { api: "v2", method: "GET", path: "/pipelines", cost: 5 },
  { api: "v2", method: "GET", path: "/pipelines/{id}", cost: 1 },
  { api: "v2", method: "GET", path: "/stages", cost: 5 },
  { api: "v2", method: "GET", path: "/stages/{id}", cost: 1 },
  { api: "v1", method: "GET", path: "/users", cost: 20 },
  { api: "v1", method: "GET", path: "/users/{id}", cost: 2 },
  { api: "v1", method: "GET", path: "/users/me", cost: 2 },
  { api: "v1", method: "GET", path: "/activityTypes", cost: 20 },
];

export function tokenCost(api: "v1" | "v2", method: string, path: string): number {
  const entry = TOKEN_COSTS.find((e) => e.api === api && e.method === method && e.path === path);
  if (!entry) throw new Error(`No token cost for ${method} /${api}${path}: add it to TOKEN_COSTS from the spec's x-token-cost`);
  return entry.cost;
}
