/**
 * Refuses operations too big to serve before any resolver runs: nesting depth, aliases, page size
 * (`first` above the cap) and cost. Cost counts one per field, and a field taking `first` multiplies
 * the cost of its selection by that page size (the argument, its variable, or the schema's default), so
 * nested connections multiply: `contacts(first: 100) { nodes { company { name } } }` costs 1 + 100 × 3.
 * Introspection fields (`__schema`, `__type`, `__typename`) are not counted.
 *
 * @example
 *   const errors = checkQueryLimits({ schema, document, variables, limits: { maxDepth: 10, maxAliases: 30, maxCost: 5000, maxPageSize: 100 } });
 *   // [GraphQLError("Query depth 12 exceeds the limit of 10 (BEDROCK_MAX_DEPTH) …", { extensions: { code: "QUERY_LIMIT_EXCEEDED", limit: "depth" } })]
 */
import {
  GraphQLError, Kind,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from "graphql";
import type { QueryLimits } from "../config/GatewayConfig.ts";

export interface QueryLimitInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Readonly<Record<string, unknown>> | null;
  limits: QueryLimits;
}

interface Measure {
  depth: number;
  cost: number;
}

export function checkQueryLimits(input: QueryLimitInput): GraphQLError[] {
  const { schema, document, limits } = input;
  const operation = pickOperation(document, input.operationName);
  if (!operation) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = operation.operation === "query" ? schema.getQueryType() : operation.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return [];

  const errors: GraphQLError[] = [];
  let aliases = 0;
  const variables = input.variables ?? {};

  const measure = (selectionSet: SelectionSetNode, parent: unknown, depth: number, seen: ReadonlySet<string>): Measure => {
    let result: Measure = { depth, cost: 0 };
    const add = (m: Measure) => (result = { depth: Math.max(result.depth, m.depth), cost: result.cost + m.cost });
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith("__")) continue;
        if (selection.alias && selection.alias.value !== name) aliases++;
        const field = fieldOf(parent, name);
        let pageSize = 1;
        const firstArg = field?.args.find((a) => a.name === "first");
        if (firstArg) {
          const node = selection.arguments?.find((a) => a.name.value === "first");
          const given = node ? intValue(node.value, variables) : undefined;
          const value = typeof given === "number" ? given : typeof firstArg.defaultValue === "number" ? firstArg.defaultValue : limits.maxPageSize;
          if (value > limits.maxPageSize) {
            errors.push(limitError("pageSize", `Page size ${value} for '${name}' exceeds the limit of ${limits.maxPageSize} (BEDROCK_MAX_PAGE_SIZE); page with 'after' instead.`, value, limits.maxPageSize, selection));
          }
          pageSize = Math.max(value, 1);
        }
        const child = selection.selectionSet
          ? measure(selection.selectionSet, field ? namedType(field.type) : undefined, depth + 1, seen)
          : { depth: depth + 1, cost: 0 };
        add({ depth: child.depth, cost: 1 + pageSize * child.cost });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) ?? undefined : parent;
        add(measure(selection.selectionSet, type, depth, seen));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        add(measure(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, depth, new Set([...seen, name])));
      }
    }
    return result;
  };

  const total = measure(operation.selectionSet, root, 0, new Set());
  if (total.depth > limits.maxDepth) {
    errors.push(limitError("depth", `Query depth ${total.depth} exceeds the limit of ${limits.maxDepth} (BEDROCK_MAX_DEPTH); split the query.`, total.depth, limits.maxDepth, operation));
  }
  if (aliases > limits.maxAliases) {
    errors.push(limitError("aliases", `The query uses ${aliases} aliases; the limit is ${limits.maxAliases} (BEDROCK_MAX_ALIASES).`, aliases, limits.maxAliases, operation));
  }
  if (total.cost > limits.maxCost) {
    errors.push(limitError("cost", `Query cost ${total.cost} exceeds the limit of ${limits.maxCost} (BEDROCK_MAX_COST); ask for smaller pages ('first') or fewer nested connections.`, total.cost, limits.maxCost, operation));
  }
  return errors;
}

// The helpers below read the schema by shape, not with graphql's isObjectType/valueFromAST: under vitest the
// schema may come from another copy of graphql (CommonJS vs ESM), and graphql's instanceof checks throw then.
function fieldOf(parent: unknown, name: string): GraphQLField<unknown, unknown> | undefined {
  const getFields = (parent as { getFields?: () => Record<string, GraphQLField<unknown, unknown>> } | undefined)?.getFields;
  return typeof getFields === "function" ? getFields.call(parent)[name] : undefined;
}

function namedType(type: unknown): unknown {
  let t = type as { ofType?: unknown };
  while (t && t.ofType) t = t.ofType as { ofType?: unknown };
  return t;
}

function intValue(node: ValueNode, variables: Readonly<Record<string, unknown>>): number | undefined {
  if (node.kind === Kind.INT) return Number.parseInt(node.value, 10);
  if (node.kind === Kind.VARIABLE) {
    const value = variables[node.name.value];
    return typeof value === "number" ? value : undefined;
  }
  return undefined;
}

function pickOperation(document: DocumentNode, name: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return name ? operations.find((o) => o.name?.value === name) : operations[0];
}

function limitError(limit: string, message: string, actual: number, max: number, node: OperationDefinitionNode | FieldNode): GraphQLError {
  return new GraphQLError(message, { nodes: [node], extensions: { code: "QUERY_LIMIT_EXCEEDED", limit, actual, max } });
}
