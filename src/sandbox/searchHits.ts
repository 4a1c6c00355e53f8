import { ApiError } from "./ApiError.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { boolParam } from "./queryParams.ts";
import type { SearchableItem } from "./searchableItems.ts";
import type { Store } from "./Store.ts";
import type { StoredRecord } from "./types.ts";

export interface SearchHit {
  score: number;
  type: SearchableItem;
  record: StoredRecord;
}

/**
 * The matching records of the given item types, best first (score, then the order of `types`, then id).
 * `term` needs 2 characters, or 1 with `exact_match=true`; an exact match is a case-insensitive
 * whole-value match (score 1), otherwise a value that starts with the term scores 0.75 and one that
 * contains it 0.5. `fields` applies to each type as far as it has them; a type with none of them is skipped.
 *
 * @example
 *   searchHits(store, { term: "acme" }, [SEARCHABLE_ITEMS.organization], new Set(["name"]), () => true);
 */
export function searchHits(
  store: Store,
  query: Record<string, string>,
  types: readonly SearchableItem[],
  fields: ReadonlySet<string>,
  scope: (record: StoredRecord, type: SearchableItem) => boolean,
): SearchHit[] {
  const term = query.term;
  const exact = boolParam(query, "exact_match") ?? false;
  if (term === undefined || term.trim().length < (exact ? 1 : 2)) {
    throw ApiError.badRequest(`term must be at least 2 characters long (1 with exact_match=true), got ${JSON.stringify(term ?? null)}`);
  }
  const needle = term.trim().toLowerCase();
  const hits: SearchHit[] = [];
  for (const type of types) {
    const own = new Set(type.fields.filter((f) => fields.has(f)));
    if (own.size === 0) continue;
    for (const record of store.records[type.entity].values()) {
      if (record.is_deleted || !scope(record, type)) continue;
      let score = 0;
      for (const candidate of type.texts(store, record, own)) {
        const text = candidate.toLowerCase();
        if (text === needle) score = Math.max(score, 1);
        else if (!exact && text.startsWith(needle)) score = Math.max(score, 0.75);
        else if (!exact && text.includes(needle)) score = Math.max(score, 0.5);
      }
      if (score > 0) hits.push({ score, type, record });
    }
  }
  const rank = (hit: SearchHit): number => types.indexOf(hit.type);
  hits.sort((a, b) => b.score - a.score || rank(a) - rank(b) || a.record.id - b.record.id);
  return hits;
}

/**
 * One page of hits and the cursor of the next: search cursors hold an offset into the ranked hits.
 *
 * @example
 *   const { page, next } = searchPage(hits, query.cursor, 100);
 */
export function searchPage(hits: readonly SearchHit[], cursor: string | undefined, limit: number): { page: SearchHit[]; next: string | null } {
  const offset = cursor === undefined ? 0 : Number(decodeCursor(cursor).offset);
  if (!Number.isInteger(offset) || offset < 0) throw ApiError.badRequest(`Invalid cursor: ${JSON.stringify(cursor)}`, "Pass the next_cursor of a previous response unchanged.");
  return { page: hits.slice(offset, offset + limit), next: offset + limit < hits.length ? encodeCursor({ offset: offset + limit }) : null };
}
