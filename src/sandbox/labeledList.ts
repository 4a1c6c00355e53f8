import { ApiError } from "./ApiError.ts";

export interface LabeledValue {
  value: string;
  primary: boolean;
  label: string;
}

/**
 * Normalises a written emails/phones/im array as API v2 does: at most one item may be primary; when
 * none is, the first becomes primary; a missing label is "work".
 *
 * @example
 *   labeledList("emails", [{ value: "a@x.test" }]); // [{ value: "a@x.test", primary: true, label: "work" }]
 */
export function labeledList(property: string, items: readonly { value: string; primary?: boolean | undefined; label?: string | undefined }[]): LabeledValue[] {
  const primaries = items.filter((i) => i.primary === true).length;
  if (primaries > 1) {
    throw ApiError.badRequest(`${property} may have at most one primary item, got ${primaries}`, "Mark exactly one item primary: true, or none to make the first one primary.");
  }
  return items.map((item, index) => ({
    value: item.value,
    primary: primaries === 0 ? index === 0 : item.primary === true,
    label: item.label ?? "work",
  }));
}
