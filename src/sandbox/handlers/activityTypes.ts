import { itemEnvelope } from "../envelope.ts";
import type { Route } from "../Router.ts";
import type { Store } from "../Store.ts";

/**
 * GET /v1/activityTypes: every activity type, inactive ones included (`active_flag: false`), no pagination.
 *
 * @example
 *   new Router(activityTypeRoutes(store));
 */
export function activityTypeRoutes(store: Store): Route[] {
  return [{ api: "v1", method: "GET", path: "/activityTypes", handle: () => ({ body: itemEnvelope(structuredClone(store.activityTypes)) }) }];
}
