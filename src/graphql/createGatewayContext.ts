/**
 * One GatewayContext per request: fresh DataLoaders over the shared Pipedrive client, and the server's
 * access check, idempotency store and lock (defaults: allow everything, run creates directly, an in-process
 * lock shared by every request of this process).
 *
 * @example
 *   const yoga = createYoga({
 *     schema: createGatewaySchema(ir),
 *     context: ({ request }) => createGatewayContext({ client, ir, idempotencyKey: request.headers.get("idempotency-key") ?? undefined }),
 *   });
 */
import type { Operation } from "../../dsl/catalog/types.ts";
import type { IR } from "../../dsl/ir.ts";
import type { GatewayContext } from "../../schema/GatewayContext.ts";
import type { PipedriveClient } from "../pipedrive/PipedriveClient.ts";
import { createLocalLock } from "./createLocalLock.ts";
import { createRecordSource } from "./createRecordSource.ts";

export interface GatewayContextOptions {
  client: PipedriveClient;
  ir: IR;
  can?: (object: string, op: Operation) => boolean;
  runIdempotent?: GatewayContext["runIdempotent"];
  withLock?: GatewayContext["withLock"];
  idempotencyKey?: string;
}

const processLock = createLocalLock();

export function createGatewayContext(options: GatewayContextOptions): GatewayContext {
  const context: GatewayContext = {
    records: createRecordSource(options.client),
    can: options.can ?? (() => true),
    runIdempotent: options.runIdempotent ?? ((_key, _mutation, _input, create) => create()),
    withLock: options.withLock ?? processLock,
  };
  if (options.idempotencyKey !== undefined && options.idempotencyKey !== "") context.idempotencyKey = options.idempotencyKey;
  return context;
}
