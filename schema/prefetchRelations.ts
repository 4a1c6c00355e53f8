/**
 * Look-ahead for a page of records: loads the to-one relations a query selects on the page's nodes (directly,
 * or through a related field such as `companyName`) before the page is returned, so every node's relation
 * resolves synchronously from the request's held records instead of as one promise per node. The loads are
 * the ones the field resolvers would make, in the same order, so Pipedrive sees the same batched calls; a
 * relation the caller may not read is not loaded. A failed load is kept for this request's resolvers
 * (`pendingRelated`), so the error lands on the field, as without look-ahead, and is not fetched twice.
 *
 * @example
 *   const nodes = page.items;
 *   await prefetchRelations(model, model.object("Contact"), nodes, info, ctx); // orgs and users loaded, batched
 */
import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import type { IRObject, IRRelationSource } from "../dsl/ir.ts";
import type { GatewayContext, PipedriveRecord } from "./GatewayContext.ts";
import type { GatewayModel } from "./GatewayModel.ts";
import { relationId } from "./recordRules.ts";

type Loads = Map<string, Map<number, Promise<PipedriveRecord | null>>>; // entity → id → load

const pending = new WeakMap<GatewayContext, Loads>();

/** The look-ahead load of (entity, id) in this request, if one was made; undefined otherwise. */
export function pendingRelated(ctx: GatewayContext, entity: string, id: number): Promise<PipedriveRecord | null> | undefined {
  return pending.get(ctx)?.get(entity)?.get(id);
}

export async function prefetchRelations(model: GatewayModel, object: IRObject, nodes: readonly PipedriveRecord[], info: GraphQLResolveInfo, ctx: GatewayContext): Promise<void> {
  const records = ctx.records;
  if (nodes.length === 0 || !records.peek) return;
  const names: string[] = [];
  for (const field of info.fieldNodes) {
    for (const child of selectedFields(field.selectionSet, info)) {
      if (child.name.value === "nodes") names.push(...selectedFields(child.selectionSet, info).map((f) => f.name.value));
      if (child.name.value === "edges") {
        for (const edge of selectedFields(child.selectionSet, info)) {
          if (edge.name.value === "node") names.push(...selectedFields(edge.selectionSet, info).map((f) => f.name.value));
        }
      }
    }
  }
  const relations = toOneRelations(model, object, names, ctx);
  if (relations.length === 0) return;
  const entities = relations.map((source) => model.object(source.target).entity);
  let loads = pending.get(ctx);
  const started: Promise<PipedriveRecord | null>[] = [];
  for (const node of nodes) {
    for (let r = 0; r < relations.length; r++) {
      const id = relationId(node, relations[r]!);
      if (id === null) continue;
      const entity = entities[r]!;
      if (records.peek(entity, id) !== undefined) continue;
      if (!loads) pending.set(ctx, (loads = new Map()));
      let byId = loads.get(entity);
      if (!byId) loads.set(entity, (byId = new Map()));
      if (byId.has(id)) continue;
      const load = records.get(entity, id);
      byId.set(id, load);
      started.push(load);
    }
  }
  await Promise.allSettled(started);
}

// The to-one relations behind the selected field names, in selection order, once each, readable by the caller.
function toOneRelations(model: GatewayModel, object: IRObject, names: readonly string[], ctx: GatewayContext): IRRelationSource[] {
  const out: IRRelationSource[] = [];
  for (const name of names) {
    const field = object.fields.find((f) => f.name === name);
    if (!field) continue;
    let source = field.source;
    if (source.kind === "related") {
      if (!ctx.can(source.target, "read")) continue;
      const through = object.fields.find((f) => f.name === (source as { through: string }).through)?.source;
      if (!through || through.kind !== "relation") continue;
      source = through;
    }
    if (source.kind !== "relation" || source.cardinality !== "one" || !ctx.can(source.target, "read")) continue;
    if (!out.includes(source)) out.push(source);
  }
  return out;
}

// The fields a selection set asks for, through fragments, leaving out those @skip/@include turn off.
function selectedFields(set: SelectionSetNode | undefined, info: GraphQLResolveInfo): FieldNode[] {
  const out: FieldNode[] = [];
  if (!set) return out;
  for (const selection of set.selections) {
    if (!included(selection, info)) continue;
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) out.push(...selectedFields(selection.selectionSet, info));
    else out.push(...selectedFields(info.fragments[selection.name.value]?.selectionSet, info));
  }
  return out;
}

function included(node: Parameters<typeof getDirectiveValues>[1], info: GraphQLResolveInfo): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}
