import type { Route, RouteResponse } from "../Router.ts";
import { csvParam, enumParam, intParam, limitParam } from "../queryParams.ts";
import { SEARCHABLE_ITEMS, type SearchableItem, withCcEmail } from "../searchableItems.ts";
import { searchHits, searchPage } from "../searchHits.ts";
import type { Store } from "../Store.ts";
import type { StoredRecord } from "../types.ts";

/**
 * The v2 search routes of one entity each: GET /persons/search (fields custom_fields, email, notes, phone,
 * name; organization_id; include_fields=person.picture), GET /organizations/search (fields address, custom_fields, notes, name) and
 * GET /deals/search (fields custom_fields, notes, title; person_id, organization_id, status open|won|lost;
 * include_fields=deal.cc_email). Matching as searchHits; results `{result_score, item}`, cursor-paginated
 * (limit ≤ 500), under the search burst limit.
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
        // The sandbox's persons have no pictures, so person.picture is checked and adds nothing.
        csvParam(query, "include_fields", ["person.picture"] as const);
        return search(store, query, SEARCHABLE_ITEMS.person, (r) => orgId === undefined || r.org_id === orgId);
      },
    },
    {
      api: "v2", method: "GET", path: "/organizations/search", search: true,
      handle: ({ query }) => search(store, query, SEARCHABLE_ITEMS.organization, () => true),
    },
    {
      api: "v2", method: "GET", path: "/deals/search", search: true,
      handle: ({ query }) => {
        const personId = intParam(query, "person_id");
        const orgId = intParam(query, "organization_id");
        const status = enumParam(query, "status", ["open", "won", "lost"] as const);
        const ccEmail = (csvParam(query, "include_fields", ["deal.cc_email"] as const) ?? []).length > 0;
        const scope = (r: StoredRecord): boolean =>
          (personId === undefined || r.person_id === personId) && (orgId === undefined || r.org_id === orgId) && (status === undefined || r.status === status);
        return search(store, query, ccEmail ? withCcEmail(SEARCHABLE_ITEMS.deal) : SEARCHABLE_ITEMS.deal, scope);
      },
    },
  ];
}

function search(store: Store, query: Record<string, string>, type: SearchableItem, scope: (record: StoredRecord) => boolean): RouteResponse {
  const fields = new Set(csvParam(query, "fields", type.fields) ?? type.fields);
  const limit = limitParam(query);
  const hits = searchHits(store, query, [type], fields, scope);
  const { page, next } = searchPage(hits, query.cursor, limit);
  return {
    body: {
      success: true,
      data: { items: page.map((h) => ({ result_score: h.score, item: type.item(store, h.record) })) },
      additional_data: { next_cursor: next },
    },
  };
}
