/**
 * The seed's matrix (design.md §1, seed/pipedrive-sync-objects.txt): which Bedrock object maps which
 * Pipedrive entity, what it may do, which Pipedrive fields a mapping must map, and its relation column.
 *
 * @example
 *   OBJECT_RULES.find((r) => r.bedrock === "Opportunity")?.permissions; // ["read", "update"]
 */
import type { ObjectRule } from "./types.ts";

export const OBJECT_RULES: readonly ObjectRule[] = [
  { bedrock: "Owner", entity: "User", permissions: ["read"], requiredFields: [] },
  {
    bedrock: "Contact",
    entity: "Person",
    permissions: ["read", "update", "create"],
    requiredFields: [
      { key: "first_name", label: "First Name" },
      { key: "last_name", label: "Last Name" },
    ],
    relation: { entity: "User", cardinality: "one" },
  },
  {
    bedrock: "Company",
    entity: "Organization",
    permissions: ["read", "update", "create"],
    requiredFields: [{ key: "name", label: "Company Name" }],
    relation: { entity: "Person", cardinality: "many" },
  },
  {
    bedrock: "Opportunity",
    entity: "Deal",
    permissions: ["read", "update"],
    requiredFields: [{ key: "expected_close_date", label: "Expected Close" }],
    relation: { entity: "Person", cardinality: "one" },
  },
  {
    bedrock: "Activity",
    entity: "Activity",
    permissions: ["read", "create"],
    requiredFields: [
      { key: "marked_as_done_time", label: "Marked as Done Time" },
      { key: "person_id", label: "Contact" },
    ],
    relation: { entity: "Person", cardinality: "one" },
  },
];

/** Activity types the seed lets an Activity carry ("blank" is the empty key). */
export const SEED_ACTIVITY_TYPES: readonly string[] = ["", "call", "meeting", "task", "deadline", "email", "lunch"];
