/**
 * A validation rule refusing `__schema` and `__type` (BEDROCK_INTROSPECTION=false). `__typename` stays
 * allowed: clients need it. Written by shape rather than with graphql's NoSchemaIntrospectionCustomRule,
 * whose instanceof checks fail when yoga and this file load different copies of graphql (vitest).
 *
 * @example
 *   validate(schema, parse("{ __schema { types { name } } }"), [noIntrospectionRule]); // one error
 */
import { GraphQLError, type ASTVisitor, type ValidationContext } from "graphql";

export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      const name = node.name.value;
      if (name === "__schema" || name === "__type") {
        context.reportError(
          new GraphQLError(`GraphQL introspection ('${name}') is switched off on this gateway (BEDROCK_INTROSPECTION=false); see schema/bedrock.graphql for the schema.`, {
            nodes: [node],
            extensions: { code: "INTROSPECTION_DISABLED" },
          }),
        );
      }
    },
  };
}
