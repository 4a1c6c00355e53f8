/**
 * Pipedrive's built-in fields per entity, as the v2 API returns them (api-notes.md §4.3, 5.3, 6.3, 7.3, 8).
 * `writable` is where the gateway may send the field: "never" (read-only), "create" (POST only) or "always".
 * Custom fields are not here: they come from the account's snapshot (catalogFromSnapshot.ts).
 *
 * @example
 *   BUILTIN_FIELDS.Person.find((f) => f.key === "owner_id")?.relation; // { entity: "User", cardinality: "one" }
 */
import type { CatalogField, FieldType, PipedriveEntity, RelationInfo, Writability } from "./types.ts";

const ADDRESS_PARTS = [
  "value", "country", "admin_area_level_1", "admin_area_level_2", "locality", "sublocality",
  "route", "street_number", "subpremise", "postal_code", "formatted_address",
] as const;
const LABELED_PARTS = ["value", "primary", "label"] as const;
// Pipedrive returns these non-null on every record (api-notes.md types them without `|null`); see CatalogField.alwaysSet.
const SET = { alwaysSet: true } as const;

// One line per field keeps the tables below readable.
function field(
  key: string,
  label: string,
  type: FieldType,
  writable: Writability,
  extra: { subfields?: readonly string[]; relation?: RelationInfo; alwaysSet?: boolean } = {},
): CatalogField {
  return { key, label, type, custom: false, writable, ...extra };
}

const user: CatalogField[] = [
  field("id", "ID", "id", "never", SET),
  field("name", "Name", "varchar", "never", SET),
  field("email", "Email", "varchar", "never", SET),
  field("phone", "Phone", "phone", "never"),
  field("active_flag", "Active", "boolean", "never", SET),
  field("is_you", "Is you", "boolean", "never"),
  field("is_deleted", "Is deleted", "boolean", "never"),
  field("activated", "Activated", "boolean", "never"),
  field("default_currency", "Default currency", "varchar", "never"),
  field("locale", "Locale", "varchar", "never"),
  field("timezone_name", "Time zone", "varchar", "never"),
  field("timezone_offset", "Time zone offset", "varchar", "never"),
  field("role_id", "Role", "int", "never"),
  field("icon_url", "Icon URL", "varchar", "never"),
  field("last_login", "Last login", "datetime", "never"),
  field("created", "Created", "datetime", "never"),
  field("modified", "Modified", "datetime", "never"),
];

const person: CatalogField[] = [
  field("id", "ID", "id", "never", SET),
  field("name", "Name", "varchar", "always", SET),
  // Derived from the required `name`, so always set; `last_name` is not (a one-word name has none).
  field("first_name", "First name", "varchar", "always", SET),
  field("last_name", "Last name", "varchar", "always"),
  field("owner_id", "Owner", "user", "always", { relation: { entity: "User", cardinality: "one" } }),
  field("org_id", "Organization", "org", "always", { relation: { entity: "Organization", cardinality: "one" } }),
  field("emails", "Email", "labeled_list", "always", { subfields: LABELED_PARTS }),
  field("phones", "Phone", "labeled_list", "always", { subfields: LABELED_PARTS }),
  field("im", "Instant messenger", "labeled_list", "always", { subfields: LABELED_PARTS }),
  field("add_time", "Person created", "datetime", "create", SET),
  field("update_time", "Update time", "datetime", "never", SET),
  field("visible_to", "Visible to", "visible_to", "always"),
  field("label_ids", "Labels", "json", "always"),
  field("picture_id", "Profile picture", "int", "never"),
  field("job_title", "Job title", "varchar", "always"),
  field("birthday", "Birthday", "date", "always"),
  field("notes", "Notes", "text", "always"),
  field("postal_address", "Postal address", "address", "always", { subfields: ADDRESS_PARTS }),
  field("marketing_status", "Marketing status", "varchar", "always"),
  field("is_deleted", "Deleted", "boolean", "never"),
];

