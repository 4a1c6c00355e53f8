import { fieldCode } from "./fieldCode.ts";
import type { EntityName, FieldDefinition, FieldSubfield } from "./types.ts";

/**
 * The demo account's field catalog per entity: Pipedrive's system fields followed by the custom fields
 * of the shared contract (brief C, "deterministic demo account"). Custom keys are `fieldCode(entity,
 * label)`; enum/set option ids are entity base + position among the entity's option fields × 10 + the
 * option's position, e.g. person "Lead Source" → 111..115.
 *
 * @example
 *   demoFields().person.find((f) => f.field_name === "Lead Source")?.options?.[0]; // { id: 111, label: "Web" }
 */
export function demoFields(): Record<EntityName, FieldDefinition[]> {
  return {
    person: [...PERSON_SYSTEM.map(system), ...customFields("person", PERSON_CUSTOM)],
    organization: [...ORGANIZATION_SYSTEM.map(system), ...customFields("organization", ORGANIZATION_CUSTOM)],
    deal: [...DEAL_SYSTEM.map(system), ...customFields("deal", DEAL_CUSTOM)].map(withDescription),
    activity: [...ACTIVITY_SYSTEM.map(system), ...customFields("activity", ACTIVITY_CUSTOM)],
  };
}

/** dealFields carry a `description` string (the v2 spec requires it there and only there). */
export function withDescription(field: FieldDefinition): FieldDefinition {
  return { ...field, description: field.description ?? "" };
}

/** A custom field as the contract states it: label, type and, for enum/set, its option labels. */
export interface CustomFieldSpec {
  readonly label: string;
  readonly type: string;
  readonly options?: readonly string[];
}

export const OPTION_BASE: Record<EntityName, number> = { person: 100, organization: 200, deal: 300, activity: 400 };

const PERSON_CUSTOM: CustomFieldSpec[] = [
  { label: "Lead Source", type: "enum", options: ["Web", "Referral", "Event", "Partner", "Cold Call"] },
  { label: "Interests", type: "set", options: ["Analytics", "Automation", "Integrations", "Security"] },
  { label: "LinkedIn Profile", type: "varchar" },
  { label: "Customer Since", type: "date" },
  { label: "Lifetime Value", type: "monetary" },
  { label: "Account Manager", type: "user" },
  { label: "Mobile Region", type: "phone" },
  { label: "Background", type: "text" },
];
const ORGANIZATION_CUSTOM: CustomFieldSpec[] = [
  { label: "Industry Segment", type: "enum", options: ["SaaS", "Retail", "Manufacturing", "Finance", "Healthcare"] },
  { label: "Regions", type: "set", options: ["EMEA", "NA", "APAC", "LATAM"] },
  { label: "HQ Address", type: "address" },
  { label: "Website URL", type: "varchar" },
  { label: "Headcount", type: "double" },
  { label: "Parent Company", type: "org" },
];
const DEAL_CUSTOM: CustomFieldSpec[] = [
  { label: "Deal Source", type: "enum", options: ["Inbound", "Outbound", "Partner"] },
  { label: "Competitors", type: "set", options: ["Salesforce", "HubSpot", "Zoho"] },
  { label: "Contract Length", type: "double" },
  { label: "Renewal Date", type: "date" },
  { label: "Champion", type: "people" },
  { label: "Kickoff Time", type: "time" },
];
const ACTIVITY_CUSTOM: CustomFieldSpec[] = [
  { label: "Outcome Score", type: "double" },
  { label: "Meeting Notes URL", type: "varchar" },
];

/** Builds one custom field definition; `optionFieldPosition` is its 1-based position among the entity's enum/set fields. */
export function customField(entity: EntityName, spec: CustomFieldSpec, optionFieldPosition: number): FieldDefinition {
  const options = spec.options
    ? spec.options.map((label, i) => ({ id: OPTION_BASE[entity] + optionFieldPosition * 10 + i + 1, label }))
    : null;
  return {
    field_code: fieldCode(entity, spec.label),
    field_name: spec.label,
    field_type: spec.type,
    is_custom_field: true,
    is_optional_response_field: false,
    options,
    subfields: subfieldsOf(spec.type),
  };
}

function customFields(entity: EntityName, specs: readonly CustomFieldSpec[]): FieldDefinition[] {
  let optionFields = 0;
  return specs.map((spec) => customField(entity, spec, spec.options ? ++optionFields : 0));
}

