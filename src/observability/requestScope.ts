/**
 * What the gateway knows about the HTTP request being served, wherever the code runs on its behalf:
 * the request id (for every log line) and the Pipedrive tokens its upstream calls spent (for the
 * response's `extensions.pipedrive`). The Pipedrive client is shared by all requests, so its `onCall`
 * finds the current request here rather than through an argument.
 *
 * @example
 *   requestScope.run({ requestId: "r1", tokensSpent: 0 }, () => handle(req));
 *   requestScope.getStore()?.requestId; // "r1" inside, undefined outside
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestScope {
  readonly requestId: string;
  tokensSpent: number;
  /** Name of the API key's app, once authenticated. */
  app?: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();
