/**
 * Field resolvers of one Bedrock object type. Plain fields read the Pipedrive record through the IR;
 * relations and fields of related records (`companyName`) go through `ctx.records`, whose DataLoaders batch
 * every parent of a list into one upstream call per level. A relation to an object the caller may not read
 * is a FORBIDDEN error on that field; a related record outside its object's filter is null.
 *
 * @example
 *   const resolvers = { Contact: objectResolvers(model, model.object("Contact")) };
 */
import type { GraphQLFieldResolver } from "graphql";
import type { IRField, IRObject, IRRelationSource } from "../dsl/ir.ts";
import type { GatewayContext, PipedriveRecord } from "./GatewayContext.ts";
import type { GatewayModel } from "./GatewayModel.ts";
import { GatewayError } from "./GatewayError.ts";
import { isOccurrenceField, occurrenceOf } from "./activityOccurrence.ts";
import { checkFirst } from "./pageCursor.ts";
import { pendingRelated } from "./prefetchRelations.ts";
import { filterParams, passesFilter, relationId } from "./recordRules.ts";
import { fieldReader, readFieldValue } from "./readFieldValue.ts";

type Resolver = GraphQLFieldResolver<PipedriveRecord, GatewayContext, Record<string, unknown>>;

/** Loads the target of a to-one relation, or null when unset, missing, or outside the target's filter. */
export async function loadRelated(model: GatewayModel, source: IRRelationSource, record: PipedriveRecord, ctx: GatewayContext): Promise<PipedriveRecord | null> {
  return relatedRecord(model.object(source.target), source, record, ctx);
}

// A related record this request already holds is answered synchronously: no promise for the executor to wait on.
function relatedRecord(target: IRObject, source: IRRelationSource, record: PipedriveRecord, ctx: GatewayContext): PipedriveRecord | null | Promise<PipedriveRecord | null> {
  const id = relationId(record, source);
  if (id === null) return null;
  const held = ctx.records.peek?.(target.entity, id);
  if (held !== undefined) return held && passesFilter(target, held) ? held : null;
  return (pendingRelated(ctx, target.entity, id) ?? ctx.records.get(target.entity, id)).then((related) => (related && passesFilter(target, related) ? related : null));
}

async function loadMany(target: IRObject, source: IRRelationSource, record: PipedriveRecord, ctx: GatewayContext, first: number): Promise<PipedriveRecord[]> {
  const via = source.via ?? source.key;
  const page = await ctx.records.list(target.entity, { params: { ...filterParams(target), [via]: record.id }, limit: first });
  return page.items.filter((item) => passesFilter(target, item));
}

/** Reads a plain field, with the Activity occurrence read back from where the gateway stores it. */
export function readValue(model: GatewayModel, object: IRObject, field: IRField, record: PipedriveRecord): unknown {
  if (isOccurrenceField(object, field)) return occurrenceOf(record);
  return readFieldValue(field, record, model.enums);
}

// readValue for one field, decided once per schema instead of once per record.
function valueReader(model: GatewayModel, object: IRObject, field: IRField): (record: PipedriveRecord) => unknown {
  return isOccurrenceField(object, field) ? occurrenceOf : fieldReader(field, model.enums);
}

function fieldResolver(model: GatewayModel, object: IRObject, field: IRField): Resolver {
  const source = field.source;
  if (source.kind === "field") return valueReader(model, object, field);
  if (source.kind === "relation") {
    const target = model.object(source.target);
    if (source.cardinality === "one") {
      return (record, _args, ctx) => {
        if (!ctx.can(source.target, "read")) throw GatewayError.forbidden(source.target, "read", field.name);
        return relatedRecord(target, source, record, ctx);
      };
    }
    return (record, args, ctx) => {
      if (!ctx.can(source.target, "read")) throw GatewayError.forbidden(source.target, "read", field.name);
      return loadMany(target, source, record, ctx, checkFirst(args.first ?? 20));
    };
  }
  const through = model.field(object, source.through);
  if (through.source.kind !== "relation") throw new Error(`${object.name}.${field.name}: ${source.through} is not a relation`);
  const via = through.source;
  const target = model.object(source.target);
  const read = valueReader(model, target, model.field(target, source.field));
  const readOrNull = (related: PipedriveRecord | null) => (related ? read(related) : null);
  return (record, _args, ctx) => {
    if (!ctx.can(source.target, "read")) throw GatewayError.forbidden(source.target, "read", field.name);
    if (via.cardinality === "many") return loadMany(target, via, record, ctx, 100).then((items) => items.map(read));
    const related = relatedRecord(target, via, record, ctx);
    return related instanceof Promise ? related.then(readOrNull) : readOrNull(related);
  };
}

export function objectResolvers(model: GatewayModel, object: IRObject): Record<string, Resolver> {
  return Object.fromEntries(object.fields.map((field) => [field.name, fieldResolver(model, object, field)]));
}
