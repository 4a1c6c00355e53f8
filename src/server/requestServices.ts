/**
 * The server's part of every request's GatewayContext: `can` from the caller's API-key scopes (everything
 * when the gateway runs open), `runIdempotent` on the shared idempotency store scoped to the caller, and
 * `withLock` on the shared locks. Passed to E's createGatewayContext alongside the client and IR.
 *
 * @example
 *   const services = requestServices({ principal, idempotencyKey: "abc" }, { idempotency, locks });
 *   createGatewayContext({ client, ir, ...services });
 */
import type { Operation } from "../../dsl/catalog/types.ts";
import type { Principal } from "../auth/ApiKeyVerifier.ts";
import { scopeAllows } from "../auth/scopeAllows.ts";
import type { IdempotencyStore } from "../state/IdempotencyStore.ts";
import type { LockManager } from "../state/LockManager.ts";

export interface RequestServices {
  can(object: string, op: Operation): boolean;
  runIdempotent<T>(key: string | undefined, mutation: string, input: unknown, create: () => Promise<T>): Promise<T>;
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  idempotencyKey?: string;
}

/** Idempotency keys of an open gateway (no API keys) all belong to this one caller. */
const OPEN_CALLER = "(open)";

export function requestServices(
  request: { principal: Principal | null; idempotencyKey: string | undefined },
  shared: { idempotency: IdempotencyStore; locks: LockManager },
): RequestServices {
  const { principal } = request;
  const services: RequestServices = {
    can: principal ? (object, op) => scopeAllows(principal.scopes, object, op) : () => true,
    runIdempotent: (key, mutation, input, create) => shared.idempotency.run(principal?.name ?? OPEN_CALLER, key, mutation, input, create),
    withLock: (key, fn) => shared.locks.withLock(key, fn),
  };
  if (request.idempotencyKey !== undefined) services.idempotencyKey = request.idempotencyKey;
  return services;
}
