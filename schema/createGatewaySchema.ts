/**
 * The executable GraphQL schema of an IR: the SDL of printSdl and the resolvers of the factories, joined by
 * `makeExecutableSchema`. Build it once per set of mappings; every request brings its own GatewayContext.
 *
 * @example
 *   const schema = createGatewaySchema(ir);
 *   const yoga = createYoga({ schema, context: ({ request }) => createGatewayContext({ client, ir, … }) });
 */
import { makeExecutableSchema } from "@graphql-tools/schema";
import { validateSchema, type GraphQLSchema } from "graphql";
import type { IR } from "../dsl/ir.ts";
import { GatewayModel } from "./GatewayModel.ts";
import { mutationResolvers } from "./mutationResolvers.ts";
import { objectResolvers } from "./objectResolvers.ts";
import { printSdl } from "./printSdl.ts";
import { queryResolvers } from "./queryResolvers.ts";
import { scalarResolvers } from "./scalarResolvers.ts";

export function createGatewaySchema(ir: IR): GraphQLSchema {
  const model = new GatewayModel(ir);
  const resolvers: Record<string, unknown> = { ...scalarResolvers };
  const query: Record<string, unknown> = {};
  const mutation: Record<string, unknown> = {};
  for (const object of ir.objects) {
    resolvers[object.name] = objectResolvers(model, object);
    Object.assign(query, queryResolvers(model, object));
    Object.assign(mutation, mutationResolvers(model, object));
  }
  resolvers.Query = query;
  if (Object.keys(mutation).length > 0) resolvers.Mutation = mutation;
  const schema = makeExecutableSchema({ typeDefs: printSdl(ir), resolvers: resolvers as never });
  // makeExecutableSchema does not run GraphQL's schema validation; an invalid schema would otherwise only show
  // at the first query, as "Unexpected error." for every caller.
  const problems = validateSchema(schema);
  if (problems.length > 0) {
    throw new InvalidSchemaError(
      `the mappings compile to a GraphQL schema that GraphQL rejects: ${problems.map((p) => p.message).join("; ")}. ` +
        "`bedrock-gateway check` should have caught this: fix the names it points at, and report the gap.",
    );
  }
  return schema;
}

/** The IR passed the checker but its schema breaks a GraphQL rule (a checker gap, never a user's request). */
export class InvalidSchemaError extends Error {
  override name = "InvalidSchemaError";
}
