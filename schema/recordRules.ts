/**
 * Small facts about records every resolver needs: whether a record exists for the gateway (the object's
 * `where` filter), the id a to-one relation points at, and a caller's id argument as a Pipedrive id.
 *
 * @example
 *   passesFilter(activity, { id: 9, done: false }); // false: not-done activities do not exist for the gateway
 *   relationId({ id: 1, owner_id: 1002 }, ownerSource); // 1002
 */
import type { IRObject, IRRelationSource } from "../dsl/ir.ts";
import type { PipedriveRecord } from "./GatewayContext.ts";
import { GatewayError } from "./GatewayError.ts";

/**
 * Whether a record exists for the gateway: it passes the object's `where` filter, and every non-null to-one
 * relation the mapping requires is set (an Activity without a Contact cannot sync, so it is not served).
 */
export function passesFilter(object: IRObject, record: PipedriveRecord): boolean {
  for (const field of object.fields) {
    const s = field.source;
    if (s.kind === "relation" && s.cardinality === "one" && field.required && field.type.nonNull && relationId(record, s) === null) return false;
  }
  if (!object.filter) return true;
  const actual = record[object.filter.key];
  const wanted = object.filter.value;
  if (typeof wanted === "boolean") return actual === wanted || actual === (wanted ? 1 : 0);
  return actual === wanted || (actual !== null && actual !== undefined && String(actual) === String(wanted));
}

/** The object's filter as list parameters (`done=true`), so lists ask Pipedrive only for records that exist here. */
export function filterParams(object: IRObject): Record<string, string | number | boolean> {
  if (!object.filter || object.filter.value === null) return {};
  return { [object.filter.key]: object.filter.value };
}

function asId(value: unknown): number | null {
  if (value && typeof value === "object") {
    const inner = value as Record<string, unknown>;
    return asId(inner.id ?? inner.value);
  }
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function relationId(record: PipedriveRecord, source: IRRelationSource): number | null {
  if (source.custom) {
    const custom = record.custom_fields as Record<string, unknown> | undefined;
    return asId(custom && source.key in custom ? custom[source.key] : record[source.key]);
  }
  return asId(record[source.key]);
}

export function parseId(value: unknown, field = "id"): number {
  const id = asId(value);
  if (id === null) throw GatewayError.badInput(field, `${field} must be the numeric id of a Pipedrive record; got ${JSON.stringify(value)}.`);
  return id;
}
