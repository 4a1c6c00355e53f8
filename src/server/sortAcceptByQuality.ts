/**
 * An Accept header reordered by quality (`q`, highest first; equal ones keep their order) without the media
 * ranges refused with `q=0`. graphql-yoga picks the first type it can produce in the order listed and ignores
 * `q`, so `application/json;q=0.9, application/graphql-response+json` would get JSON although the client
 * prefers graphql-response+json (the spec asks for the highest-priority type). Returns the header unchanged
 * when it carries no `q`.
 *
 * @example
 *   sortAcceptByQuality("application/json;q=0.9, application/graphql-response+json")
 *   // "application/graphql-response+json, application/json;q=0.9"
 */
export function sortAcceptByQuality(accept: string): string {
  if (!/;\s*q\s*=/i.test(accept)) return accept;
  return accept
    .split(",")
    .map((range) => range.trim())
    .filter((range) => range.length > 0)
    .map((range, index) => ({ range, index, q: qualityOf(range) }))
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.range)
    .join(", ");
}

// A missing or unreadable q counts as 1, as RFC 9110 has it.
function qualityOf(range: string): number {
  const match = /;\s*q\s*=\s*([0-9.]+)/i.exec(range);
  if (!match) return 1;
  const q = Number(match[1]);
  return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 1;
}