const organization: CatalogField[] = [
  field("id", "ID", "id", "never", SET),
  field("name", "Name", "varchar", "always", SET),
  field("owner_id", "Owner", "user", "always", { relation: { entity: "User", cardinality: "one" } }),
  field("address", "Address", "address", "always", { subfields: ADDRESS_PARTS }),
  field("add_time", "Organization created", "datetime", "create", SET),
  field("update_time", "Update time", "datetime", "never", SET),
  field("visible_to", "Visible to", "visible_to", "always"),
  field("label_ids", "Labels", "json", "always"),
  field("website", "Website", "varchar", "always"),
  field("linkedin", "LinkedIn profile", "varchar", "always"),
  field("industry", "Industry", "int", "always"),
  field("annual_revenue", "Annual revenue", "double", "always"),
  field("employee_count", "Number of employees", "int", "always"),
  field("is_deleted", "Deleted", "boolean", "never"),
  field("persons", "People", "people", "never", { relation: { entity: "Person", cardinality: "many", via: "org_id" } }),
];

const deal: CatalogField[] = [
  field("id", "ID", "id", "never", SET),
  field("title", "Title", "varchar", "always", SET),
  field("owner_id", "Owner", "user", "always", { relation: { entity: "User", cardinality: "one" } }),
  field("creator_user_id", "Creator", "user", "never", { relation: { entity: "User", cardinality: "one" } }),
  field("person_id", "Contact person", "people", "always", { relation: { entity: "Person", cardinality: "one" } }),
  field("org_id", "Organization", "org", "always", { relation: { entity: "Organization", cardinality: "one" } }),
  field("value", "Value", "double", "always"),
  field("currency", "Currency", "varchar", "always", SET),
  field("status", "Status", "status", "always", SET),
  field("expected_close_date", "Expected close date", "date", "always"),
  field("probability", "Probability", "double", "always"),
  field("pipeline_id", "Pipeline", "int", "always"),
  field("stage_id", "Stage", "int", "always"),
  field("add_time", "Deal created", "datetime", "never", SET),
  field("update_time", "Update time", "datetime", "never", SET),
  field("stage_change_time", "Last stage change", "datetime", "never"),
  field("won_time", "Won time", "datetime", "always"),
  field("lost_time", "Lost time", "datetime", "always"),
  field("close_time", "Deal closed on", "datetime", "always"),
  field("lost_reason", "Lost reason", "varchar", "always"),
  field("visible_to", "Visible to", "visible_to", "always"),
  field("label_ids", "Labels", "json", "always"),
  field("origin", "Source origin", "varchar", "never"),
  field("is_archived", "Archived", "boolean", "always"),
  field("is_deleted", "Deleted", "boolean", "never"),
];

const activity: CatalogField[] = [
  field("id", "ID", "id", "never", SET),
  field("subject", "Subject", "varchar", "always"),
  // The value is an activity type's key_string; the account's types are the options (catalog.activityTypes).
  field("type", "Type", "enum", "always"),
  field("owner_id", "Assigned to user", "user", "always", { relation: { entity: "User", cardinality: "one" } }),
  field("creator_user_id", "Creator", "user", "never", { relation: { entity: "User", cardinality: "one" } }),
  // Read-only in v2; the runtime sends it on create as the primary participant.
  field("person_id", "Contact person", "people", "create", { relation: { entity: "Person", cardinality: "one" } }),
  field("org_id", "Organization", "org", "always", { relation: { entity: "Organization", cardinality: "one" } }),
  field("deal_id", "Deal", "deal", "always", { relation: { entity: "Deal", cardinality: "one" } }),
  field("due_date", "Due date", "date", "always"),
  field("due_time", "Due time", "time", "always"),
  field("duration", "Duration", "time", "always"),
  field("done", "Done", "boolean", "always", SET),
  // Read-only in Pipedrive, but the gateway records when the activity occurred on create.
  field("marked_as_done_time", "Marked as done time", "datetime", "create"),
  field("note", "Note", "text", "always"),
  field("public_description", "Public description", "text", "always"),
  field("location", "Location", "address", "always", { subfields: ADDRESS_PARTS }),
  field("busy", "Busy", "boolean", "always", SET),
  field("priority", "Priority", "int", "always"),
  field("add_time", "Add time", "datetime", "never", SET),
  field("update_time", "Update time", "datetime", "never", SET),
  field("is_deleted", "Deleted", "boolean", "never"),
];

export const BUILTIN_FIELDS: Readonly<Record<PipedriveEntity, readonly CatalogField[]>> = {
  User: user,
  Person: person,
  Organization: organization,
  Deal: deal,
  Activity: activity,
};
