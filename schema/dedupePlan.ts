/**
 * How a create finds the record it would duplicate, from the object's `dedupe by` fields. Contacts and
 * Companies ask Pipedrive's search (exact match on the searchable field: email, phone or name), then verify
 * every dedupe field on the full records, since search matches loosely. Other objects list the records of
 * the related parent (an Activity's Contact: `person_id`) and compare; an Activity's occurrence is compared
 * where the gateway stores it (due date and time). `key` is the lock that serialises concurrent creates.
 *
 * @example
 *   const plan = dedupePlan(model, contact, { email: "ada@x.test" });
 *   plan && (await plan.find(ctx)); // the existing Contact's record, or null
 */
import type { IRField, IRObject } from "../dsl/ir.ts";
import type { GatewayContext, PipedriveRecord } from "./GatewayContext.ts";
import type { GatewayModel } from "./GatewayModel.ts";
import { isOccurrenceField, occurrenceToDue, sameOccurrence } from "./activityOccurrence.ts";
import { ENTITY_CAPABILITIES } from "./entityCapabilities.ts";
import { readValue } from "./objectResolvers.ts";
import { filterParams, passesFilter, relationId } from "./recordRules.ts";

export interface DedupePlan {
  readonly key: string;
  find(ctx: GatewayContext): Promise<PipedriveRecord | null>;
}

/** Upper bound on records a list-based dedupe reads (pages of 500). */
const MAX_DEDUPE_PAGES = 10;

const SEARCH_FIELDS: Record<string, string> = { emails: "email", phones: "phone", name: "name", first_name: "name", last_name: "name" };

function normalise(value: unknown): unknown {
  return typeof value === "string" ? value.trim().toLowerCase() : value;
}

function matchesField(model: GatewayModel, object: IRObject, field: IRField, value: unknown, record: PipedriveRecord): boolean {
  const source = field.source;
  if (source.kind === "relation") {
    const wanted = Number(value);
    if (relationId(record, source) === wanted) return true;
    const participants = record.participants;
    return source.key === "person_id" && Array.isArray(participants) && participants.some((p) => (p as Record<string, unknown>)?.person_id === wanted && (p as Record<string, unknown>)?.primary === true);
  }
  if (isOccurrenceField(object, field)) return sameOccurrence(record, occurrenceToDue(String(value)));
  return JSON.stringify(normalise(readValue(model, object, field, record))) === JSON.stringify(normalise(value));
}

export function dedupePlan(model: GatewayModel, object: IRObject, input: Readonly<Record<string, unknown>>): DedupePlan | null {
  if (object.dedupe.length === 0) return null;
  const fields = object.dedupe.map((name) => model.field(object, name));
  const values = fields.map((f) => input[f.name]);
  if (values.some((v) => v === null || v === undefined || v === "")) return null;
  const matches = (record: PipedriveRecord) =>
    passesFilter(object, record) && fields.every((f, i) => matchesField(model, object, f, values[i], record));
  // Equal values must share a lock: the occurrence as stored (UTC minute), strings case-insensitively.
  const keyParts = fields.map((f, i) => (isOccurrenceField(object, f) ? occurrenceToDue(String(values[i])) : normalise(values[i])));
  const key = `dedupe:${object.name}:${JSON.stringify(keyParts)}`;

  const searchable = fields.findIndex((f) => f.source.kind === "field" && !f.source.custom && SEARCH_FIELDS[f.source.key] !== undefined);
  if ((object.entity === "Person" || object.entity === "Organization") && searchable >= 0) {
    const entity = object.entity;
    const source = fields[searchable]!.source as { key: string };
    return {
      key,
      async find(ctx) {
        const hits = await ctx.records.search(entity, { term: String(values[searchable]), fields: [SEARCH_FIELDS[source.key]!], exactMatch: true, limit: 10 });
        const records = await Promise.all(hits.map((h) => ctx.records.get(entity, h.id)));
        return records.find((r): r is PipedriveRecord => r !== null && matches(r)) ?? null;
      },
    };
  }

  const params: Record<string, string | number | boolean> = { ...filterParams(object) };
  const listable = new Set(ENTITY_CAPABILITIES[object.entity].filters.map((f) => f.param));
  fields.forEach((f, i) => {
    if (f.source.kind === "relation" && !f.source.custom && listable.has(f.source.key)) params[f.source.key] = Number(values[i]);
  });
  return {
    key,
    async find(ctx) {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_DEDUPE_PAGES; page++) {
        const result = await ctx.records.list(object.entity, { params, limit: 500, ...(cursor ? { cursor } : {}) });
        const found = result.items.find(matches);
        if (found) return found;
        if (result.nextCursor === null) return null;
        cursor = result.nextCursor;
      }
      return null;
    },
  };
}
