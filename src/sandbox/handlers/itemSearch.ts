import { ApiError } from "../ApiError.ts";
import type { Route } from "../Router.ts";
import { boolParam, csvParam, intParam } from "../queryParams.ts";
import { SEARCHABLE_ITEMS, type SearchableItem, withCcEmail } from "../searchableItems.ts";
import { searchHits, searchPage } from "../searchHits.ts";
import type { Store } from "../Store.ts";
import type { StoredRecord } from "../types.ts";

const ITEM_TYPES = ["deal", "person", "organization", "product", "lead", "file", "mail_attachment", "project"] as const;
const FIELDS = ["address", "code", "custom_fields", "email", "name", "notes", "phone", "title", "description"] as const;
const INCLUDE_FIELDS = ["deal.cc_email", "person.picture", "product.price"] as const;
const RELATED_MAX = 100;

/**
 * GET /api/v2/itemSearch: one search over several item types. `item_types` (CSV, default all) takes every
 * type the spec lists, but only deals, persons and organizations have data here (products, leads, files,
 * mail attachments and projects find nothing); `fields` (CSV) applies to each type as far as it has them.
 * `term`, `exact_match` and scoring as the entity searches; `limit` at most 100; cursor-paginated.
 * `search_for_related_items=true` fills `related_items` with the 100 newest deals of each person and each
 * organization found and the 100 newest persons of each organization found (score 0, items on the page
 * left out); otherwise `related_items` is empty. `include_fields=deal.cc_email` adds `cc_email` to deals.
 *
 * @example
 *   new Router(itemSearchRoutes(store)); // GET /api/v2/itemSearch?term=acme&item_types=organization,deal
 */
export function itemSearchRoutes(store: Store): Route[] {
  return [
    {
      api: "v2", method: "GET", path: "/itemSearch", search: true,
      handle: ({ query }) => {
        const wanted = new Set(csvParam(query, "item_types", ITEM_TYPES) ?? ITEM_TYPES);
        const ccEmail = (csvParam(query, "include_fields", INCLUDE_FIELDS) ?? []).includes("deal.cc_email");
        const deal = ccEmail ? withCcEmail(SEARCHABLE_ITEMS.deal) : SEARCHABLE_ITEMS.deal;
        const types = [deal, SEARCHABLE_ITEMS.person, SEARCHABLE_ITEMS.organization].filter((t) => wanted.has(t.type));
        const fields = new Set<string>(csvParam(query, "fields", FIELDS) ?? FIELDS);
        const related = boolParam(query, "search_for_related_items") ?? false;
        const limit = intParam(query, "limit") ?? 100;
        if (limit < 1 || limit > 100) throw ApiError.badRequest(`Query parameter limit must be between 1 and 100 for itemSearch, got ${limit}`);
        const hits = searchHits(store, query, types, fields, () => true);
        const { page, next } = searchPage(hits, query.cursor, limit);
        const relatedItems = related ? relatedRecords(store, page.map((h) => ({ type: h.type, record: h.record })), deal) : [];
        return {
          body: {
            success: true,
            data: {
              items: page.map((h) => ({ result_score: h.score, item: h.type.item(store, h.record) })),
              related_items: relatedItems.map((r) => ({ result_score: 0, item: r.type.item(store, r.record) })),
            },
            additional_data: { next_cursor: next },
          },
        };
      },
    },
  ];
}

interface Found {
  type: SearchableItem;
  record: StoredRecord;
}

// Related items, as Pipedrive lists them: deals of found persons and organizations, persons of found organizations.
function relatedRecords(store: Store, found: readonly Found[], deal: SearchableItem): Found[] {
  const seen = new Set(found.map((f) => `${f.type.type}:${f.record.id}`));
  const result: Found[] = [];
  const add = (type: SearchableItem, records: StoredRecord[]): void => {
    for (const record of newest(records)) {
      const key = `${type.type}:${record.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.push({ type, record });
    }
  };
  const live = (entity: "deal" | "person", test: (r: StoredRecord) => boolean): StoredRecord[] => [...store.records[entity].values()].filter((r) => !r.is_deleted && test(r));
  for (const { type, record } of found) {
    if (type.type === "person") add(deal, live("deal", (d) => d.person_id === record.id));
    if (type.type === "organization") {
      add(deal, live("deal", (d) => d.org_id === record.id));
      add(SEARCHABLE_ITEMS.person, live("person", (p) => p.org_id === record.id));
    }
  }
  return result;
}

function newest(records: StoredRecord[]): StoredRecord[] {
  return records.sort((a, b) => (a.add_time < b.add_time ? 1 : a.add_time > b.add_time ? -1 : b.id - a.id)).slice(0, RELATED_MAX);
}
