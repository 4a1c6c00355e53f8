import { activityRoutes } from "./handlers/activities.ts";
import { activityTypeRoutes } from "./handlers/activityTypes.ts";
import { dealRoutes } from "./handlers/deals.ts";
import { fieldRoutes } from "./handlers/fields.ts";
import { itemSearchRoutes } from "./handlers/itemSearch.ts";
import { organizationRoutes } from "./handlers/organizations.ts";
import { personRoutes } from "./handlers/persons.ts";
import { pipelineRoutes } from "./handlers/pipelines.ts";
import { searchRoutes } from "./handlers/search.ts";
import { userRoutes } from "./handlers/users.ts";
import { Router } from "./Router.ts";
import type { Store } from "./Store.ts";

/**
 * Every Pipedrive endpoint the sandbox serves, in one router.
 *
 * @example
 *   sandboxRoutes(store).match("GET", "/api/v2/persons/search"); // the search route, cost 20
 */
export function sandboxRoutes(store: Store): Router {
  return new Router([
    ...personRoutes(store),
    ...organizationRoutes(store),
    ...dealRoutes(store),
    ...activityRoutes(store),
    ...searchRoutes(store),
    ...itemSearchRoutes(store),
    ...fieldRoutes(store),
    ...userRoutes(store),
    ...activityTypeRoutes(store),
    ...pipelineRoutes(store),
  ]);
}
