/**
 * The sandbox's in-memory data model. Records are kept in the exact shape the v2 API returns, so a
 * response is a copy of the record with its custom fields rendered (renderRecord.ts).
 *
 * @example
 *   const person: StoredRecord = { id: 1, name: "Ada", is_deleted: false, add_time, update_time, custom_fields: {} };
 */

/** Pipedrive entities that have v2 CRUD, list, and a Fields endpoint, named as field keys are hashed ("person:Lead Source"). */
export type EntityName = "person" | "organization" | "deal" | "activity";
export const ENTITY_NAMES: readonly EntityName[] = ["person", "organization", "deal", "activity"];

export interface StoredRecord {
  id: number;
  is_deleted: boolean;
  add_time: string;
  update_time: string;
  /** Values of custom fields by field_code; a field with no value has no key here. */
  custom_fields: Record<string, unknown>;
  [property: string]: unknown;
}

export interface FieldOption {
  id: number;
  label: string;
}

export interface FieldSubfield {
  field_code: string;
  field_name: string;
  field_type: string;
}

/** A v2 field object (GET /personFields etc.). */
export interface FieldDefinition {
  field_code: string;
  field_name: string;
  field_type: string;
  is_custom_field: boolean;
  is_optional_response_field: boolean;
  options: FieldOption[] | null;
  subfields: FieldSubfield[] | null;
  /** Present only when the field has one (dealFields declares it as a non-null string). */
  description?: string;
}

/** A v1 user (GET /v1/users). */
export interface SandboxUser {
  id: number;
  name: string;
  default_currency: string;
  locale: string;
  lang: number;
  email: string;
  phone: string | null;
  activated: boolean;
  last_login: string;
  created: string;
  modified: string | null;
  has_created_company: boolean;
  access: { app: string; admin: boolean; permission_set_id: string }[];
  active_flag: boolean;
  timezone_name: string;
  timezone_offset: string;
  role_id: number;
  icon_url: string | null;
  is_you: boolean;
  is_deleted: boolean;
}

/** A v1 activity type (GET /v1/activityTypes). */
export interface SandboxActivityType {
  id: number;
  name: string;
  icon_key: string;
  color: string;
  order_nr: number;
  key_string: string;
  active_flag: boolean;
  is_custom_flag: boolean;
  add_time: string;
  update_time: string;
}

export type Plan = "lite" | "growth" | "premium" | "ultimate";

/** A v2 pipeline (GET /pipelines). */
export interface SandboxPipeline {
  id: number;
  name: string;
  order_nr: number;
  is_deleted: boolean;
  is_deal_probability_enabled: boolean;
  add_time: string;
  update_time: string;
}

/** A v2 stage (GET /stages). */
export interface SandboxStage {
  id: number;
  order_nr: number;
  name: string;
  is_deleted: boolean;
  deal_probability: number;
  pipeline_id: number;
  is_deal_rot_enabled: boolean;
  days_to_rotten: number | null;
  add_time: string;
  update_time: string;
}
