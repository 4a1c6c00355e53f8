/**
 * A graphql-yoga plugin turning a `variables` or `extensions` parameter that is not JSON (in a GET query string
 * or a form-encoded POST) into 400 BAD_REQUEST naming the problem. Without it yoga's parser throws a bare
 * SyntaxError, which the gateway's error masking answers as "Unexpected error." (a client mistake reported as
 * the server's).
 *
 * @example
 *   createYoga({ schema, plugins: [rejectInvalidJsonParams()] });
 *   // GET /graphql?query={__typename}&variables={nope → 400 {"errors":[{"message":"The 'variables' or ...","extensions":{"code":"BAD_REQUEST"}}]}
 */
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

export function rejectInvalidJsonParams(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      // Only a GET or a form-encoded POST carries variables/extensions as URL-encoded JSON; yoga answers a POST's
      // bad JSON body itself.
      if (!requestParser || !(request.method === "GET" || isFormEncodedPost(request))) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          throw new GraphQLError(
            `The 'variables' or 'extensions' parameter is not valid JSON (${error.message.slice(0, 200)}); send each as URL-encoded JSON, e.g. variables=%7B%22id%22%3A%221%22%7D for {"id":"1"}.`,
            { extensions: { code: "BAD_REQUEST", http: { status: 400 } } },
          );
        }
      });
    },
  };
}

// The Content-Type is already lowercased by normalizeContentType when it reaches yoga.
function isFormEncodedPost(request: Request): boolean {
  return request.method === "POST" && (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
}
