/**
 * Reads one Bedrock field of a Pipedrive record through its IR source: custom fields by hash, labeled lists
 * by selector (`emails[primary].value`), enum and set option ids as labels (or the declared GraphQL enum
 * values), monetary as Money, address as Address. Option ids never leave this function.
 *
 * @example
 *   readFieldValue(contactEmailField, { id: 1, emails: [{ value: "a@x.test", primary: true, label: "work" }] }, enums);
 *   // "a@x.test"
 */
import type { IREnum, IRField, IRFieldSource } from "../dsl/ir.ts";
import type { PipedriveRecord } from "./GatewayContext.ts";
import { addressFromPipedrive } from "./addressParts.ts";

export function rawFieldValue(source: IRFieldSource, record: PipedriveRecord): unknown {
  if (!source.custom) return record[source.key];
  const custom = record.custom_fields;
  if (custom && typeof custom === "object" && source.key in custom) return (custom as Record<string, unknown>)[source.key];
  return record[source.key];
}

/** The item of a labeled list (`emails`) that a selector picks: `primary`, a label such as `work`, or an index. */
export function selectListItem(list: unknown, selector: string | undefined): Record<string, unknown> | undefined {
  if (!Array.isArray(list)) return undefined;
  const items = list.filter((i): i is Record<string, unknown> => i !== null && typeof i === "object");
  if (selector === undefined || selector === "primary") return items.find((i) => i.primary === true) ?? items[0];
  if (/^\d+$/.test(selector)) return items[Number(selector)];
  return items.find((i) => i.label === selector);
}

function optionLabel(raw: unknown, source: IRFieldSource): string | null {
  if (raw === null || raw === undefined || raw === "") return null;
  if (typeof raw === "object" && "label" in raw && typeof raw.label === "string") return raw.label;
  const id = typeof raw === "object" && "id" in raw ? raw.id : raw;
  const option = source.options?.find((o) => String(o.id) === String(id));
  return option ? option.label : null;
}

function setMembers(raw: unknown): unknown[] {
  if (raw === null || raw === undefined || raw === "") return [];
  if (Array.isArray(raw)) return raw;
  if (typeof raw === "string") return raw.split(",").map((s) => s.trim()).filter(Boolean);
  return [raw];
}

// v1 user timestamps are "YYYY-MM-DD HH:MM:SS" in UTC; Bedrock promises RFC 3339 everywhere.
function toDateTime(raw: unknown): string | null {
  if (typeof raw !== "string" || raw === "") return null;
  const v1 = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(raw);
  return v1 ? `${v1[1]}T${v1[2]}Z` : raw;
}

function scalarValue(value: unknown, field: IRField): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type.name) {
    case "ID":
    case "String":
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    case "Int":
    case "Float": {
      const n = typeof value === "number" ? value : Number(value);
      return Number.isFinite(n) ? n : null;
    }
    case "Boolean":
      return value === true || value === 1 || value === "1" || value === "true";
    case "DateTime":
      return toDateTime(value);
    case "Time":
      if (typeof value === "object" && "value" in value) return (value as { value: unknown }).value ?? null;
      return String(value);
    case "Money": {
      if (typeof value === "number") return { amount: value, currency: "" };
      if (typeof value !== "object") return null;
      const money = value as Record<string, unknown>;
      if (money.value === null || money.value === undefined) return null;
      return { amount: Number(money.value), currency: String(money.currency ?? "") };
    }
    case "Address":
      return addressFromPipedrive(value);
    default:
      return value;
  }
}

function enumValueName(pipedrive: string | null, enumDef: IREnum | undefined): string | null {
  if (pipedrive === null) return null;
  if (!enumDef) return pipedrive;
  return enumDef.values.find((v) => v.pipedrive === pipedrive)?.name ?? enumDef.values.find((v) => v.pipedrive.toLowerCase() === pipedrive.toLowerCase())?.name ?? null;
}

export function readFieldValue(field: IRField, record: PipedriveRecord, enums: ReadonlyMap<string, IREnum>): unknown {
  const source = field.source;
  if (source.kind !== "field") throw new Error(`readFieldValue: ${field.name} is a ${source.kind}, not a field`);
  let value = rawFieldValue(source, record);
  if (source.fieldType === "labeled_list") value = selectListItem(value, source.selector);
  for (const step of source.subpath) value = value && typeof value === "object" ? (value as Record<string, unknown>)[step] : undefined;

  const enumDef = field.type.kind === "enum" ? enums.get(field.type.name) : undefined;
  if (source.fieldType === "set" || (field.type.list && source.options)) {
    const labels = setMembers(value).map((m) => (source.options ? optionLabel(m, source) : String(m)));
    const names = labels.map((l) => (field.type.kind === "enum" ? enumValueName(l, enumDef) : l)).filter((l): l is string => l !== null);
    return field.type.list ? names : (names[0] ?? null);
  }
  if (source.options || field.type.kind === "enum") {
    const label = source.options ? optionLabel(value, source) : value === null || value === undefined || value === "" ? null : String(value);
    const out = field.type.kind === "enum" ? enumValueName(label, enumDef) : label;
    return field.type.list ? (out === null ? [] : [out]) : out;
  }
  if (field.type.list) return Array.isArray(value) ? value.map((v) => scalarValue(v, field)) : value == null ? null : [scalarValue(value, field)];
  return scalarValue(value, field);
}

/**
 * readFieldValue for one field, worked out once: a plain built-in string or id (most fields) reads its key
 * straight off the record; every other shape goes through readFieldValue.
 *
 * @example
 *   const read = fieldReader(contactFirstNameField, enums);
 *   read({ id: 1, first_name: "Ada" }); // "Ada"
 */
export function fieldReader(field: IRField, enums: ReadonlyMap<string, IREnum>): (record: PipedriveRecord) => unknown {
  const source = field.source;
  if (source.kind !== "field") throw new Error(`fieldReader: ${field.name} is a ${source.kind}, not a field`);
  const type = field.type;
  const plainText = (type.name === "String" || type.name === "ID") && type.kind !== "enum" && !type.list;
  if (plainText && !source.custom && source.fieldType !== "labeled_list" && source.fieldType !== "set" && source.subpath.length === 0 && !source.options) {
    const key = source.key;
    return (record) => {
      const value = record[key];
      if (value === null || value === undefined) return null;
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    };
  }
  return (record) => readFieldValue(field, record, enums);
}
