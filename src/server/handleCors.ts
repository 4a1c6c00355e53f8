/**
 * CORS for `/graphql`, decided by the operator's allow-list (BEDROCK_CORS_ORIGINS) instead of graphql-yoga's
 * default, which reflects every Origin with credentials. Internal apps calling from servers never need CORS; a
 * browser app on another origin does, and only its origin is let in. CORS is not access control (the API key
 * is): it only lets an allowed page *read* the answers, including the 401 and 413 ones.
 *
 * - An allowed Origin gets `Access-Control-Allow-Origin` (the origin, or `*` when the list is `*`) and may read
 *   `x-request-id`; no credentials (keys travel in headers, not cookies).
 * - A preflight (OPTIONS with Origin and Access-Control-Request-Method) from an allowed origin is answered 204
 *   with the methods (GET, POST) and headers (authorization, content-type, x-api-key, idempotency-key,
 *   x-request-id) the API takes, cached by the browser for 10 minutes; from any other origin it is 403 with a
 *   GraphQL-shaped body, code ORIGIN_NOT_ALLOWED. It needs no API key: browsers never send one on a preflight.
 * - Any other OPTIONS is answered 204 with `Allow: GET, POST, OPTIONS`.
 *
 * Returns true when it answered the request itself (every OPTIONS), false when the caller should go on.
 *
 * @example
 *   if (handleCors(req, res, ["https://crm.internal.example"])) return;
 *   await yoga.handle(req, res, context);
 */
import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOWED_METHODS = "GET, POST";
const ALLOWED_HEADERS = "authorization, content-type, accept, x-api-key, idempotency-key, x-request-id";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

export function handleCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: readonly string[]): boolean {
  const anyOrigin = allowedOrigins.includes("*");
  const origin = typeof req.headers.origin === "string" ? req.headers.origin : undefined;
  const allowed = origin !== undefined && (anyOrigin || allowedOrigins.includes(origin));
  if (!anyOrigin && allowedOrigins.length > 0) res.setHeader("vary", "Origin");
  if (allowed) {
    res.setHeader("access-control-allow-origin", anyOrigin ? "*" : origin);
    res.setHeader("access-control-expose-headers", "x-request-id");
  }
  if (req.method !== "OPTIONS") return false;

  req.resume();
  if (origin === undefined || req.headers["access-control-request-method"] === undefined) {
    res.writeHead(204, { allow: `${ALLOWED_METHODS}, OPTIONS`, "content-length": "0" });
    res.end();
    return true;
  }
  if (!allowed) {
    const message = `Browser requests from origin ${JSON.stringify(origin.slice(0, 200))} are not allowed by this gateway; its operator can add the origin to BEDROCK_CORS_ORIGINS.`;
    const body = JSON.stringify({ errors: [{ message, extensions: { code: "ORIGIN_NOT_ALLOWED" } }] });
    res.writeHead(403, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
    return true;
  }
  res.writeHead(204, {
    "access-control-allow-methods": ALLOWED_METHODS,
    "access-control-allow-headers": ALLOWED_HEADERS,
    "access-control-max-age": PREFLIGHT_MAX_AGE_SECONDS,
    "content-length": "0",
  });
  res.end();
  return true;
}
