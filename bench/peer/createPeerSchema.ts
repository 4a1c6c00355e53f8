import DataLoader from "dataloader";
import {
  GraphQLBoolean,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLFieldConfigMap,
  type GraphQLNullableType,
} from "graphql";
import type { PeerEntity, PeerRecord, PeerUpstream } from "./PeerUpstream.ts";

/** What every peer resolver receives: the shared upstream (users cached) and this request's loaders. */
export interface PeerContext {
  upstream: PeerUpstream;
  load(entity: PeerEntity, id: unknown): Promise<PeerRecord | null>;
}

/**
 * One context per request: a DataLoader per entity batching ids into `?ids=` calls (100 at most).
 *
 * @example
 *   const context = createPeerContext(upstream);
 *   await Promise.all([context.load("organizations", 1), context.load("organizations", 2)]); // one call
 */
export function createPeerContext(upstream: PeerUpstream): PeerContext {
  const loaders = new Map<PeerEntity, DataLoader<number, PeerRecord | null>>();
  const loaderOf = (entity: PeerEntity) => {
    let loader = loaders.get(entity);
    if (!loader) {
      loader = new DataLoader(
        async (ids: readonly number[]) => {
          const found = await upstream.getByIds(entity, ids);
          return ids.map((id) => found.get(id) ?? null);
        },
        { maxBatchSize: 100 },
      );
      loaders.set(entity, loader);
    }
    return loader;
  };
  return {
    upstream,
    load: (entity, id) => (typeof id === "number" ? loaderOf(entity).load(id) : Promise.resolve(null)),
  };
}

const nonNull = <T extends GraphQLNullableType>(type: T) => new GraphQLNonNull(type);
// Pipedrive v2 sends related ids as plain integers; a few places may carry `{ value }` objects.
const idOf = (value: unknown): unknown => (value && typeof value === "object" && "value" in value ? value.value : value);

function primaryEmail(person: PeerRecord): string | null {
  const emails = (person.emails as { value: string; primary?: boolean }[] | undefined) ?? [];
  return (emails.find((email) => email.primary) ?? emails[0])?.value ?? null;
}

async function ownerOf(record: PeerRecord, context: PeerContext): Promise<PeerRecord | null> {
  const id = idOf(record.owner_id);
  return typeof id === "number" ? ((await context.upstream.users()).get(id) ?? null) : null;
}

const Owner = new GraphQLObjectType<PeerRecord, PeerContext>({
  name: "Owner",
  fields: {
    id: { type: nonNull(GraphQLID) },
    name: { type: GraphQLString },
    email: { type: GraphQLString },
  },
});

const Company = new GraphQLObjectType<PeerRecord, PeerContext>({
  name: "Company",
  fields: {
    id: { type: nonNull(GraphQLID) },
    name: { type: GraphQLString },
    owner: { type: Owner, resolve: (record, _args, context) => ownerOf(record, context) },
  },
});

const Contact = new GraphQLObjectType<PeerRecord, PeerContext>({
  name: "Contact",
  fields: {
    id: { type: nonNull(GraphQLID) },
    firstName: { type: GraphQLString, resolve: (person) => person.first_name },
    lastName: { type: GraphQLString, resolve: (person) => person.last_name },
    email: { type: GraphQLString, resolve: primaryEmail },
    owner: { type: Owner, resolve: (record, _args, context) => ownerOf(record, context) },
    company: { type: Company, resolve: (person, _args, context) => context.load("organizations", idOf(person.org_id)) },
  },
});

const Activity = new GraphQLObjectType<PeerRecord, PeerContext>({
  name: "Activity",
  fields: {
    id: { type: nonNull(GraphQLID) },
    subject: { type: GraphQLString },
    type: { type: GraphQLString },
    doneAt: { type: GraphQLString, resolve: (activity) => activity.marked_as_done_time },
    contact: { type: Contact, resolve: (activity, _args, context) => context.load("persons", idOf(activity.person_id)) },
  },
});

const Opportunity = new GraphQLObjectType<PeerRecord, PeerContext>({
  name: "Opportunity",
  fields: {
    id: { type: nonNull(GraphQLID) },
    title: { type: GraphQLString },
    expectedCloseDate: { type: GraphQLString, resolve: (deal) => deal.expected_close_date },
  },
});

const PageInfo = new GraphQLObjectType({
  name: "PageInfo",
  fields: { hasNextPage: { type: nonNull(GraphQLBoolean) }, endCursor: { type: GraphQLString } },
});

