/**
 * `serve` runs as production unless told otherwise: NODE_ENV unset becomes "production", so graphql-js skips
 * its development-mode checks (its cross-realm instanceof guard, ~3% of the gateway's CPU per query). Any value
 * already set is kept. serve.ts imports this module first, so it runs before graphql is loaded and reads it.
 * graphql-yoga and envelop only act on "development" (and "test" for SSE), so unset and "production" serve alike.
 *
 * @example
 *   defaultNodeEnv({}); // "production"
 *   defaultNodeEnv({ NODE_ENV: "development" }); // "development" (left as it was)
 */
export function defaultNodeEnv(env: NodeJS.ProcessEnv): string {
  if (!env.NODE_ENV) env.NODE_ENV = "production";
  return env.NODE_ENV;
}

defaultNodeEnv(process.env);
