/**
 * The checked intermediate representation: what `schema/` turns into GraphQL and resolvers.
 * Every name in it is resolved: Pipedrive keys are real keys (custom fields by hash), relation targets
 * are Bedrock objects that exist, enum values are values the account has. It is plain JSON-able data.
 */
import type { FieldOption, FieldType, Operation, PipedriveEntity } from "./catalog/types.ts";

export interface IR {
  readonly objects: readonly IRObject[];
  readonly enums: readonly IREnum[];
}

export interface IRObject {
  readonly name: string; // Bedrock name: Contact
  readonly entity: PipedriveEntity; // Person
  readonly permissions: readonly Operation[]; // the `allow` list, always within the seed's permissions
  /** `where done = true`: only records with this Pipedrive value exist for the gateway. */
  readonly filter?: { readonly key: string; readonly value: string | number | boolean | null };
  /** Bedrock field names whose values identify an existing record on create (empty: no dedupe). */
  readonly dedupe: readonly string[];
  readonly fields: readonly IRField[];
  /** Which `.map` file declared it (for messages). */
  readonly file: string;
}

export type ScalarName = "ID" | "String" | "Int" | "Float" | "Boolean" | "Date" | "DateTime" | "Time" | "Money" | "Address";

export interface IRType {
  /** A scalar name, an IREnum name or an IRObject name. */
  readonly name: string;
  readonly kind: "scalar" | "enum" | "object";
  readonly list: boolean;
  readonly itemNonNull: boolean;
  readonly nonNull: boolean;
}

export interface IRField {
  readonly name: string; // Bedrock field name: firstName
  readonly type: IRType;
  readonly source: IRSource;
  /** Must be given on create. */
  readonly required: boolean;
  /** Where callers may write it; both false for readonly, derived and to-many fields. */
  readonly writable: { readonly create: boolean; readonly update: boolean };
  /** Value sent on create when the caller gives none. */
  readonly default?: string | number | boolean | null;
}

export type IRSource = IRFieldSource | IRRelationSource | IRRelatedSource;

/** A value of this record: a built-in or custom Pipedrive field, possibly a part of it. */
export interface IRFieldSource {
  readonly kind: "field";
  readonly key: string; // `first_name`, `emails`, or a custom field's hash
  readonly fieldType: FieldType;
  readonly custom: boolean;
  readonly label?: string; // custom field label
  /** `emails[primary]` → "primary"; a label such as "work" picks the first item with that label. */
  readonly selector?: string;
  /** Sub-path into a structured value: `emails[primary].value` → ["value"]; `address.locality` → ["locality"]. */
  readonly subpath: readonly string[];
  /** enum/set options (option id ↔ label). */
  readonly options?: readonly FieldOption[];
}

/** A related record: `owner : Owner <- owner_id` (to-one) or `contacts : [Contact] <- persons` (to-many). */
export interface IRRelationSource {
  readonly kind: "relation";
  readonly key: string; // to-one: the id field (`owner_id`, `org_id`, a custom user/org/people hash); to-many: the catalog field name
  readonly custom: boolean;
  readonly target: string; // Bedrock object name
  readonly cardinality: "one" | "many";
  /** to-many: the filter parameter on the target's list endpoint (`org_id`). */
  readonly via?: string;
}

/** A field of a related record: `companyName : String <- company.name` reuses the relation's loader. */
export interface IRRelatedSource {
  readonly kind: "related";
  readonly through: string; // relation field name on this object: `company`
  readonly target: string; // Bedrock object: `Company`
  readonly field: string; // Bedrock field of the target: `name`
  readonly cardinality: "one" | "many";
}

/** `enum ActivityType from Activity.type { ... }` */
export interface IREnum {
  readonly name: string;
  readonly object: string; // Bedrock object
  readonly key: string; // Pipedrive field key (`type`, or a custom hash)
  readonly values: readonly IREnumValue[];
}

export interface IREnumValue {
  readonly name: string; // GraphQL enum value: Call
  readonly pipedrive: string; // the value Pipedrive stores or shows: activity-type key `call`, or an option label
  readonly optionId?: number | string; // for custom enum/set options
}
