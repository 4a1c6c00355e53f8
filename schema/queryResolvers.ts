/**
 * Root query fields of one object: lookup by id, a Relay connection over Pipedrive's list endpoint (its
 * filters, sort and cursor), and search where Pipedrive can search. Every one checks `ctx.can(object, "read")`
 * first and honours the object's filter (a not-done Activity does not exist here).
 *
 * @example
 *   const Query = Object.assign({}, ...ir.objects.map((o) => queryResolvers(model, o)));
 */
import type { GraphQLFieldResolver, GraphQLResolveInfo } from "graphql";
import type { IRObject } from "../dsl/ir.ts";
import type { GatewayContext, PipedriveRecord } from "./GatewayContext.ts";
import type { GatewayModel } from "./GatewayModel.ts";
import { GatewayError } from "./GatewayError.ts";
import { DEAL_STATUSES, ENTITY_CAPABILITIES } from "./entityCapabilities.ts";
import { graphqlNames } from "./graphqlNames.ts";
import { checkFirst, decodeCursor, encodeCursor } from "./pageCursor.ts";
import { prefetchRelations } from "./prefetchRelations.ts";
import { filterParams, parseId, passesFilter } from "./recordRules.ts";

type Resolver = GraphQLFieldResolver<unknown, GatewayContext, Record<string, unknown>>;

const SORT_FIELDS: Record<string, string> = { ID: "id", UPDATED_AT: "update_time", CREATED_AT: "add_time" };

export interface Connection {
  edges: { cursor: string; node: PipedriveRecord }[];
  nodes: PipedriveRecord[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

function listParams(object: IRObject, filter: Record<string, unknown> | null | undefined, orderBy: Record<string, unknown> | null | undefined) {
  const params: Record<string, string | number | boolean> = {};
  for (const spec of ENTITY_CAPABILITIES[object.entity].filters) {
    const value = filter?.[spec.name];
    if (value === null || value === undefined) continue;
    if (spec.type === "ID") params[spec.param] = parseId(value, `filter.${spec.name}`);
    else if (spec.type === "Status") {
      const status = String(value).toLowerCase();
      if (!(DEAL_STATUSES as readonly string[]).includes(status)) throw GatewayError.badInput(`filter.${spec.name}`, `filter.status must be one of ${DEAL_STATUSES.join(", ")}; got ${JSON.stringify(value)}.`);
      params[spec.param] = status;
    } else params[spec.param] = new Date(String(value)).toISOString().replace(/\.000Z$/, "Z");
  }
  if (orderBy) {
    params.sort_by = SORT_FIELDS[String(orderBy.field)] ?? "id";
    params.sort_direction = orderBy.direction === "DESC" ? "desc" : "asc";
  }
  return { ...params, ...filterParams(object) };
}

async function connection(model: GatewayModel, object: IRObject, args: Record<string, unknown>, ctx: GatewayContext, info: GraphQLResolveInfo): Promise<Connection> {
  const first = checkFirst(args.first);
  const start = decodeCursor(args.after as string | undefined);
  const params = listParams(object, args.filter as Record<string, unknown> | undefined, args.orderBy as Record<string, unknown> | undefined);
  const page = await ctx.records.list(object.entity, {
    params,
    limit: first + start.skip,
    ...(start.cursor === null ? {} : { cursor: start.cursor }),
  });
  const nodes: PipedriveRecord[] = [];
  const skips: number[] = []; // each node's position in the upstream page, which its edge cursor encodes
  const end = Math.min(page.items.length, start.skip + first);
  for (let i = start.skip; i < end; i++) {
    const node = page.items[i]!;
    if (passesFilter(object, node)) {
      nodes.push(node);
      skips.push(i + 1);
    }
  }
  await prefetchRelations(model, object, nodes, info, ctx);
  // Users are paged locally (no upstream cursor): more remain when the page was full.
  const localMore = object.entity === "User" && page.items.length > start.skip + first;
  const hasNextPage = page.nextCursor !== null || localMore;
  const lastSkip = skips.at(-1);
  const endCursor =
    page.nextCursor ??
    (localMore ? encodeCursor({ cursor: null, skip: start.skip + first }) : lastSkip === undefined ? null : encodeCursor({ cursor: start.cursor, skip: lastSkip }));
  return new LazyConnection(nodes, skips, start.cursor, { hasNextPage, endCursor });
}

// Edge cursors cost a JSON + base64 encoding each, so they are built only when a query selects `edges`.
class LazyConnection implements Connection {
  readonly nodes: PipedriveRecord[];
  readonly pageInfo: Connection["pageInfo"];
  readonly #skips: readonly number[];
  readonly #cursor: string | null;
  #edges: Connection["edges"] | undefined;

  constructor(nodes: PipedriveRecord[], skips: readonly number[], cursor: string | null, pageInfo: Connection["pageInfo"]) {
    this.nodes = nodes;
    this.pageInfo = pageInfo;
    this.#skips = skips;
    this.#cursor = cursor;
  }

  get edges(): Connection["edges"] {
    this.#edges ??= this.nodes.map((node, i) => ({ cursor: encodeCursor({ cursor: this.#cursor, skip: this.#skips[i]! }), node }));
    return this.#edges;
  }
}

export function queryResolvers(model: GatewayModel, object: IRObject): Record<string, Resolver> {
  const names = graphqlNames(object.name);
  const mustRead = (ctx: GatewayContext) => {
    if (!ctx.can(object.name, "read")) throw GatewayError.forbidden(object.name, "read");
  };
  const out: Record<string, Resolver> = {
    [names.lookup]: async (_root, args, ctx) => {
      mustRead(ctx);
      const record = await ctx.records.get(object.entity, parseId(args.id));
      return record && passesFilter(object, record) ? record : null;
    },
    [names.connection]: async (_root, args, ctx, info) => {
      mustRead(ctx);
      return connection(model, object, args, ctx, info);
    },
  };
  const search = ENTITY_CAPABILITIES[object.entity].search;
  if (search && (object.entity === "Person" || object.entity === "Organization")) {
    const entity = object.entity;
    out[names.search] = async (_root, args, ctx) => {
      mustRead(ctx);
      const first = checkFirst(args.first);
      const term = String(args.term ?? "").trim();
      const exact = args.exact === true;
      if (term.length < (exact ? 1 : 2)) throw GatewayError.badInput("term", `term must have at least ${exact ? 1 : 2} characters${exact ? "" : " (1 with exact: true)"}; got ${JSON.stringify(args.term)}.`);
      const hits = await ctx.records.search(entity, { term, fields: search.fields, exactMatch: exact, limit: first });
      const records = await Promise.all(hits.map((hit) => ctx.records.get(entity, hit.id)));
      return records.filter((r): r is PipedriveRecord => r !== null && passesFilter(object, r));
    };
  }
  return out;
}
