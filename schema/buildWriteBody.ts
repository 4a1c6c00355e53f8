/**
 * Turns a validated Bedrock input into the Pipedrive v2 request body: custom fields under `custom_fields` by
 * hash, option labels (or enum values) as option ids, Money as `{value, currency}`, Address as Pipedrive's
 * parts, relations as ids, and the Activity's Contact as its primary participant. Labeled lists: on create
 * the primary email is `[{ value, primary: true, label: "work" }]`; on update the selected item is replaced
 * and the others kept, because PATCH replaces the whole array (so updates pass the current record).
 *
 * @example
 *   buildWriteBody(contact, { email: "a@x.test", leadSource: "Web" }, enums, "create");
 *   // { emails: [{ value: "a@x.test", primary: true, label: "work" }], custom_fields: { "<hash>": 111 } }
 */
import type { IREnum, IRField, IRFieldSource, IRObject } from "../dsl/ir.ts";
import type { PipedriveRecord } from "./GatewayContext.ts";
import { addressToPipedrive } from "./addressParts.ts";
import { isOccurrenceField, occurrenceToDue } from "./activityOccurrence.ts";
import { GatewayError } from "./GatewayError.ts";
import { rawFieldValue } from "./readFieldValue.ts";

type Body = Record<string, unknown>;

// An enum value name or option label → the Pipedrive value: an option id for custom options, else the stored string.
function toOption(value: string, field: IRField, source: IRFieldSource, enums: ReadonlyMap<string, IREnum>): string | number {
  let label = value;
  let declaredId: string | number | undefined;
  if (field.type.kind === "enum") {
    const member = enums.get(field.type.name)?.values.find((v) => v.name === value);
    if (member) {
      label = member.pipedrive;
      declaredId = member.optionId;
    }
  }
  if (!source.options) return label;
  if (declaredId !== undefined) return declaredId;
  const option = source.options.find((o) => o.label === label) ?? source.options.find((o) => o.label.toLowerCase() === label.toLowerCase());
  if (!option) {
    const known = source.options.map((o) => JSON.stringify(o.label)).join(", ");
    throw GatewayError.badInput(field.name, `${field.name} must be one of ${known}; got ${JSON.stringify(value)}.`);
  }
  return option.id;
}

function convert(value: unknown, field: IRField, source: IRFieldSource, enums: ReadonlyMap<string, IREnum>): unknown {
  if (value === null || value === undefined) return null;
  if (source.fieldType === "set" || (field.type.list && source.options)) {
    const items = (Array.isArray(value) ? value : [value]).map((v) => toOption(String(v), field, source, enums));
    return items.length === 0 ? null : items; // Pipedrive rejects [] and clears a set with null
  }
  if (source.options || field.type.kind === "enum") return toOption(String(value), field, source, enums);
  if (field.type.name === "Money") {
    const money = value as { amount: number; currency: string };
    return { value: money.amount, currency: money.currency };
  }
  if (field.type.name === "Address") return addressToPipedrive(value as Record<string, unknown>);
  if (field.type.name === "Time" && source.custom) return { value: String(value).length === 5 ? `${value}:00` : value };
  return value;
}

function setValue(body: Body, key: string, custom: boolean, value: unknown): void {
  if (!custom) {
    body[key] = value;
    return;
  }
  const customFields = (body.custom_fields ??= {}) as Body;
  customFields[key] = value;
}

// The labeled list after writing one selected item's sub-value (emails[primary].value = "a@x.test").
function writeListItem(current: unknown, source: IRFieldSource, value: unknown): unknown[] | null {
  const items = Array.isArray(current) ? current.map((i) => ({ ...(i as Body) })) : [];
  const selector = source.selector ?? "primary";
  const index = selector === "primary"
    ? items.findIndex((i) => i.primary === true)
    : /^\d+$/.test(selector) ? Number(selector) : items.findIndex((i) => i.label === selector);
  const sub = source.subpath[0] ?? "value";
  if (value === null) {
    if (index >= 0 && index < items.length) items.splice(index, 1);
  } else if (index >= 0 && index < items.length) {
    items[index]![sub] = value;
  } else {
    const label = selector === "primary" || /^\d+$/.test(selector) ? "work" : selector;
    items.push({ [sub]: value, primary: selector === "primary" || items.length === 0, label });
  }
  if (items.length > 0 && !items.some((i) => i.primary === true)) items[0]!.primary = true;
  return items.length === 0 ? [] : items;
}

export function buildWriteBody(
  object: IRObject,
  input: Readonly<Record<string, unknown>>,
  enums: ReadonlyMap<string, IREnum>,
  mode: "create" | "update",
  current?: PipedriveRecord,
): Body {
  const body: Body = {};
  for (const field of object.fields) {
    if (!(field.name in input) || input[field.name] === undefined) continue;
    const value = input[field.name];
    const source = field.source;
    if (source.kind === "related") continue;
    if (source.kind === "relation") {
      const id = value === null ? null : Number(value);
      if (object.entity === "Activity" && source.key === "person_id" && !source.custom) body.participants = id === null ? [] : [{ person_id: id, primary: true }];
      else setValue(body, source.key, source.custom, id);
      continue;
    }
    if (isOccurrenceField(object, field)) {
      Object.assign(body, occurrenceToDue(String(value)), { done: true });
      continue;
    }
    if (source.fieldType === "labeled_list") {
      const base = source.key in body ? body[source.key] : current ? rawFieldValue(source, current) : undefined;
      setValue(body, source.key, source.custom, writeListItem(mode === "create" && !(source.key in body) ? undefined : base, source, value));
      continue;
    }
    const converted = convert(value, field, source, enums);
    if (source.subpath.length > 0) {
      const existing = (source.custom ? (body.custom_fields as Body | undefined)?.[source.key] : body[source.key]) as Body | undefined;
      setValue(body, source.key, source.custom, { ...existing, [source.subpath.join(".")]: converted });
    } else {
      setValue(body, source.key, source.custom, converted);
    }
  }
  // A Person's `name` is what Pipedrive lists and searches; keep it the sum of first and last name.
  if (object.entity === "Person" && ("first_name" in body || "last_name" in body)) {
    const first = "first_name" in body ? body.first_name : current?.first_name;
    const last = "last_name" in body ? body.last_name : current?.last_name;
    const name = [first, last].filter((p) => typeof p === "string" && p !== "").join(" ");
    if (name !== "") body.name = name;
  }
  return body;
}
