import { ApiError } from "./ApiError.ts";
import type { RenderedRecord } from "./RecordRenderCache.ts";
import type { Store } from "./Store.ts";
import type { EntityName, StoredRecord } from "./types.ts";

const RELATION_FIELDS = [
  "next_activity_id", "last_activity_id", "open_deals_count", "related_open_deals_count", "closed_deals_count",
  "related_closed_deals_count",
] as const;
const ACTIVITY_COUNTS = ["activities_count", "done_activities_count", "undone_activities_count"] as const;
const OUTCOME_COUNTS = ["won_deals_count", "related_won_deals_count", "lost_deals_count", "related_lost_deals_count"] as const;

/** The optional fields each v2 list/get endpoint accepts in `include_fields`, in the order openapi-v2.yml lists them. */
export const INCLUDE_FIELDS: Readonly<Record<EntityName, readonly string[]>> = {
  person: [
    ...RELATION_FIELDS, "participant_open_deals_count", "participant_closed_deals_count", "email_messages_count",
    ...ACTIVITY_COUNTS, "files_count", "notes_count", "followers_count", ...OUTCOME_COUNTS,
    "last_incoming_mail_time", "last_outgoing_mail_time", "marketing_status", "doi_status", "smart_bcc_email",
  ],
  organization: [
    ...RELATION_FIELDS, "email_messages_count", "people_count", ...ACTIVITY_COUNTS, "files_count", "notes_count",
    "followers_count", ...OUTCOME_COUNTS, "smart_bcc_email",
  ],
  deal: [
    "next_activity_id", "last_activity_id", "first_won_time", "products_count", "files_count", "notes_count",
    "followers_count", "email_messages_count", ...ACTIVITY_COUNTS, "participants_count", "last_incoming_mail_time",
    "last_outgoing_mail_time", "smart_bcc_email", "source_lead_id",
  ],
  activity: ["attendees"],
};

/**
 * Reads `include_fields` (a CSV of optional response fields) for one entity: unknown names are a 400, as
 * API v2 answers a value outside the parameter's enum. Undefined when absent or empty; names are deduplicated.
 *
 * @example
 *   includeFieldsParam({ include_fields: "open_deals_count,activities_count" }, "person"); // ["open_deals_count", "activities_count"]
 *   includeFieldsParam({ include_fields: "people_count" }, "person");                      // throws ApiError 400
 */
export function includeFieldsParam(query: Record<string, string>, entity: EntityName): string[] | undefined {
  const raw = query.include_fields;
  if (raw === undefined) return undefined;
  const allowed = INCLUDE_FIELDS[entity];
  const names = [...new Set(raw.split(",").map((n) => n.trim()).filter((n) => n !== ""))];
  for (const name of names) {
    if (!allowed.includes(name)) {
      throw ApiError.badRequest(`Query parameter include_fields accepts ${allowed.join(", ")}, got ${JSON.stringify(name)}`, `Remove ${JSON.stringify(name)} from include_fields.`);
    }
  }
  return names.length > 0 ? names : undefined;
}

/**
 * Appends the requested optional fields to cached renderings. The values depend on other records (a
 * person's open deals, an organization's activities), so they are computed per request from one pass
 * over deals, activities and persons, and never stored in the render cache.
 *
 * @example
 *   withIncludedFields(store, "person", [record], [rendered], ["open_deals_count"]); // view gains open_deals_count: 2
 */
export function withIncludedFields(store: Store, entity: EntityName, records: readonly StoredRecord[], rendered: readonly RenderedRecord[], names: readonly string[]): RenderedRecord[] {
  const links = new RelationIndex(store, entity, new Set(records.map((r) => r.id)));
  return rendered.map((base, index) => {
    const record = records[index] as StoredRecord;
    const extra: Record<string, unknown> = {};
    for (const name of names) extra[name] = includedValue(store, entity, record, name, links);
    const tail = JSON.stringify(extra);
    const json = Buffer.concat([base.json.subarray(0, base.json.length - 1), Buffer.from(tail === "{}" ? "}" : `,${tail.slice(1)}`, "utf8")]);
    return { view: { ...base.view, ...extra }, json };
  });
}

interface Links {
  deals: StoredRecord[];
  /** Deals linked through another record: an organization's persons' deals filed under another organization. */
  relatedDeals: StoredRecord[];
  activities: StoredRecord[];
  people: number;
}

// Deals, activities and persons grouped by the record they belong to, for only the records on the page.
class RelationIndex {
  readonly #links = new Map<number, Links>();

