import { ApiError } from "./ApiError.ts";
import { renderCustomFields } from "./customFieldValues.ts";
import { boolParam } from "./queryParams.ts";
import type { Store } from "./Store.ts";
import type { EntityName, StoredRecord } from "./types.ts";

export interface RenderOptions {
  only?: ReadonlySet<string>;
  optionLabels?: boolean;
}

/**
 * Reads the response options of a v2 read from its query: `custom_fields` (at most 15 field codes) and
 * `include_option_labels`.
 *
 * @example
 *   renderOptions({ include_option_labels: "true" }); // { optionLabels: true }
 */
export function renderOptions(query: Record<string, string>): RenderOptions {
  const options: RenderOptions = { optionLabels: boolParam(query, "include_option_labels") ?? false };
  const raw = query.custom_fields;
  if (raw !== undefined) {
    const keys = raw.split(",").map((k) => k.trim()).filter((k) => k !== "");
    if (keys.length > 15) throw ApiError.badRequest(`Query parameter custom_fields accepts at most 15 field codes, got ${keys.length}`);
    options.only = new Set(keys);
  }
  return options;
}

/**
 * A response view of a stored record: its properties plus its rendered custom fields. The view shares
 * nested values with the store, so it is never mutated; it stays valid while the record object does,
 * because writes replace records instead of mutating them (RecordRenderCache keeps views on that basis).
 */
export function renderRecord(store: Store, entity: EntityName, record: StoredRecord, options: RenderOptions = {}): Record<string, unknown> {
  return { ...record, custom_fields: renderCustomFields(store, entity, record.custom_fields, options) };
}
