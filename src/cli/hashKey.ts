/**
 * `bedrock-gateway hash-key [key] [--name app] [--scopes contact:read,...]`: prints the sha256 a key is
 * configured by (only hashes go into configuration). Without a key it makes a new random one and prints it
 * once, with its hash and a ready BEDROCK_API_KEYS entry.
 *
 * @example
 *   node src/cli/main.ts hash-key --name crm-sync --scopes contact:read,contact:create
 *   # key:    bgw_…   (give this to the app; it is not stored anywhere)
 *   # sha256: 5e88…
 *   # BEDROCK_API_KEYS entry: crm-sync:5e88…:contact:read,contact:create
 */
import { generateApiKey, hashApiKey } from "../auth/hashApiKey.ts";
import { isScope } from "../auth/scopeAllows.ts";
import { parseArguments } from "./parseArguments.ts";
import { UsageError } from "./UsageError.ts";

const USAGE = "hash-key [key] [--name app] [--scopes contact:read,contact:create]";

export async function run(argv: string[]): Promise<number> {
  const parsed = parseArguments(argv, { name: { type: "string", default: "my-app" }, scopes: { type: "string", default: "*:read" } }, USAGE);
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`hash-key takes at most one key, got ${positionals.length}\nusage: bedrock-gateway ${USAGE}`);
  const scopes = values.scopes.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const bad = scopes.filter((s) => !isScope(s));
  if (bad.length > 0) throw new UsageError(`--scopes: '${bad.join("', '")}' is not <object>:<read|create|update|*> or '*'`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(values.name)) throw new UsageError(`--name must be 1-64 letters, digits, '.', '_' or '-': '${values.name}'`);

  const given = positionals[0];
  const key = given ?? generateApiKey();
  const sha256 = hashApiKey(key);
  if (!given) process.stdout.write(`key:    ${key}\n        (give this to the app; the gateway stores only the hash)\n`);
  process.stdout.write(`sha256: ${sha256}\nBEDROCK_API_KEYS entry: ${values.name}:${sha256}:${scopes.join(",")}\n`);
  return 0;
}
