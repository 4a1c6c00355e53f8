import { ApiError } from "./ApiError.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { listEnvelope, listEnvelopeJson } from "./envelope.ts";
import { enumParam, idsParam, intParam, limitParam, timeParam } from "./queryParams.ts";
import { includeFieldsParam, withIncludedFields } from "./includeFields.ts";
import { renderOptions } from "./renderRecord.ts";
import type { RouteResponse } from "./Router.ts";
import type { Store } from "./Store.ts";
import type { EntityName, StoredRecord } from "./types.ts";

/** A list filter: the query parameter, how to read it, and whether a record passes. */
export interface ListFilter<T = unknown> {
  readonly name: string;
  read(query: Record<string, string>): T | undefined;
  test(record: StoredRecord, value: T): boolean;
}

/** A filter on an integer property of the record that has the same name as the parameter. */
export function intFilter(name: string, property = name): ListFilter<number> {
  return { name, read: (q) => intParam(q, name), test: (r, v) => r[property] === v };
}

export interface ListSpec {
  readonly entity: EntityName;
  readonly filters: readonly ListFilter<any>[];
  readonly sortFields: readonly string[];
  /** Whether deleted records are part of this listing (deals with status=deleted); default no. */
  includeDeleted?(query: Record<string, string>): boolean;
  /** Records this listing never shows (archived deals are only in GET /deals/archived). */
  hidden?(record: StoredRecord): boolean;
}

/**
 * GET /api/v2/{entity}: filters, `ids` batches (≤100; missing ids are simply absent), `updated_since` /
 * `updated_until`, `sort_by` / `sort_direction`, and keyset pagination with an opaque cursor, so a page
 * boundary stays put when records are added meanwhile.
 *
 * @example
 *   listRecords(store, { entity: "person", filters: [intFilter("owner_id")], sortFields: ["id"] }, { limit: "5" });
 */
export function listRecords(store: Store, spec: ListSpec, query: Record<string, string>): RouteResponse {
  if (query.filter_id !== undefined) throw ApiError.badRequest("filter_id is not supported by the sandbox", "Use the explicit filters (owner_id, org_id, ...) instead.");
  const limit = limitParam(query);
  const ids = idsParam(query);
  const since = timeParam(query, "updated_since");
  const until = timeParam(query, "updated_until");
  const sortBy = enumParam(query, "sort_by", spec.sortFields) ?? "id";
  const direction = enumParam(query, "sort_direction", ["asc", "desc"] as const) ?? "asc";
  const options = renderOptions(query);
  const include = includeFieldsParam(query, spec.entity);
  const active = spec.filters.map((f) => ({ filter: f, value: f.read(query) })).filter((a) => a.value !== undefined);
  const includeDeleted = spec.includeDeleted?.(query) ?? false;
  const all = store.records[spec.entity];
  const passes = (r: StoredRecord): boolean => {
    if (r.is_deleted && !includeDeleted) return false;
    if (spec.hidden?.(r)) return false;
    if (since !== undefined || until !== undefined) {
      const updated = Date.parse(r.update_time);
      if (since !== undefined && updated < since) return false;
      if (until !== undefined && updated >= until) return false;
    }
    return active.every((a) => a.filter.test(r, a.value));
  };
  const sign = direction === "asc" ? 1 : -1;
  const after = query.cursor === undefined ? undefined : cursorKey(query.cursor);
  const follows = (r: StoredRecord): boolean => after === undefined || sign * compareKeys([sortValue(r, sortBy), r.id], after) > 0;

  // Any order, or an ids batch: filter every candidate, sort, then find the cursor's place.
  const sortedPage = (): { page: StoredRecord[]; more: boolean } => {
    // An ids batch looks its records up directly: the gateway's DataLoaders send these most.
    const candidates = ids ? [...new Set(ids)].flatMap((id) => all.get(id) ?? []) : all.values();
    const matching: StoredRecord[] = [];
    for (const r of candidates) if (passes(r)) matching.push(r);
    sortRecords(matching, sortBy, sign);
    let start = after === undefined ? 0 : matching.findIndex(follows);
    if (start === -1) start = matching.length;
    return { page: matching.slice(start, start + limit), more: start + limit < matching.length };
  };
  const { page, more } = (sortBy === "id" && !ids ? pageInIdOrder(all, sign, limit, (r) => passes(r) && follows(r)) : undefined) ?? sortedPage();
  const last = page.at(-1);
  const next = last && more ? encodeCursor({ v: sortValue(last, sortBy), id: last.id }) : null;
  const cached = page.map((r) => store.renderCache.get(store, spec.entity, r, options));
  const rendered = include ? withIncludedFields(store, spec.entity, page, cached, include) : cached;
  return { body: listEnvelope(rendered.map((r) => r.view), next), json: listEnvelopeJson(rendered.map((r) => r.json), next) };
}

// The store's maps iterate in id order, so the usual id sort meets a sorted run and costs one pass.
function sortRecords(records: StoredRecord[], sortBy: string, sign: number): void {
  if (sortBy === "id") {
    records.sort((a, b) => sign * (a.id - b.id));
    return;
  }
  const keys = new Map(records.map((r) => [r, [sortValue(r, sortBy), r.id] as SortKey]));
  records.sort((a, b) => sign * compareKeys(keys.get(a) as SortKey, keys.get(b) as SortKey));
}

type SortValue = string | number | null;

// The store's maps iterate in ascending id order (ids only grow), so an id-sorted page tests records only
// until it has `limit` + 1 matches instead of filtering and sorting all. Undefined if the order is broken.
function pageInIdOrder(all: Map<number, StoredRecord>, sign: number, limit: number, wanted: (r: StoredRecord) => boolean): { page: StoredRecord[]; more: boolean } | undefined {
  const ordered = sign === 1 ? all.values() : [...all.values()].reverse();
  const page: StoredRecord[] = [];
  let more = false;
  let previous: number | undefined;
  for (const r of ordered) {
    if (previous !== undefined && sign * (r.id - previous) <= 0) return undefined;
    previous = r.id;
    if (more || !wanted(r)) continue;
    if (page.length === limit) more = true;
    else page.push(r);
  }
  return { page, more };
}

function cursorKey(cursor: string): SortKey {
  const position = decodeCursor(cursor);
  const after: SortKey = [(position.v ?? null) as SortValue, Number(position.id)];
  if (!Number.isInteger(after[1])) throw ApiError.badRequest(`Invalid cursor: ${JSON.stringify(cursor)}`);
  return after;
}
type SortKey = [SortValue, number];

function sortValue(record: StoredRecord, sortBy: string): SortValue {
  if (sortBy === "id") return record.id;
  const value = record[sortBy];
  return typeof value === "string" || typeof value === "number" ? value : null;
}

// Nulls sort after every value (ascending), ties break on id.
function compareKeys([av, aid]: SortKey, [bv, bid]: SortKey): number {
  if (av !== bv) {
    if (av === null) return 1;
    if (bv === null) return -1;
    if (av < bv) return -1;
    if (av > bv) return 1;
  }
  return aid - bid;
}
