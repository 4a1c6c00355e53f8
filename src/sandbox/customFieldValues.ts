import { ApiError } from "./ApiError.ts";
import { ADDRESS_PARTS } from "./demoFields.ts";
import type { Store } from "./Store.ts";
import { isCalendarDate } from "./timestamps.ts";
import type { EntityName, FieldDefinition } from "./types.ts";

/**
 * Validates the `custom_fields` of a v2 write the way API v2 does (strict types, no coercion) and
 * returns the values to store by field code; `null` clears a field. Keys of deleted or unknown fields
 * are ignored, as Pipedrive ignores deleted custom fields on write.
 *
 * @example
 *   parseCustomFields(store, "person", { [leadSourceKey]: 111 }); // { [leadSourceKey]: 111 }
 *   parseCustomFields(store, "person", { [interestsKey]: [] });    // throws ApiError 400
 */
export function parseCustomFields(store: Store, entity: EntityName, input: unknown): Record<string, unknown> {
  if (input === undefined) return {};
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw ApiError.badRequest(`custom_fields must be an object keyed by field code, got ${JSON.stringify(input)}`);
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const field = store.customFields(entity).find((f) => f.field_code === key);
    if (!field) continue;
    result[key] = value === null ? null : parseValue(store, field, value);
  }
  return result;
}

function fail(field: FieldDefinition, expected: string, value: unknown): never {
  throw ApiError.badRequest(
    `Invalid value for custom field "${field.field_name}" (${field.field_code}, ${field.field_type}): expected ${expected}, got ${JSON.stringify(value)}`,
    "Send the v2 custom field shape for this field type, or null to clear it.",
  );
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function parseValue(store: Store, field: FieldDefinition, value: unknown): unknown {
  switch (field.field_type) {
    case "varchar":
    case "varchar_auto":
    case "phone":
      if (typeof value !== "string" || value.length > 255) fail(field, "a string of at most 255 characters", value);
      return value;
    case "text":
      if (typeof value !== "string" || value.length > 65_535) fail(field, "a string", value);
      return value;
    case "double":
      if (typeof value !== "number" || !Number.isFinite(value)) fail(field, "a number", value);
      return value;
    case "date":
      if (typeof value !== "string" || !isCalendarDate(value)) fail(field, "a date YYYY-MM-DD", value);
      return value;
    case "monetary": {
      if (!isObject(value) || typeof value.value !== "number" || (value.currency !== undefined && !(typeof value.currency === "string" && /^[A-Z]{3}$/.test(value.currency)))) {
        fail(field, "{ value: number, currency?: ISO 4217 code }", value);
      }
      return { value: value.value, currency: value.currency ?? store.users.find((u) => u.is_you)?.default_currency ?? "USD" };
    }
    case "enum": {
      if (typeof value !== "number" || !field.options?.some((o) => o.id === value)) fail(field, `one option id of ${optionList(field)}`, value);
      return value;
    }
    case "set": {
      if (!Array.isArray(value) || value.length === 0) fail(field, `a non-empty array of option ids of ${optionList(field)} (clear it with null)`, value);
      for (const id of value) if (typeof id !== "number" || !field.options?.some((o) => o.id === id)) fail(field, `option ids of ${optionList(field)}`, value);
      return [...new Set(value as number[])];
    }
    case "user":
      if (typeof value !== "number" || !store.users.some((u) => u.id === value)) fail(field, "the id of an existing user", value);
      return value;
    case "org":
      if (typeof value !== "number" || !store.live("organization", value)) fail(field, "the id of an existing organization", value);
      return value;
    case "people":
      if (typeof value !== "number" || !store.live("person", value)) fail(field, "the id of an existing person", value);
      return value;
    case "address": {
      if (!isObject(value) || typeof value.value !== "string") fail(field, "{ value: string, ...address parts }", value);
      const address: Record<string, unknown> = { value: value.value };
      for (const part of ADDRESS_PARTS) {
        const given = value[part];
        if (given !== undefined && given !== null && typeof given !== "string") fail(field, `${part} as a string`, value);
        address[part] = given ?? null;
      }
      return address;
    }
    case "time": {
      if (!isObject(value) || typeof value.value !== "string" || !/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(value.value)) {
        fail(field, "{ value: \"HH:MM:SS\", timezone_name?: IANA zone }", value);
      }
      const zone = value.timezone_name ?? store.users.find((u) => u.is_you)?.timezone_name ?? "UTC";
      const id = typeof zone === "string" ? timezoneId(zone) : 0;
      if (id === 0) fail(field, "timezone_name to be an IANA time zone such as Europe/London", value);
      const time = value.value.length === 5 ? `${value.value}:00` : value.value;
      return { value: time, timezone_id: id, timezone_name: zone };
    }
    default:
      return value;
  }
}

function optionList(field: FieldDefinition): string {
  return (field.options ?? []).map((o) => `${o.id} (${o.label})`).join(", ");
}

let zones: string[] | undefined;

/** Pipedrive numbers time zones; the sandbox numbers IANA zones by their position in Node's list (0 = unknown). */
export function timezoneId(name: string): number {
  zones ??= Intl.supportedValuesOf("timeZone");
  const index = zones.indexOf(name);
  return index === -1 ? (name === "UTC" ? zones.length + 1 : 0) : index + 1;
}

/**
 * The `custom_fields` of a response: every active custom field of the entity as a key (null when unset),
 * limited to `only` when given; enum and set values as `{id, label}` when `optionLabels` is set.
 */
export function renderCustomFields(
  store: Store,
  entity: EntityName,
  stored: Record<string, unknown>,
  options: { only?: ReadonlySet<string>; optionLabels?: boolean } = {},
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of store.customFields(entity)) {
    if (options.only && !options.only.has(field.field_code)) continue;
    const value = stored[field.field_code] ?? null;
    result[field.field_code] = value !== null && options.optionLabels ? withLabels(field, value) : value;
  }
  return result;
}

function withLabels(field: FieldDefinition, value: unknown): unknown {
  const label = (id: unknown) => ({ id, label: field.options?.find((o) => o.id === id)?.label ?? null });
  if (field.field_type === "enum") return label(value);
  if (field.field_type === "set" && Array.isArray(value)) return value.map(label);
  return value;
}
