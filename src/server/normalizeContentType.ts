/**
 * A Content-Type header with its media type lowercased and the spaces around `;` removed, parameters kept as
 * sent (a multipart boundary is case-sensitive). graphql-yoga matches the header by exact prefix, so a client
 * sending `Application/JSON` or `application/json ; charset=utf-8` (both valid: media types are case-insensitive,
 * RFC 9110 §8.3.1) would get 415.
 *
 * @example
 *   normalizeContentType("Application/JSON ; charset=utf-8") // "application/json; charset=utf-8"
 */
export function normalizeContentType(header: string): string {
  // What almost every client sends: nothing to tidy, so no split and join per request.
  if (header === "application/json" || header === "application/json; charset=utf-8") return header;
  const [type = "", ...parameters] = header.split(";");
  return [type.trim().toLowerCase(), ...parameters.map((p) => p.trim()).filter((p) => p.length > 0)].join("; ");
}
