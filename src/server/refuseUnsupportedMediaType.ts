/**
 * A graphql-yoga plugin answering a POST whose Content-Type no request parser takes with 415 and a GraphQL-shaped
 * body (`extensions.code = "UNSUPPORTED_MEDIA_TYPE"`) naming the type sent and the one to send; yoga's own 415
 * has an empty body, which leaves a client guessing.
 *
 * @example
 *   createYoga({ schema, plugins: [refuseUnsupportedMediaType()] });
 *   // POST text/plain → 415 {"errors":[{"message":"Content-Type \"text/plain\" is not supported; ...","extensions":{"code":"UNSUPPORTED_MEDIA_TYPE"}}]}
 */
import type { Plugin } from "graphql-yoga";

export function refuseUnsupportedMediaType(): Plugin {
  return {
    onRequestParse({ request, requestParser, endResponse, fetchAPI }) {
      // Other methods are yoga's to refuse, with 405.
      if (requestParser || request.method !== "POST") return;
      const sent = request.headers.get("content-type");
      const what = sent ? `Content-Type ${JSON.stringify(sent.slice(0, 100))} is not supported` : "The request has no Content-Type";
      const message = `${what}; POST the query as JSON with 'Content-Type: application/json' ({"query": "...", "variables": {...}}), or send it with GET in the query string.`;
      const body = JSON.stringify({ errors: [{ message, extensions: { code: "UNSUPPORTED_MEDIA_TYPE" } }] });
      endResponse(new fetchAPI.Response(body, { status: 415, headers: { "content-type": "application/json; charset=utf-8" } }));
    },
  };
}
