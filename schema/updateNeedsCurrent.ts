/**
 * Whether an update must read the current record before its PATCH. Reading costs a round trip and a token,
 * so it happens only when the write or the object's existence depends on what is stored:
 * - the input writes a labeled list (emails/phones): PATCH replaces the whole array, so the items the input
 *   does not touch are copied from the current record;
 * - a Person's first or last name alone: `name` is kept as first + last, so the other part is read;
 * - the object has a `where` filter or a required to-one relation: a record that fails it does not exist
 *   for the gateway and must not be written.
 * Otherwise the PATCH goes out alone (its answer is the updated record; Pipedrive's 404 is NOT_FOUND).
 *
 * @example
 *   updateNeedsCurrent(opportunity, { expectedCloseDate: "2027-01-31" }); // false: PATCH directly
 *   updateNeedsCurrent(contact, { email: "a@x.test" });                    // true: emails is replaced whole
 */
import type { IRObject } from "../dsl/ir.ts";

export function updateNeedsCurrent(object: IRObject, input: Readonly<Record<string, unknown>>): boolean {
  if (object.filter) return true;
  const nameParts = new Set<string>();
  for (const field of object.fields) {
    const source = field.source;
    if (source.kind === "relation" && source.cardinality === "one" && field.required && field.type.nonNull) return true;
    if (input[field.name] === undefined || source.kind !== "field") continue;
    if (source.fieldType === "labeled_list") return true;
    if (object.entity === "Person" && !source.custom && (source.key === "first_name" || source.key === "last_name")) nameParts.add(source.key);
  }
  return nameParts.size === 1;
}
