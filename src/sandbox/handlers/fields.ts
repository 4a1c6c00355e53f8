import { ApiError } from "../ApiError.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { listEnvelope } from "../envelope.ts";
import { limitParam } from "../queryParams.ts";
import type { Route } from "../Router.ts";
import type { Store } from "../Store.ts";
import type { EntityName } from "../types.ts";

const PATHS: [EntityName, string][] = [
  ["person", "/personFields"],
  ["organization", "/organizationFields"],
  ["deal", "/dealFields"],
  ["activity", "/activityFields"],
];

/**
 * The v2 Fields API: GET /personFields, /organizationFields, /dealFields, /activityFields — system fields
 * then custom fields, cursor-paginated (limit default 100, at most 500). Renamed, removed and added
 * custom fields show at once.
 *
 * @example
 *   new Router(fieldRoutes(store)); // GET /api/v2/personFields?limit=5
 */
export function fieldRoutes(store: Store): Route[] {
  return PATHS.map(([entity, path]) => ({
    api: "v2" as const,
    method: "GET" as const,
    path,
    handle: ({ query }) => {
      const limit = limitParam(query);
      let start = 0;
      if (query.cursor !== undefined) {
        const offset = decodeCursor(query.cursor).offset;
        if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0) throw ApiError.badRequest(`Invalid cursor: ${JSON.stringify(query.cursor)}`);
        start = offset;
      }
      const fields = store.fields[entity];
      const page = fields.slice(start, start + limit).map((f) => structuredClone(f));
      const next = start + limit < fields.length ? encodeCursor({ offset: start + limit }) : null;
      return { body: listEnvelope(page, next) };
    },
  }));
}
