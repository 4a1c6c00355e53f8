import { ApiError } from "./ApiError.ts";
import type { Store } from "./Store.ts";
import type { EntityName } from "./types.ts";

/**
 * Checks that ids written into a record point at something that exists: API v2 rejects an `owner_id`
 * that is not a user of the company, and a relation to a missing record.
 *
 * @example
 *   requireUser(store, "owner_id", 1001); // ok
 *   requireUser(store, "owner_id", 7);    // throws ApiError 400
 */
export function requireUser(store: Store, property: string, id: number): void {
  if (!store.users.some((u) => u.id === id)) {
    const ids = store.users.map((u) => u.id).join(", ");
    throw ApiError.badRequest(`${property} must be the id of an existing user, got ${id}`, `Existing user ids: ${ids} (GET /api/v1/users).`);
  }
}

export function requireRecord(store: Store, property: string, entity: EntityName, id: number): void {
  if (!store.live(entity, id)) {
    throw ApiError.badRequest(`${property} must be the id of an existing ${entity}, got ${id}`, `No ${entity} with id ${id} exists (or it was deleted).`);
  }
}
