/**
 * `bedrock-gateway compile [--out file] [--mappings dir] [--catalog file]`: compiles the `.map` files of
 * mappings/ (or `dir`) with their catalog snapshot (`dir`/pipedrive-catalog.json, or `file`) and prints the GraphQL SDL, or writes it to `file`. Diagnostics go to
 * stderr; with an error nothing is printed or written and the exit code is 1.
 *
 * @example
 *   bedrock-gateway compile --out schema/bedrock.graphql
 */
import { writeFile } from "node:fs/promises";
import { renderDiagnostic } from "../../dsl/renderDiagnostic.ts";
import { printSdl } from "../../schema/printSdl.ts";
import { loadMappings } from "../mappings/loadMappings.ts";
import { MappingsError } from "../mappings/MappingsError.ts";
import { reason } from "../mappings/readMapSources.ts";
import { readCatalogFile } from "../mappings/readCatalogFile.ts";
import { parseArguments } from "./parseArguments.ts";
import { summarize, useColor } from "./summarize.ts";
import { UsageError } from "./UsageError.ts";

const USAGE = "compile [--out file] [--mappings dir] [--catalog file]";

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArguments(argv, { out: { type: "string" }, mappings: { type: "string", default: "mappings" }, catalog: { type: "string" } }, USAGE);
  if (positionals.length > 0) throw new UsageError(`compile takes no paths, it compiles a directory: use --mappings ${positionals[0]}`);
  let loaded;
  try {
    loaded = await loadMappings(values.mappings, values.catalog === undefined ? undefined : await readCatalogFile(values.catalog));
  } catch (error) {
    if (error instanceof MappingsError) throw new UsageError(error.message);
    throw error;
  }
  const { ir, diagnostics } = loaded.result;
  const color = useColor(process.stderr);
  for (const d of diagnostics) process.stderr.write(`${renderDiagnostic(d, { color })}\n\n`);
  if (!ir) {
    process.stderr.write(`${summarize(diagnostics, loaded.sources.length)}; no schema written\n`);
    return 1;
  }
  const sdl = printSdl(ir);
  if (values.out === undefined) {
    process.stdout.write(sdl.endsWith("\n") ? sdl : `${sdl}\n`);
  } else {
    await writeFile(values.out, sdl.endsWith("\n") ? sdl : `${sdl}\n`, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot write '${values.out}': ${reason(error)}`);
    });
    process.stderr.write(`wrote ${values.out}\n`);
  }
  return 0;
}
