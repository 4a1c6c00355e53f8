import { ApiError } from "../ApiError.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import type { Route, RouteResponse } from "../Router.ts";
import { boolParam, csvParam, intParam, limitParam } from "../queryParams.ts";
import type { Store } from "../Store.ts";
import type { EntityName, StoredRecord } from "../types.ts";

const SEARCHABLE_CUSTOM_TYPES = new Set(["address", "varchar", "text", "varchar_auto", "double", "monetary", "phone"]);
const PERSON_FIELDS = ["custom_fields", "email", "notes", "phone", "name"] as const;
const ORGANIZATION_FIELDS = ["address", "custom_fields", "notes", "name"] as const;

/**
 * The v2 search routes: GET /persons/search (fields custom_fields, email, notes, phone, name;
 * organization_id) and GET /organizations/search (fields name, address, custom_fields, notes). `term`
 * needs 2 characters, or 1 with `exact_match=true`; exact match is a case-insensitive whole-value
 * match, otherwise a case-insensitive substring. Results are `{result_score, item}` sorted by score,
 * then id, and cursor-paginated.
 *
 * @example
 *   new Router(searchRoutes(store)); // GET /api/v2/persons/search?term=ada@x.test&fields=email&exact_match=true
 */
export function searchRoutes(store: Store): Route[] {
  return [
    {
      api: "v2", method: "GET", path: "/persons/search", search: true,
      handle: ({ query }) => {
        const orgId = intParam(query, "organization_id");
        return search(store, query, "person", PERSON_FIELDS, (r) => orgId === undefined || r.org_id === orgId, (r, fields) => personCandidates(store, r, fields), (r) => personItem(store, r));
      },
    },
    {
      api: "v2", method: "GET", path: "/organizations/search", search: true,
      handle: ({ query }) => search(store, query, "organization", ORGANIZATION_FIELDS, () => true, (r, fields) => organizationCandidates(store, r, fields), (r) => organizationItem(store, r)),
    },
  ];
}

function search(
  store: Store,
  query: Record<string, string>,
  entity: EntityName,
  allowedFields: readonly string[],
  scope: (record: StoredRecord) => boolean,
  candidates: (record: StoredRecord, fields: ReadonlySet<string>) => string[],
  item: (record: StoredRecord) => unknown,
): RouteResponse {
  const term = query.term;
  const exact = boolParam(query, "exact_match") ?? false;
  if (term === undefined || term.trim().length < (exact ? 1 : 2)) {
    throw ApiError.badRequest(`term must be at least 2 characters long (1 with exact_match=true), got ${JSON.stringify(term ?? null)}`);
  }
  const fields = new Set(csvParam(query, "fields", allowedFields) ?? allowedFields);
  const limit = limitParam(query);
  const offset = query.cursor === undefined ? 0 : Number(decodeCursor(query.cursor).offset);
  if (!Number.isInteger(offset) || offset < 0) throw ApiError.badRequest(`Invalid cursor: ${JSON.stringify(query.cursor)}`);
  const needle = term.trim().toLowerCase();

  const hits: { score: number; record: StoredRecord }[] = [];
  for (const record of store.records[entity].values()) {
    if (record.is_deleted || !scope(record)) continue;
    let score = 0;
    for (const candidate of candidates(record, fields)) {
      const text = candidate.toLowerCase();
      if (text === needle) score = Math.max(score, 1);
      else if (!exact && text.startsWith(needle)) score = Math.max(score, 0.75);
      else if (!exact && text.includes(needle)) score = Math.max(score, 0.5);
    }
    if (score > 0) hits.push({ score, record });
  }
  hits.sort((a, b) => b.score - a.score || a.record.id - b.record.id);
  const page = hits.slice(offset, offset + limit);
  const next = offset + limit < hits.length ? encodeCursor({ offset: offset + limit }) : null;
  return {
    body: {
      success: true,
      data: { items: page.map((h) => ({ result_score: h.score, item: item(h.record) })) },
      additional_data: { next_cursor: next },
    },
  };
}

// Searchable custom values as text, as the search index holds them.
function customTexts(store: Store, entity: EntityName, record: StoredRecord): string[] {
  const texts: string[] = [];
  for (const field of store.customFields(entity)) {
    if (!SEARCHABLE_CUSTOM_TYPES.has(field.field_type)) continue;
    const value = record.custom_fields[field.field_code];
    if (value === undefined || value === null) continue;
    if (typeof value === "object") {
      const inner = (value as { value?: unknown }).value;
      if (inner !== undefined && inner !== null) texts.push(String(inner));
    } else {
      texts.push(String(value));
    }
  }
  return texts;
}

const values = (list: unknown): string[] => (Array.isArray(list) ? list.map((i) => String((i as { value: unknown }).value)) : []);

function personCandidates(store: Store, record: StoredRecord, fields: ReadonlySet<string>): string[] {
  const result: string[] = [];
  if (fields.has("name")) result.push(String(record.name));
  if (fields.has("email")) result.push(...values(record.emails));
  if (fields.has("phone")) result.push(...values(record.phones));
  if (fields.has("notes") && typeof record.notes === "string") result.push(record.notes);
  if (fields.has("custom_fields")) result.push(...customTexts(store, "person", record));
  return result;
}

function organizationCandidates(store: Store, record: StoredRecord, fields: ReadonlySet<string>): string[] {
  const result: string[] = [];
  if (fields.has("name")) result.push(String(record.name));
  const address = record.address as { value?: string } | null;
  if (fields.has("address") && address?.value) result.push(address.value);
  if (fields.has("custom_fields")) result.push(...customTexts(store, "organization", record));
  return result;
}

function personItem(store: Store, record: StoredRecord): unknown {
  const org = typeof record.org_id === "number" ? store.records.organization.get(record.org_id) : undefined;
  return {
    id: record.id,
    type: "person",
    name: record.name,
    phones: values(record.phones),
    emails: values(record.emails),
    visible_to: record.visible_to,
    owner: { id: record.owner_id },
    organization: org ? { id: org.id, name: org.name, address: (org.address as { value?: string } | null)?.value ?? null } : null,
    custom_fields: customTexts(store, "person", record),
    notes: typeof record.notes === "string" ? [record.notes] : [],
  };
}

function organizationItem(store: Store, record: StoredRecord): unknown {
  return {
    id: record.id,
    type: "organization",
    name: record.name,
    address: (record.address as { value?: string } | null)?.value ?? null,
    visible_to: record.visible_to,
    owner: { id: record.owner_id },
    custom_fields: customTexts(store, "organization", record),
    notes: [],
  };
}
