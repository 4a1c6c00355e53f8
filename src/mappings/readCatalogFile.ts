/**
 * Reads a catalog snapshot (`mappings/pipedrive-catalog.json`) and builds the checker's Catalog from it.
 * A missing file, bad JSON or a wrong shape is a MappingsError naming the file and every bad path.
 *
 * @example
 *   const catalog = await readCatalogFile("mappings/pipedrive-catalog.json");
 */
import { readFile } from "node:fs/promises";
import { catalogFromSnapshot } from "../../dsl/catalog/catalogFromSnapshot.ts";
import { SnapshotSchema } from "../../dsl/catalog/snapshot.ts";
import type { Catalog } from "../../dsl/catalog/types.ts";
import { MappingsError } from "./MappingsError.ts";
import { reason } from "./readMapSources.ts";

export async function readCatalogFile(file: string): Promise<Catalog> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new MappingsError(`cannot read the catalog snapshot '${file}': ${reason(error)}; run \`bedrock-gateway catalog pull\` to create it`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MappingsError(`the catalog snapshot '${file}' is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = SnapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new MappingsError(`the catalog snapshot '${file}' does not have the snapshot shape (${issues.join("; ")}); run \`bedrock-gateway catalog pull\` to rewrite it`);
  }
  return catalogFromSnapshot(parsed.data);
}
