/**
 * Pipedrive's token cost of one request (the `x-token-cost` of the v2/v1 OpenAPI specs, api-notes §3.3).
 * The cost is flat per request: a list of 500 costs what a list of 1 costs.
 *
 * @example
 * tokenCost("GET", "/api/v2/persons/{id}") // 1
 * tokenCost("GET", "/api/v2/persons")      // 10
 */
export function tokenCost(method: string, pathTemplate: string): number {
  const m = method.toUpperCase();
  if (pathTemplate.startsWith("/api/v1/")) {
    const rest = pathTemplate.slice("/api/v1/".length);
    if (m === "GET" && (rest === "users" || rest === "activityTypes")) return 20;
    if (m === "GET" && (rest === "users/{id}" || rest === "users/me")) return 2;
    if (m === "GET" && rest.endsWith("Fields")) return 20;
    return m === "DELETE" ? 6 : 10;
  }
  const rest = pathTemplate.replace(/^\/api\/v2\//, "");
  if (rest.endsWith("/search") || rest.startsWith("itemSearch")) return 20;
  if (m === "POST" || m === "PATCH") return 5;
  if (m === "DELETE") return 3;
  // a single object by id (persons/{id}) or a single field (personFields/{field_code})
  if (rest.includes("/{")) return 1;
  if (rest === "pipelines" || rest === "stages") return 5;
  return 10;
}
