/**
 * Loads and compiles the `.map` files of a directory with its catalog snapshot (`<dir>/pipedrive-catalog.json`
 * unless a catalog is given): what the CLI and the server share.
 *
 * @example
 *   const { result } = await loadMappings("mappings");
 *   if (!result.ir) for (const d of result.diagnostics) console.error(renderDiagnostic(d));
 */
import { join } from "node:path";
import type { Catalog } from "../../dsl/catalog/types.ts";
import { compileMappings } from "../../dsl/compile.ts";
import type { Diagnostic } from "../../dsl/diagnostic.ts";
import type { IR } from "../../dsl/ir.ts";
import type { Source } from "../../dsl/source.ts";
import { readCatalogFile } from "./readCatalogFile.ts";
import { readMapSources } from "./readMapSources.ts";

export const CATALOG_FILE = "pipedrive-catalog.json";

export async function loadMappings(
  dir = "mappings",
  catalog?: Catalog,
): Promise<{ sources: Source[]; catalog: Catalog; result: { ir: IR | undefined; diagnostics: Diagnostic[] } }> {
  const sources = await readMapSources([dir]);
  const used = catalog ?? (await readCatalogFile(join(dir, CATALOG_FILE)));
  return { sources, catalog: used, result: compileMappings(sources, used) };
}
