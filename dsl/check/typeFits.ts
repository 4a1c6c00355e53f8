/**
 * The type-compatibility table: which GraphQL types may carry a Pipedrive field (or a part of it).
 *
 * @example
 *   expectedType({ kind: "field", field: <double field>, selector: undefined, subpath: [], writable: "always" });
 *   // { scalars: ["Float"], list: false }
 */
import type { CatalogField, FieldType } from "../catalog/types.ts";
import type { Resolution } from "./CheckContext.ts";

export interface Expected {
  /** Scalar names that fit. */
  readonly scalars: readonly string[];
  /** Whether the GraphQL type must be a list (`[T]`). */
  readonly list: boolean;
  /** For enum and set fields: an enum bound to this field also fits. */
  readonly enumField?: CatalogField;
}

const TABLE: Readonly<Record<FieldType, readonly string[]>> = {
  id: ["ID"],
  int: ["Int", "ID"],
  double: ["Float"],
  boolean: ["Boolean"],
  varchar: ["String"],
  varchar_auto: ["String"],
  text: ["String"],
  phone: ["String"],
  date: ["Date", "String"],
  datetime: ["DateTime"],
  time: ["Time", "String"],
  daterange: ["String"],
  timerange: ["String"],
  enum: ["String"],
  set: ["String"],
  monetary: ["Money"],
  address: ["Address", "String"],
  labeled_list: [],
  user: ["ID"],
  org: ["ID"],
  people: ["ID"],
  deal: ["ID"],
  visible_to: ["Int"],
  status: ["String"],
  json: ["String"],
};

export function expectedType(r: Extract<Resolution, { kind: "field" }>): Expected {
  const { field, subpath, selector } = r;
  const part = subpath[0];
  switch (field.type) {
    case "labeled_list": {
      const scalars = part === "primary" ? ["Boolean"] : part === undefined ? [] : ["String"];
      return { scalars, list: selector === undefined };
    }
    case "address":
      return { scalars: part === undefined ? TABLE.address : ["String"], list: false };
    case "monetary":
      return { scalars: part === undefined ? TABLE.monetary : part === "value" ? ["Float"] : ["String"], list: false };
    case "time":
    case "timerange":
      return { scalars: part === "value" || part === "until" ? ["Time", "String"] : part === undefined ? TABLE[field.type] : ["String"], list: false };
    case "daterange":
      return { scalars: part === "value" || part === "until" ? ["Date", "String"] : ["String"], list: false };
    case "enum":
      return { scalars: TABLE.enum, list: false, enumField: field };
    case "set":
      return { scalars: TABLE.set, list: true, enumField: field };
    default:
      return { scalars: part === undefined ? TABLE[field.type] : ["String"], list: false };
  }
}

/** `emails[primary].value`, `address.locality`, or the field's key (its label for a custom field). */
export function describePart(r: Extract<Resolution, { kind: "field" }>): string {
  const base = r.field.custom ? `custom "${r.field.label}"` : r.field.key;
  return base + (r.selector !== undefined ? `[${r.selector}]` : "") + r.subpath.map((p) => `.${p}`).join("");
}
