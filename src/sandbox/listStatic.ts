import { ApiError } from "./ApiError.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { listEnvelope } from "./envelope.ts";
import { enumParam, limitParam } from "./queryParams.ts";
import type { RouteResponse } from "./Router.ts";

type SortValue = string | number;

/**
 * A v2 list over a small, read-mostly collection (pipelines, stages): `sort_by` (one of `sortFields`),
 * `sort_direction`, `limit` (default 100, at most 500) and an opaque keyset cursor, as GET /persons pages.
 * Items are copied, so a caller can never change the store through a response.
 *
 * @example
 *   listStatic(store.stages, { sort_by: "order_nr", limit: "2" }, ["id", "update_time", "add_time", "order_nr"]);
 */
export function listStatic<T extends { id: number }>(items: readonly T[], query: Record<string, string>, sortFields: readonly (keyof T & string)[]): RouteResponse {
  const limit = limitParam(query);
  const sortBy = enumParam(query, "sort_by", sortFields) ?? "id";
  const sign = (enumParam(query, "sort_direction", ["asc", "desc"] as const) ?? "asc") === "asc" ? 1 : -1;
  const key = (item: T): [SortValue, number] => [item[sortBy] as SortValue, item.id];
  const sorted = [...items].sort((a, b) => sign * compare(key(a), key(b)));
  let start = 0;
  if (query.cursor !== undefined) {
    const position = decodeCursor(query.cursor);
    if ((typeof position.v !== "string" && typeof position.v !== "number") || !Number.isInteger(position.id)) {
      throw ApiError.badRequest(`Invalid cursor: ${JSON.stringify(query.cursor)}`, "Pass the next_cursor of a previous response unchanged.");
    }
    const after: [SortValue, number] = [position.v, position.id as number];
    start = sorted.findIndex((item) => sign * compare(key(item), after) > 0);
    if (start === -1) start = sorted.length;
  }
  const page = sorted.slice(start, start + limit);
  const last = page.at(-1);
  const next = last && start + limit < sorted.length ? encodeCursor({ v: last[sortBy] as SortValue, id: last.id }) : null;
  return { body: listEnvelope(structuredClone(page), next) };
}

// Ties on the sort value break on id, so every order is total and a cursor names one place.
function compare([av, aid]: [SortValue, number], [bv, bid]: [SortValue, number]): number {
  if (av < bv) return -1;
  if (av > bv) return 1;
  return aid - bid;
}
