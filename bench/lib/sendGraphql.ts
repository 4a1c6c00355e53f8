/** A GraphQL endpoint and the headers every request to it carries (e.g. the API key). */
export interface GraphqlTarget {
  name: string;
  url: string;
  headers?: Record<string, string>;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

/**
 * POSTs one GraphQL operation and returns `data`. Throws when the HTTP status is not 200 or the response
 * carries errors, quoting the first one: a benchmark must not time error responses as if they were answers.
 *
 * @example
 *   const data = await sendGraphql(target, "{ contact(id: 1) { id } }");
 */
export async function sendGraphql(
  target: GraphqlTarget,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await fetch(target.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...target.headers },
    body: JSON.stringify(variables ? { query, variables } : { query }),
    // A hung server must end the run, not hold it forever.
    signal: AbortSignal.timeout(target.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: unknown }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${target.name}: expected a JSON GraphQL response, got HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  if (response.status !== 200 || body.errors?.length || !body.data) {
    const first = body.errors?.[0];
    const detail = first ? `${first.message} ${JSON.stringify(first.extensions ?? {})}` : text.slice(0, 300);
    throw new Error(`${target.name}: query failed (HTTP ${response.status}): ${detail}\nQuery: ${query.replace(/\s+/g, " ").slice(0, 200)}`);
  }
  return body.data;
}
