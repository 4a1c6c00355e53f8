/**
 * Turns BEDROCK_API_KEYS into key entries for zod to validate. Two forms: a JSON array of
 * `{ name, sha256, scopes }`, or the compact `name:sha256:scope,scope;name2:sha256:scope`.
 * Returns undefined (and records the problem) when the text has neither shape; never echoes the text.
 *
 * @example
 *   parseApiKeysVariable("crm-sync:9f86…08:contact:read,contact:create", problems)
 *   // [{ name: "crm-sync", sha256: "9f86…08", scopes: ["contact:read", "contact:create"] }]
 */
export function parseApiKeysVariable(text: string, problems: string[]): unknown[] | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // reported below
    }
    problems.push("BEDROCK_API_KEYS: starts with '[' but is not a JSON array of { name, sha256, scopes }");
    return undefined;
  }
  const entries: unknown[] = [];
  const parts = trimmed.split(";").map((p) => p.trim()).filter((p) => p.length > 0);
  for (const [index, part] of parts.entries()) {
    const first = part.indexOf(":");
    // `name:sha256:<hex>:scopes` is accepted too: skip the algorithm tag.
    const tagged = first >= 0 && part.startsWith("sha256:", first + 1);
    const hashStart = tagged ? first + 1 + "sha256:".length : first + 1;
    const second = first < 0 ? -1 : part.indexOf(":", hashStart);
    if (first < 0 || second < 0) {
      problems.push(`BEDROCK_API_KEYS[${index}]: entry must be name:sha256:scope[,scope…], e.g. crm-sync:<64 hex>:contact:read`);
      continue;
    }
    entries.push({
      name: part.slice(0, first),
      sha256: part.slice(hashStart, second),
      scopes: part.slice(second + 1).split(",").map((s) => s.trim()).filter((s) => s.length > 0),
    });
  }
  return entries;
}
