/**
 * Finds which configured app a presented API key belongs to. The key comes as `Authorization: Bearer <key>`
 * or `x-api-key: <key>`; only its sha256 is compared (in constant time) with the configured hashes.
 *
 * @example
 *   const verifier = new ApiKeyVerifier([{ name: "crm-sync", sha256: hashApiKey("k1"), scopes: ["contact:read"] }]);
 *   verifier.verify(new Headers({ authorization: "Bearer k1" })); // { kind: "ok", principal: { name: "crm-sync", scopes: [...] } }
 *   verifier.verify(new Headers()); // { kind: "missing" }
 */
import { timingSafeEqual } from "node:crypto";
import type { ApiKeyConfig } from "../config/GatewayConfig.ts";
import { hashApiKey } from "./hashApiKey.ts";

export interface Principal {
  readonly name: string;
  readonly scopes: readonly string[];
}

export type Verification = { kind: "ok"; principal: Principal } | { kind: "missing" } | { kind: "unknown" };

export class ApiKeyVerifier {
  readonly #keys: readonly { hash: Buffer; principal: Principal }[];

  constructor(keys: readonly ApiKeyConfig[]) {
    this.#keys = keys.map((k) => ({ hash: Buffer.from(k.sha256, "hex"), principal: { name: k.name, scopes: k.scopes } }));
  }

  get size(): number {
    return this.#keys.length;
  }

  verify(headers: { get(name: string): string | null }): Verification {
    const key = presentedKey(headers);
    if (!key) return { kind: "missing" };
    const hash = Buffer.from(hashApiKey(key), "hex");
    let found: Principal | undefined;
    // Compare against every key so timing does not reveal which one matched.
    for (const entry of this.#keys) if (timingSafeEqual(entry.hash, hash)) found = entry.principal;
    return found ? { kind: "ok", principal: found } : { kind: "unknown" };
  }
}

function presentedKey(headers: { get(name: string): string | null }): string | undefined {
  const auth = headers.get("authorization");
  const bearer = auth?.match(/^\s*Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  const header = headers.get("x-api-key")?.trim();
  return header ? header : undefined;
}
