/**
 * What gateway replicas share: a Keyv (field catalog, users, activity types, the Pipedrive rate budget —
 * pass it as the PipedriveClient's `cache`) and an AtomicStore (idempotency records, locks). In-process
 * memory by default; with `redisUrl` both live on that Redis under `prefix`.
 *
 * @example
 *   const state = await createSharedState({ redisUrl: "redis://127.0.0.1:6379", prefix: "bedrock" });
 *   new PipedriveClient({ baseUrl, token, cache: state.keyv });
 *   await state.close();
 */
import Keyv from "keyv";
import type { AtomicStore } from "./AtomicStore.ts";
import { MemoryAtomicStore } from "./MemoryAtomicStore.ts";
import type { RedisCommands } from "./RedisAtomicStore.ts";

export interface SharedState {
  readonly kind: "memory" | "redis";
  readonly keyv: Keyv;
  readonly atomic: AtomicStore;
  /** Prefix for keys written through `atomic` (Keyv namespaces its own keys with the same prefix). */
  readonly prefix: string;
  close(): Promise<void>;
}

export interface SharedStateOptions {
  redisUrl?: string;
  prefix: string;
  /** Called for Redis connection errors after start-up (the client reconnects by itself). */
  onError?: (error: Error) => void;
}

export async function createSharedState(options: SharedStateOptions): Promise<SharedState> {
  const { prefix } = options;
  if (!options.redisUrl) {
    // In one process nothing needs the JSON round trip: values are stored as they are (callers never mutate them).
    const keyv = new Keyv({ namespace: prefix, serialize: undefined, deserialize: undefined });
    return { kind: "memory", keyv, atomic: new MemoryAtomicStore(), prefix, close: async () => {} };
  }
  // Loaded only with REDIS_URL: the Redis client costs ≈ 6 MB of a gateway that never uses it.
  const [{ default: KeyvRedis, createClient }, { RedisAtomicStore }] = await Promise.all([
    import("@keyv/redis"),
    import("./RedisAtomicStore.ts"),
  ]);
  let connected = false;
  const client = createClient({
    url: options.redisUrl,
    socket: {
      connectTimeout: 5000,
      // Before the first connection, give up quickly so start-up fails with a clear message.
      reconnectStrategy: (retries: number) =>
        !connected && retries >= 2 ? new Error("cannot connect to Redis (REDIS_URL)") : Math.min(100 * 2 ** retries, 3000),
    },
  });
  client.on("error", (error: Error) => {
    if (connected) options.onError?.(error);
  });
  try {
    await client.connect();
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw new Error(`cannot connect to Redis at REDIS_URL (${redactUrl(options.redisUrl)}): ${(error as Error).message}`);
  }
  connected = true;
  const keyv = new Keyv({ store: new KeyvRedis(client), namespace: prefix, useKeyPrefix: false });
  return {
    kind: "redis",
    keyv,
    atomic: new RedisAtomicStore(client as unknown as RedisCommands),
    prefix,
    close: async () => {
      if (client.isOpen) await client.close();
    },
  };
}

/** REDIS_URL may carry a password; only host and port are safe to print. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}`;
  } catch {
    return "unparseable URL";
  }
}
