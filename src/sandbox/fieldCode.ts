import { createHash } from "node:crypto";
import type { EntityName } from "./types.ts";

/**
 * The demo account's custom field key: the SHA-1 hex of `"<entity>:<label>"` (40 characters, like
 * Pipedrive's random hashes but stable, so mappings and tests can name them).
 *
 * @example
 *   fieldCode("person", "Lead Source"); // sha1("person:Lead Source")
 */
export function fieldCode(entity: EntityName, label: string): string {
  return createHash("sha1").update(`${entity}:${label}`).digest("hex");
}
