/**
 * AtomicStore on Redis, shared by every gateway process that uses the same REDIS_URL: claims are
 * `SET key value NX PX ttl`, releases a Lua compare-and-delete so a process never frees another's claim, and
 * a holder that is still working renews its claim with a Lua compare-and-PEXPIRE.
 *
 * @example
 *   const store = new RedisAtomicStore(redisClient); // a connected node-redis client
 */
import type { AtomicStore } from "./AtomicStore.ts";

/** The part of a node-redis client this store uses (kept narrow so the type does not leak everywhere). */
export interface RedisCommands {
  set(key: string, value: string, options: { condition?: "NX"; expiration: { type: "PX"; value: number } }): Promise<unknown>;
  get(key: string): Promise<string | null | unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

const DELETE_IF_EQUALS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
const EXTEND_IF_EQUALS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;

export class RedisAtomicStore implements AtomicStore {
  readonly #redis: RedisCommands;

  constructor(redis: RedisCommands) {
    this.#redis = redis;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const reply = await this.#redis.set(key, value, { condition: "NX", expiration: { type: "PX", value: Math.max(1, Math.round(ttlMs)) } });
    return reply === "OK";
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.#redis.get(key);
    return typeof value === "string" ? value : undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#redis.set(key, value, { expiration: { type: "PX", value: Math.max(1, Math.round(ttlMs)) } });
  }

  async deleteIfEquals(key: string, expected: string): Promise<boolean> {
    const deleted = await this.#redis.eval(DELETE_IF_EQUALS, { keys: [key], arguments: [expected] });
    return Number(deleted) === 1;
  }

  async extendIfEquals(key: string, expected: string, ttlMs: number): Promise<boolean> {
    const extended = await this.#redis.eval(EXTEND_IF_EQUALS, { keys: [key], arguments: [expected, String(Math.max(1, Math.round(ttlMs)))] });
    return Number(extended) === 1;
  }
}
