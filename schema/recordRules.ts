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
  let exists = existence.get(object);
  if (!exists) {
    exists = existenceCheck(object);
    existence.set(object, exists);
  }
  return exists(record);
}

// Every node of every list goes through passesFilter, so each object's rule is worked out once, not per record.
const existence = new WeakMap<IRObject, (record: PipedriveRecord) => boolean>();

function existenceCheck(object: IRObject): (record: PipedriveRecord) => boolean {
  const required: IRRelationSource[] = [];
  for (const field of object.fields) {
    const s = field.source;
    if (s.kind === "relation" && s.cardinality === "one" && field.required && field.type.nonNull) required.push(s);
  }
  const filter = object.filter;
  const wanted = filter?.value;
  const matches =
    !filter ? () => true
    : typeof wanted === "boolean" ? (actual: unknown) => actual === wanted || actual === (wanted ? 1 : 0)
    : (actual: unknown) => actual === wanted || (actual !== null && actual !== undefined && String(actual) === String(wanted));
  return (record) => {
    for (const source of required) if (relationId(record, source) === null) return false;
    return !filter || matches(record[filter.key]);
  };
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
