/**
 * What Pipedrive can serve per entity, which decides the filters of each connection and where search exists
 * (api-notes.md §4.2, 5.2, 6.2, 7.2, 10.1). Users have no list filters: they come from the cached /v1/users.
 *
 * @example
 *   ENTITY_CAPABILITIES.Person.filters.map((f) => f.name); // ["owner", "company", "opportunity", "updatedSince", "updatedUntil"]
 */
import type { PipedriveEntity } from "../dsl/catalog/types.ts";

export interface ListFilter {
  readonly name: string; // GraphQL input field
  readonly param: string; // Pipedrive query parameter
  readonly type: "ID" | "DateTime" | "Status";
  readonly description: string;
}

export interface EntityCapabilities {
  readonly filters: readonly ListFilter[];
  /** Pipedrive list endpoints sort by these (`sort_by`). */
  readonly sortable: boolean;
  /** Pipedrive `fields` for `/search`, and what the GraphQL search matches; absent: no search. */
  readonly search?: { readonly fields: readonly string[]; readonly matches: string };
}

const owner: ListFilter = { name: "owner", param: "owner_id", type: "ID", description: "Only records owned by this Owner (user id)." };
const company: ListFilter = { name: "company", param: "org_id", type: "ID", description: "Only records linked to this Company." };
const contact: ListFilter = { name: "contact", param: "person_id", type: "ID", description: "Only records linked to this Contact." };
const opportunity: ListFilter = { name: "opportunity", param: "deal_id", type: "ID", description: "Only records linked to this Opportunity." };
const since: ListFilter = { name: "updatedSince", param: "updated_since", type: "DateTime", description: "Only records updated at or after this time." };
const until: ListFilter = { name: "updatedUntil", param: "updated_until", type: "DateTime", description: "Only records updated before this time." };
const status: ListFilter = { name: "status", param: "status", type: "Status", description: "Only opportunities in this status." };

export const ENTITY_CAPABILITIES: Readonly<Record<PipedriveEntity, EntityCapabilities>> = {
  User: { filters: [], sortable: false },
  Person: {
    filters: [owner, company, opportunity, since, until],
    sortable: true,
    search: { fields: ["name", "email"], matches: "name or email" },
  },
  Organization: {
    filters: [owner, since, until],
    sortable: true,
    search: { fields: ["name"], matches: "name" },
  },
  Deal: { filters: [owner, contact, company, status, since, until], sortable: true },
  Activity: { filters: [owner, contact, company, opportunity, since, until], sortable: true },
};

/** The Pipedrive deal statuses a filter may ask for (`deleted` is left out: deleted deals are not Opportunities). */
export const DEAL_STATUSES = ["open", "won", "lost"] as const;
