/**
 * Finds which configured app a presented API key belongs to. The key comes as `Authorization: Bearer <key>`
 * or `x-api-key: <key>`; it is hashed once (sha256) and the hash looked up among the configured hashes.
 * A key that matched is remembered, so a caller's later requests cost one Map lookup and no hashing.
 *
 * @example
 *   const verifier = new ApiKeyVerifier([{ name: "crm-sync", sha256: hashApiKey("k1"), scopes: ["contact:read"] }]);
 *   verifier.verify(new Headers({ authorization: "Bearer k1" })); // { kind: "ok", principal: { name: "crm-sync", scopes: [...] } }
 *   verifier.verify(new Headers()); // { kind: "missing" }
 */
import type { ApiKeyConfig } from "../config/GatewayConfig.ts";
import { hashApiKey } from "./hashApiKey.ts";

export interface Principal {
  readonly name: string;
  readonly scopes: readonly string[];
}

export type Verification = { kind: "ok"; principal: Principal } | { kind: "missing" } | { kind: "unknown" };

export class ApiKeyVerifier {
  readonly #byHash = new Map<string, Verification & { kind: "ok" }>();
  /** Raw keys seen to match: at most one entry per configured key, since only matching keys are stored. */
  readonly #byKey = new Map<string, Verification & { kind: "ok" }>();

  constructor(keys: readonly ApiKeyConfig[]) {
    for (const k of keys) this.#byHash.set(k.sha256.toLowerCase(), Object.freeze({ kind: "ok", principal: Object.freeze({ name: k.name, scopes: k.scopes }) }));
  }

  get size(): number {
    return this.#byHash.size;
  }

  verify(headers: { get(name: string): string | null }): Verification {
    const key = presentedKey(headers);
    if (!key) return MISSING;
    const known = this.#byKey.get(key);
    if (known) return known;
    // Only the sha256 of a key is looked up, so the lookup's timing says nothing about the configured keys.
    const found = this.#byHash.get(hashApiKey(key));
    if (!found) return UNKNOWN;
    this.#byKey.set(key, found);
    return found;
  }
}

const MISSING: Verification = Object.freeze({ kind: "missing" });
const UNKNOWN: Verification = Object.freeze({ kind: "unknown" });

function presentedKey(headers: { get(name: string): string | null }): string | undefined {
  const auth = headers.get("authorization");
  const bearer = auth?.match(/^\s*Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  const header = headers.get("x-api-key")?.trim();
  return header ? header : undefined;
}
