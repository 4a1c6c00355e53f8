/**
 * The catalog the checker resolves names against: Pipedrive's built-in fields per entity, the account's
 * custom fields and activity types, and the seed's rules per Bedrock object (permissions, required fields,
 * relation). It is plain data; `dsl/` never fetches it. `src/` loads a live one, the CLI reads the snapshot
 * committed as `mappings/pipedrive-catalog.json`.
 */

export type PipedriveEntity = "User" | "Person" | "Organization" | "Deal" | "Activity";
export const PIPEDRIVE_ENTITIES: readonly PipedriveEntity[] = ["User", "Person", "Organization", "Deal", "Activity"];

export type Operation = "read" | "create" | "update";

/**
 * Pipedrive `field_type` values (v2 Fields API), plus three shapes of built-ins the Fields API does not
 * name precisely: `datetime` (RFC 3339 timestamps such as update_time), `labeled_list` (emails/phones:
 * `[{value, primary, label}]`) and `id` (an entity's own id).
 */
export type FieldType =
  | "id" | "int" | "double" | "boolean" | "varchar" | "varchar_auto" | "text" | "phone"
  | "date" | "datetime" | "time" | "daterange" | "timerange"
  | "enum" | "set" | "monetary" | "address" | "labeled_list"
  | "user" | "org" | "people" | "deal" | "visible_to" | "status" | "json";

/** Where a field may be written from: never (read-only), only on create, or on create and update. */
export type Writability = "never" | "create" | "always";

export interface FieldOption {
  readonly id: number | string;
  readonly label: string;
}

/** A relation the field stands for. to-one: the field holds the related id. to-many: the related entity lists them by the filter `via`. */
export interface RelationInfo {
  readonly entity: PipedriveEntity;
  readonly cardinality: "one" | "many";
  /** For to-many: the query parameter of the related entity's list endpoint that selects them (e.g. `org_id`). */
  readonly via?: string;
}

export interface CatalogField {
  /** Pipedrive key: `first_name` for a built-in, the 40-character hash for a custom field. */
  readonly key: string;
  /** Label shown in Pipedrive (`field_name`): what `custom "..."` refers to. */
  readonly label: string;
  readonly type: FieldType;
  readonly custom: boolean;
  readonly writable: Writability;
  readonly options?: readonly FieldOption[];
  /** Named parts of a structured value: monetary `value`/`currency`, address `locality`…, labeled_list `value`/`primary`/`label`. */
  readonly subfields?: readonly string[];
  readonly relation?: RelationInfo;
  /**
   * Pipedrive always returns a non-null value for this field on every record (`id`, `add_time`, a Deal's
   * `title`…), so a mapping may declare it non-null (`String!`). Unset means it may be empty: a non-null
   * read type then fails the whole query on one such record (checker warning MAP132). Never set on custom fields.
   */
  readonly alwaysSet?: boolean;
}

export interface CatalogEntity {
  readonly entity: PipedriveEntity;
  readonly fields: readonly CatalogField[];
}

/** The seed's rules for one Bedrock object. */
export interface ObjectRule {
  readonly bedrock: string; // Contact
  readonly entity: PipedriveEntity; // Person
  readonly permissions: readonly Operation[];
  /** Pipedrive keys that a mapping must map, with the seed's wording (`First Name`). */
  readonly requiredFields: readonly { readonly key: string; readonly label: string }[];
  /** The seed's relation column: the entity fields may be mapped from, and how many are related. */
  readonly relation?: { readonly entity: PipedriveEntity; readonly cardinality: "one" | "many" };
}

export interface ActivityType {
  readonly key: string; // key_string, e.g. "call"
  readonly name: string; // "Call"
  readonly active: boolean;
}

export interface Catalog {
  readonly entities: Readonly<Record<PipedriveEntity, CatalogEntity>>;
  readonly rules: readonly ObjectRule[];
  readonly activityTypes: readonly ActivityType[];
}
