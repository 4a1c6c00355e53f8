import type { Store } from "./Store.ts";
import type { EntityName, StoredRecord } from "./types.ts";

const SEARCHABLE_CUSTOM_TYPES = new Set(["address", "varchar", "text", "varchar_auto", "double", "monetary", "phone"]);

/** What the search index knows of one item type: its searchable fields, their texts, and the result item. */
export interface SearchableItem {
  readonly type: "deal" | "person" | "organization";
  readonly entity: EntityName;
  /** The `fields` values that apply to this type, as openapi-v2.yml lists them. */
  readonly fields: readonly string[];
  /** The record's texts in the chosen fields, as the index holds them. */
  texts(store: Store, record: StoredRecord, fields: ReadonlySet<string>): string[];
  /** The search result's `item`. */
  item(store: Store, record: StoredRecord): Record<string, unknown>;
}

/**
 * The item types the sandbox can search (/persons/search, /organizations/search, /deals/search and
 * /itemSearch), keyed by item type. Deal items show the stage, contact person and organization by name.
 *
 * @example
 *   SEARCHABLE_ITEMS.person.texts(store, store.records.person.get(1)!, new Set(["email"])); // ["olivia.smith.1@…"]
 */
export const SEARCHABLE_ITEMS: Readonly<Record<"deal" | "person" | "organization", SearchableItem>> = {
  deal: {
    type: "deal",
    entity: "deal",
    fields: ["custom_fields", "notes", "title"],
    texts: (store, record, fields) => [
      ...(fields.has("title") ? [String(record.title)] : []),
      ...(fields.has("custom_fields") ? customTexts(store, "deal", record) : []),
    ],
    item: (store, record) => {
      const stage = store.stages.find((s) => s.id === record.stage_id);
      const person = typeof record.person_id === "number" ? store.records.person.get(record.person_id) : undefined;
      return {
        id: record.id,
        type: "deal",
        title: record.title,
        value: record.value,
        currency: record.currency,
        status: record.status,
        visible_to: record.visible_to,
        owner: { id: record.owner_id },
        stage: { id: record.stage_id, name: stage?.name ?? null },
        person: person ? { id: person.id, name: person.name } : null,
        organization: organizationRef(store, record.org_id),
        custom_fields: customTexts(store, "deal", record),
        notes: [],
        is_archived: record.is_archived === true,
      };
    },
  },
  person: {
    type: "person",
    entity: "person",
    fields: ["custom_fields", "email", "notes", "phone", "name"],
    texts: (store, record, fields) => {
      const result: string[] = [];
      if (fields.has("name")) result.push(String(record.name));
      if (fields.has("email")) result.push(...values(record.emails));
      if (fields.has("phone")) result.push(...values(record.phones));
      if (fields.has("notes") && typeof record.notes === "string") result.push(record.notes);
      if (fields.has("custom_fields")) result.push(...customTexts(store, "person", record));
      return result;
    },
    item: (store, record) => ({
      id: record.id,
      type: "person",
      name: record.name,
      phones: values(record.phones),
      emails: values(record.emails),
      visible_to: record.visible_to,
      owner: { id: record.owner_id },
      organization: organizationRef(store, record.org_id),
      custom_fields: customTexts(store, "person", record),
      notes: typeof record.notes === "string" ? [record.notes] : [],
    }),
  },
  organization: {
    type: "organization",
    entity: "organization",
    fields: ["address", "custom_fields", "notes", "name"],
    texts: (store, record, fields) => {
      const result: string[] = [];
      if (fields.has("name")) result.push(String(record.name));
      const address = addressText(record);
      if (fields.has("address") && address) result.push(address);
      if (fields.has("custom_fields")) result.push(...customTexts(store, "organization", record));
      return result;
    },
    item: (store, record) => ({
      id: record.id,
      type: "organization",
      name: record.name,
      address: addressText(record),
      visible_to: record.visible_to,
      owner: { id: record.owner_id },
      custom_fields: customTexts(store, "organization", record),
      notes: [],
    }),
  },
};

/**
 * A deal item type whose items also carry `cc_email`, the deal's Smart BCC address (include_fields=deal.cc_email).
 *
 * @example
 *   withCcEmail(SEARCHABLE_ITEMS.deal).item(store, deal).cc_email; // "sandbox+deal7@pipedrivemail.com"
 */
export function withCcEmail(type: SearchableItem): SearchableItem {
  return { ...type, item: (store, record) => ({ ...type.item(store, record), cc_email: `sandbox+deal${record.id}@pipedrivemail.com` }) };
}

const values = (list: unknown): string[] => (Array.isArray(list) ? list.map((i) => String((i as { value: unknown }).value)) : []);

const addressText = (record: StoredRecord): string | null => (record.address as { value?: string } | null)?.value ?? null;

// Search results name a linked organization by id, name and address line.
function organizationRef(store: Store, orgId: unknown): { id: number; name: unknown; address: string | null } | null {
  const org = typeof orgId === "number" ? store.records.organization.get(orgId) : undefined;
  return org ? { id: org.id, name: org.name, address: addressText(org) } : null;
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