type Page = { nodes: PeerRecord[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

function connection(node: GraphQLObjectType<PeerRecord, PeerContext>): GraphQLObjectType<Page, PeerContext> {
  return new GraphQLObjectType<Page, PeerContext>({
    name: `${node.name}Connection`,
    fields: { nodes: { type: nonNull(new GraphQLList(nonNull(node))) }, pageInfo: { type: nonNull(PageInfo) } },
  });
}

// One list call per page; `filter` holds fixed upstream filters (only done activities exist for callers).
async function page(context: PeerContext, entity: PeerEntity, args: { first: number; after?: string | null }, filter: Record<string, string> = {}): Promise<Page> {
  if (!(args.first >= 1 && args.first <= 100)) throw new Error(`first must be within 1..100, got ${args.first}`);
  const params: Record<string, string> = { ...filter, limit: String(args.first) };
  if (args.after) params.cursor = args.after;
  const { items, nextCursor } = await context.upstream.list(entity, params);
  return { nodes: items, pageInfo: { hasNextPage: nextCursor !== null, endCursor: nextCursor } };
}

const pageArgs = { first: { type: nonNull(GraphQLInt), defaultValue: 20 }, after: { type: GraphQLString } };

const queryFields: GraphQLFieldConfigMap<unknown, PeerContext> = {
  contact: {
    type: Contact,
    args: { id: { type: nonNull(GraphQLID) } },
    resolve: (_root, args: { id: string }, context) => context.upstream.get("persons", Number(args.id)),
  },
  contacts: {
    type: nonNull(connection(Contact)),
    args: pageArgs,
    resolve: (_root, args: { first: number; after?: string }, context) => page(context, "persons", args),
  },
  activities: {
    type: nonNull(connection(Activity)),
    args: pageArgs,
    resolve: (_root, args: { first: number; after?: string }, context) => page(context, "activities", args, { done: "true" }),
  },
};

const CreateContactInput = new GraphQLInputObjectType({
  name: "CreateContactInput",
  fields: {
    firstName: { type: nonNull(GraphQLString) },
    lastName: { type: nonNull(GraphQLString) },
    email: { type: GraphQLString },
  },
});

const UpdateOpportunityInput = new GraphQLInputObjectType({
  name: "UpdateOpportunityInput",
  fields: { expectedCloseDate: { type: GraphQLString } },
});

const CreateContactPayload = new GraphQLObjectType({
  name: "CreateContactPayload",
  fields: { contact: { type: nonNull(Contact) }, matched: { type: nonNull(GraphQLBoolean) } },
});

const UpdateOpportunityPayload = new GraphQLObjectType({
  name: "UpdateOpportunityPayload",
  fields: { opportunity: { type: nonNull(Opportunity) } },
});

type CreateContactArgs = { input: { firstName: string; lastName: string; email?: string | null } };

const mutationFields: GraphQLFieldConfigMap<unknown, PeerContext> = {
  // Same rule as the gateway's contact.map: a known primary email returns the existing Contact.
  createContact: {
    type: nonNull(CreateContactPayload),
    args: { input: { type: nonNull(CreateContactInput) } },
    resolve: async (_root, { input }: CreateContactArgs, context) => {
      if (input.email) {
        const wanted = input.email.toLowerCase();
        // Search hits are summaries (emails as plain strings): verify the match, then read the full record.
        const hits = await context.upstream.searchPersonsByEmail(input.email);
        const hit = hits.find((item) => (item.emails as unknown[] | undefined)?.some((email) => String(email).toLowerCase() === wanted));
        const existing = hit ? await context.upstream.get("persons", hit.id) : null;
        if (existing) return { contact: existing, matched: true };
      }
      const body: Record<string, unknown> = { first_name: input.firstName, last_name: input.lastName };
      if (input.email) body.emails = [{ value: input.email, primary: true, label: "work" }];
      return { contact: await context.upstream.create("persons", body), matched: false };
    },
  },
  updateOpportunity: {
    type: nonNull(UpdateOpportunityPayload),
    args: { id: { type: nonNull(GraphQLID) }, input: { type: nonNull(UpdateOpportunityInput) } },
    resolve: async (_root, args: { id: string; input: { expectedCloseDate?: string | null } }, context) => {
      if (args.input.expectedCloseDate === null) throw new Error("expectedCloseDate can be changed but not cleared");
      const body = args.input.expectedCloseDate ? { expected_close_date: args.input.expectedCloseDate } : {};
      return { opportunity: await context.upstream.update("deals", Number(args.id), body) };
    },
  },
};

/**
 * The peer's schema: just what the benchmark's query mix needs, written by hand with graphql-js.
 *
 * @example
 *   const schema = createPeerSchema();
 *   await graphql({ schema, source: "{ contact(id: 1) { firstName } }", contextValue: createPeerContext(upstream) });
 */
export function createPeerSchema(): GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: queryFields }),
    mutation: new GraphQLObjectType({ name: "Mutation", fields: mutationFields }),
  });
}
