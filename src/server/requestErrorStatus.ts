/**
 * A graphql-yoga plugin giving GraphQL *request* errors (the operation never ran, so the response has no
 * `data`) the status the GraphQL-over-HTTP spec asks for: 400 when the client accepts
 * `application/graphql-response+json`, 200 in the legacy `application/json` mode. Yoga already does this for
 * parse and validation errors; this covers the rest: variable coercion (which would otherwise answer 400 to a
 * legacy client, with no `extensions.code`), the gateway's query-limit refusals (which would otherwise answer 200
 * without `data` to a graphql-response+json client, against the spec's MUST) and an operation name that names no
 * operation. A request without `query` (PERSISTED_QUERY_NOT_SUPPORTED when it names a persisted query), or with an `operationName` that is not a string, is no request error
 * but a malformed request: 400 BAD_REQUEST in both modes (yoga answers the first 200 to legacy clients and does
 * not check the second). Register it before the plugin that refuses queries in `onExecute`, so its `onExecuteDone` still runs.
 *
 * @example
 *   createYoga({ schema, plugins: [requestErrorStatus(), { onExecute: ({ setResultAndStopExecution }) => ... }] });
 *   // POST { query: "query($id: ID!) { contact(id: $id) { id } }", variables: {} }
 *   //   Accept: application/graphql-response+json → 400, errors[0].extensions.code = "BAD_USER_INPUT"
 *   //   Accept: application/json                  → 200, the same body
 */
import { GraphQLError, type ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";

/** Yoga's code for an `operationName` that matches no operation in the document (or none given for several). */
const OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE";

export function requestErrorStatus(): Plugin {
  return {
    onParams({ params }) {
      const { query, operationName, extensions } = params as { query?: unknown; operationName?: unknown; extensions?: { persistedQuery?: unknown } };
      if ((query === undefined || query === null) && extensions?.persistedQuery) {
        // The code is what Apollo's persisted-query link looks for to fall back to sending the full query.
        throw malformed("Persisted queries are not supported by this gateway (PersistedQueryNotSupported); send the full query.", "PERSISTED_QUERY_NOT_SUPPORTED");
      }
      if (query === undefined || query === null) {
        throw malformed(`The request has no "query"; send {"query": "{ ... }", "variables": {...}} as a JSON body, or ?query= on a GET.`);
      }
      if (operationName !== undefined && operationName !== null && typeof operationName !== "string") {
        throw malformed(`Expected "operationName" to be a string or null, but given ${Array.isArray(operationName) ? "array" : typeof operationName}; send the name of one operation in the document.`);
      }
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (!isRequestError(result)) return;
          setResult({ ...result, errors: result.errors.map((error) => asRequestError(error, "BAD_USER_INPUT")) });
        },
      };
    },
    onResultProcess({ result, setResult }) {
      if (!isRequestError(result) || !result.errors.some((e) => e.extensions?.code === OPERATION_RESOLUTION_FAILURE)) return;
      setResult({ ...result, errors: result.errors.map((error) => (error.extensions?.code === OPERATION_RESOLUTION_FAILURE ? asRequestError(error, OPERATION_RESOLUTION_FAILURE) : error)) });
    },
  };
}

function malformed(message: string, code = "BAD_REQUEST"): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

function isRequestError(result: unknown): result is ExecutionResult & { errors: readonly GraphQLError[] } {
  return typeof result === "object" && result !== null && !Array.isArray(result) && !(Symbol.asyncIterator in result) && !("data" in result) && Array.isArray((result as ExecutionResult).errors) && (result as ExecutionResult).errors!.length > 0;
}

// `http.spec` tells yoga the status is the spec's graphql-response+json one, dropped for legacy application/json.
function asRequestError(error: GraphQLError, defaultCode: string): GraphQLError {
  const extensions = error.extensions ?? {};
  const http = typeof extensions.http === "object" && extensions.http !== null ? extensions.http : {};
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    originalError: error.originalError ?? null,
    extensions: { ...extensions, code: extensions.code ?? defaultCode, http: { ...http, status: 400, spec: true } },
  });
}