  constructor(store: Store, entity: EntityName, ids: ReadonlySet<number>) {
    for (const id of ids) this.#links.set(id, { deals: [], relatedDeals: [], activities: [], people: 0 });
    if (entity === "activity") return;
    const at = (id: unknown): Links | undefined => (typeof id === "number" ? this.#links.get(id) : undefined);
    for (const deal of store.records.deal.values()) {
      if (deal.is_deleted) continue;
      if (entity === "person") at(deal.person_id)?.deals.push(deal);
      if (entity === "organization") {
        at(deal.org_id)?.deals.push(deal);
        const contact = typeof deal.person_id === "number" ? store.live("person", deal.person_id) : undefined;
        if (contact && contact.org_id !== deal.org_id) at(contact.org_id)?.relatedDeals.push(deal);
      }
    }
    for (const activity of store.records.activity.values()) {
      if (activity.is_deleted) continue;
      if (entity === "person") {
        const people = new Set((activity.participants as { person_id: number }[]).map((p) => p.person_id));
        for (const id of people) at(id)?.activities.push(activity);
      }
      if (entity === "organization") at(activity.org_id)?.activities.push(activity);
      if (entity === "deal") at(activity.deal_id)?.activities.push(activity);
    }
    if (entity === "organization") {
      for (const person of store.records.person.values()) {
        const links = person.is_deleted ? undefined : at(person.org_id);
        if (links) links.people++;
      }
    }
  }

  of(id: number): Links {
    return this.#links.get(id) ?? { deals: [], relatedDeals: [], activities: [], people: 0 };
  }
}

const countStatus = (deals: StoredRecord[], ...statuses: string[]): number => deals.filter((d) => statuses.includes(String(d.status))).length;

function includedValue(store: Store, entity: EntityName, record: StoredRecord, name: string, index: RelationIndex): unknown {
  const links = index.of(record.id);
  switch (name) {
    case "next_activity_id":
      return nextActivity(links.activities)?.id ?? null;
    case "last_activity_id":
      return lastActivity(links.activities)?.id ?? null;
    case "open_deals_count":
      return countStatus(links.deals, "open");
    case "closed_deals_count":
      return countStatus(links.deals, "won", "lost");
    case "won_deals_count":
      return countStatus(links.deals, "won");
    case "lost_deals_count":
      return countStatus(links.deals, "lost");
    case "related_open_deals_count":
      return countStatus(links.relatedDeals, "open");
    case "related_closed_deals_count":
      return countStatus(links.relatedDeals, "won", "lost");
    case "related_won_deals_count":
      return countStatus(links.relatedDeals, "won");
    case "related_lost_deals_count":
      return countStatus(links.relatedDeals, "lost");
    case "activities_count":
      return links.activities.length;
    case "done_activities_count":
      return links.activities.filter((a) => a.done === true).length;
    case "undone_activities_count":
      return links.activities.filter((a) => a.done !== true).length;
    case "people_count":
      return links.people;
    case "participants_count":
      return typeof record.person_id === "number" && store.live("person", record.person_id) ? 1 : 0;
    case "first_won_time":
      return typeof record.won_time === "string" ? record.won_time : null;
    case "smart_bcc_email":
      return `sandbox+${entity}${record.id}@pipedrivemail.com`;
    case "attendees":
      return [];
    case "last_incoming_mail_time":
    case "last_outgoing_mail_time":
    case "marketing_status":
    case "doi_status":
    case "source_lead_id":
      return null;
    default:
      // Mail, files, notes, followers, products and deal participants other than the contact: the sandbox keeps none.
      return 0;
  }
}

// An activity's place in time: its due date and time, "" sorting first when there is no time.
const dueKey = (a: StoredRecord): string => `${String(a.due_date ?? "9999-12-31")} ${String(a.due_time ?? "")}`;

/** The undone activity due first (ties: lowest id), as Pipedrive's "next activity". */
function nextActivity(activities: StoredRecord[]): StoredRecord | undefined {
  let best: StoredRecord | undefined;
  for (const a of activities) {
    if (a.done === true) continue;
    if (!best || dueKey(a) < dueKey(best) || (dueKey(a) === dueKey(best) && a.id < best.id)) best = a;
  }
  return best;
}

/** The done activity due last (ties: highest id), as Pipedrive's "last activity". */
function lastActivity(activities: StoredRecord[]): StoredRecord | undefined {
  let best: StoredRecord | undefined;
  for (const a of activities) {
    if (a.done !== true) continue;
    if (!best || dueKey(a) > dueKey(best) || (dueKey(a) === dueKey(best) && a.id > best.id)) best = a;
  }
  return best;
}
