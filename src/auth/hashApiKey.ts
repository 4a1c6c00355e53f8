/**
 * The form an API key takes in configuration: sha256 of the key, lowercase hex. Keys are long random
 * strings (see `generateApiKey`), so a fast hash is enough and lets every request be checked cheaply.
 *
 * @example
 *   hashApiKey("bgw_2f0c…"); // "5e88…" (64 hex characters)
 */
import { createHash, randomBytes } from "node:crypto";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A new key with 256 bits of randomness, prefixed so it is recognisable in a secret scanner. */
export function generateApiKey(): string {
  return `bgw_${randomBytes(32).toString("base64url")}`;
}
