/**
 * Which IR fields a create or update input carries, and their GraphQL input types. The SDL, the zod schemas
 * and the body builder all ask this one function, so they cannot disagree.
 *
 * @example
 *   inputFields(contact, "create").map((f) => f.field.name); // ["firstName", "lastName", "email", "owner", …]
 */
import type { IRField, IRObject } from "../dsl/ir.ts";
import { isOccurrenceField } from "./activityOccurrence.ts";

export interface InputField {
  readonly field: IRField;
  /** GraphQL type of the input field, e.g. `String!`, `ID`, `MoneyInput`, `[String!]`. */
  readonly graphqlType: string;
  /** Must be given (create) or must not be cleared (update). */
  readonly required: boolean;
}

export function inputTypeName(field: IRField): string {
  if (field.source.kind === "relation") return "ID";
  if (field.type.name === "Money") return "MoneyInput";
  if (field.type.name === "Address") return "AddressInput";
  return field.type.name;
}

// Where an Activity's occurrence is stored (activityOccurrence.ts), so callers cannot also write it directly.
const OCCURRENCE_STORAGE = new Set(["due_date", "due_time"]);

export function inputFields(object: IRObject, mode: "create" | "update"): InputField[] {
  const out: InputField[] = [];
  const storesOccurrence = object.fields.some((f) => isOccurrenceField(object, f));
  for (const field of object.fields) {
    if (storesOccurrence && field.source.kind === "field" && !field.source.custom && OCCURRENCE_STORAGE.has(field.source.key)) continue;
    if (field.source.kind === "related") continue;
    if (field.source.kind === "relation" && field.source.cardinality === "many") continue;
    const occurrence = isOccurrenceField(object, field);
    const writable = mode === "create" ? field.writable.create || occurrence : field.writable.update && !occurrence;
    if (!writable) continue;
    const base = inputTypeName(field);
    const itemType = field.type.list ? `[${base}!]` : base;
    const required = field.required;
    out.push({ field, graphqlType: mode === "create" && required ? `${itemType}!` : itemType, required });
  }
  return out;
}
