import { tokenCost } from "./costs.ts";

/** What a handler receives: path parameters, the query as an object (last value wins) and the parsed JSON body. */
export interface RouteRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

export interface RouteResponse {
  status?: number;
  body: unknown;
  /** `body` already serialised (the bytes of `JSON.stringify(body)`); the server sends these instead of stringifying. */
  json?: Buffer;
}

export interface Route {
  readonly api: "v1" | "v2";
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The spec's path below the API prefix, with `{name}` parameters: `/persons/{id}`. */
  readonly path: string;
  /** Search endpoints have their own burst limit (10 requests per 2 s on every plan). */
  readonly search?: boolean;
  handle(request: RouteRequest): RouteResponse;
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string>; cost: number }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "not-found" };

/**
 * A small method + path router over the spec's path templates. Literal segments win over parameters,
 * so `/persons/search` is never taken for `/persons/{id}`.
 *
 * @example
 *   const router = new Router([{ api: "v2", method: "GET", path: "/persons/{id}", handle }]);
 *   router.match("GET", "/api/v2/persons/7"); // { kind: "found", params: { id: "7" }, cost: 1, ... }
 */
export class Router {
  readonly #routes: { route: Route; prefix: string; segments: string[]; cost: number }[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map((route) => ({
      route,
      prefix: `/api/${route.api}`,
      segments: route.path.split("/").slice(1),
      cost: tokenCost(route.api, route.method, route.path),
    }));
    // Literal segments sort before parameters so the most specific template is tried first.
    this.#routes.sort((a, b) => specificity(b.segments) - specificity(a.segments));
  }

  match(method: string, pathname: string): RouteMatch {
    const allowed: string[] = [];
    // The path is split once per API prefix, not once per route.
    const split = new Map<string, string[] | null>();
    for (const entry of this.#routes) {
      let actual = split.get(entry.prefix);
      if (actual === undefined) {
        actual = pathname.startsWith(`${entry.prefix}/`) ? pathname.slice(entry.prefix.length).split("/").slice(1) : null;
        split.set(entry.prefix, actual);
      }
      if (actual === null) continue;
      const params = matchSegments(entry.segments, actual);
      if (!params) continue;
      if (entry.route.method === method) return { kind: "found", route: entry.route, params, cost: entry.cost };
      allowed.push(entry.route.method);
    }
    return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
  }
}

function specificity(segments: string[]): number {
  return segments.filter((s) => !s.startsWith("{")).length * 100 + segments.length;
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | null {
  if (template.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const a = actual[i] as string;
    if (t.startsWith("{") && t.endsWith("}")) {
      if (a === "") return null;
      params[t.slice(1, -1)] = decodeURIComponent(a);
    } else if (t !== a) {
      return null;
    }
  }
  return params;
}
