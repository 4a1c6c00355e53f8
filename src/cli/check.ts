/**
 * `bedrock-gateway check [paths] [--format text|json] [--catalog file]`: checks `.map` files together
 * (default: every `.map` in mappings/) against the catalog snapshot (default: the first
 * pipedrive-catalog.json in a directory given or beside a file given, else mappings/pipedrive-catalog.json).
 * Exit 1 when there is an error, 0 otherwise (warnings do not fail).
 *
 * @example
 *   bedrock-gateway check                          # every diagnostic, then "0 errors, 0 warnings in 5 files"
 *   bedrock-gateway check mappings/contact.map mappings/owner.map mappings/company.map --format json
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { compileMappings } from "../../dsl/compile.ts";
import { hasErrors } from "../../dsl/diagnostic.ts";
import { diagnosticToJson, renderDiagnostic } from "../../dsl/renderDiagnostic.ts";
import { CATALOG_FILE } from "../mappings/loadMappings.ts";
import { MappingsError } from "../mappings/MappingsError.ts";
import { readCatalogFile } from "../mappings/readCatalogFile.ts";
import { readMapSources } from "../mappings/readMapSources.ts";
import { parseArguments } from "./parseArguments.ts";
import { summarize, useColor } from "./summarize.ts";
import { UsageError } from "./UsageError.ts";

const USAGE = "check [paths] [--format text|json] [--catalog file]";

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArguments(argv, { format: { type: "string", default: "text" }, catalog: { type: "string" } }, USAGE);
  if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json: '${values.format}'`);
  const paths = positionals.length > 0 ? positionals : ["mappings"];
  const catalogFile = values.catalog ?? defaultCatalog(paths);
  let sources, catalog;
  try {
    sources = await readMapSources(paths);
    catalog = await readCatalogFile(catalogFile);
  } catch (error) {
    if (error instanceof MappingsError) throw new UsageError(error.message);
    throw error;
  }
  const { diagnostics } = compileMappings(sources, catalog);
  if (values.format === "json") {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const report = {
      files: sources.map((s) => s.name),
      errors,
      warnings: diagnostics.length - errors,
      diagnostics: diagnostics.map(diagnosticToJson),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const color = useColor(process.stdout);
    for (const d of diagnostics) process.stdout.write(`${renderDiagnostic(d, { color })}\n\n`);
    process.stdout.write(`${summarize(diagnostics, sources.length)}\n`);
  }
  return hasErrors(diagnostics) ? 1 : 0;
}

// The snapshot committed beside the mappings checked (in a directory given, or beside a file given), when there is one.
function defaultCatalog(paths: readonly string[]): string {
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const candidate = join(statSync(path).isDirectory() ? path : dirname(path), CATALOG_FILE);
    if (existsSync(candidate)) return candidate;
  }
  return join("mappings", CATALOG_FILE);
}