export const ADDRESS_PARTS = [
  "route", "street_number", "subpremise", "locality", "sublocality", "admin_area_level_1",
  "admin_area_level_2", "country", "postal_code", "formatted_address",
] as const;

// Structured values are described part by part, as the v2 Fields API nests subfields.
function subfieldsOf(type: string): FieldSubfield[] | null {
  const part = (field_code: string, field_type: string): FieldSubfield => ({
    field_code,
    field_name: field_code.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase()),
    field_type,
  });
  if (type === "monetary") return [part("value", "double"), part("currency", "varchar")];
  if (type === "time") return [part("value", "time"), part("timezone_id", "int"), part("timezone_name", "varchar")];
  if (type === "address") return [part("value", "varchar"), ...ADDRESS_PARTS.map((p) => part(p, "varchar"))];
  return null;
}

type SystemSpec = [code: string, name: string, type: string];

function system([code, name, type]: SystemSpec): FieldDefinition {
  return {
    field_code: code,
    field_name: name,
    field_type: type,
    is_custom_field: false,
    is_optional_response_field: false,
    options: null,
    subfields: type === "address" ? subfieldsOf("address") : null,
  };
}

const PERSON_SYSTEM: SystemSpec[] = [
  ["id", "ID", "int"], ["name", "Name", "varchar"], ["first_name", "First name", "varchar"],
  ["last_name", "Last name", "varchar"], ["owner_id", "Owner", "user"], ["org_id", "Organization", "org"],
  ["emails", "Email", "varchar"], ["phones", "Phone", "phone"], ["add_time", "Person created", "date"],
  ["update_time", "Update time", "date"], ["visible_to", "Visible to", "visible_to"], ["label_ids", "Labels", "set"],
  ["picture_id", "Profile picture", "picture"], ["job_title", "Job title", "varchar"], ["birthday", "Birthday", "date"],
  ["notes", "Notes", "text"], ["postal_address", "Postal address", "address"],
];
const ORGANIZATION_SYSTEM: SystemSpec[] = [
  ["id", "ID", "int"], ["name", "Name", "varchar"], ["owner_id", "Owner", "user"], ["address", "Address", "address"],
  ["add_time", "Organization created", "date"], ["update_time", "Update time", "date"],
  ["visible_to", "Visible to", "visible_to"], ["label_ids", "Labels", "set"],
];
const DEAL_SYSTEM: SystemSpec[] = [
  ["id", "ID", "int"], ["title", "Title", "varchar"], ["owner_id", "Owner", "user"],
  ["creator_user_id", "Creator", "user"], ["person_id", "Contact person", "people"], ["org_id", "Organization", "org"],
  ["value", "Value", "monetary"], ["currency", "Currency", "varchar"], ["status", "Status", "status"],
  ["expected_close_date", "Expected close date", "date"], ["probability", "Probability", "double"],
  ["pipeline_id", "Pipeline", "int"], ["stage_id", "Stage", "stage"], ["add_time", "Deal created", "date"],
  ["update_time", "Update time", "date"], ["stage_change_time", "Last stage change", "date"],
  ["won_time", "Won time", "date"], ["lost_time", "Lost time", "date"], ["close_time", "Deal closed on", "date"],
  ["lost_reason", "Lost reason", "varchar"], ["visible_to", "Visible to", "visible_to"], ["label_ids", "Labels", "set"],
];
const ACTIVITY_SYSTEM: SystemSpec[] = [
  ["id", "ID", "int"], ["subject", "Subject", "varchar"], ["type", "Type", "varchar_options"],
  ["owner_id", "Assigned to user", "user"], ["creator_user_id", "Creator", "user"], ["deal_id", "Deal", "deal"],
  ["person_id", "Contact person", "people"], ["org_id", "Organization", "org"], ["due_date", "Due date", "date"],
  ["due_time", "Due time", "time"], ["duration", "Duration", "time"], ["busy", "Free/busy", "boolean"],
  ["done", "Done", "boolean"], ["marked_as_done_time", "Marked as done time", "date"],
  ["add_time", "Add time", "date"], ["update_time", "Update time", "date"], ["note", "Note", "text"],
  ["location", "Location", "address"], ["participants", "Participants", "people"],
  ["public_description", "Public description", "text"], ["priority", "Priority", "enum"],
];
