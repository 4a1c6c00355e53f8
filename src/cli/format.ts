/**
 * `bedrock-gateway format [--check] [paths]`: rewrites `.map` files (default: mappings/) in the canonical
 * layout and lists the files it changed. With `--check` it writes nothing and lists the files that would
 * change, exiting 1 if there is any. A file with syntax errors is left untouched and its errors printed.
 *
 * @example
 *   bedrock-gateway format --check    # CI: fails when a .map file is not formatted
 */
import { writeFile } from "node:fs/promises";
import { hasErrors } from "../../dsl/diagnostic.ts";
import { format } from "../../dsl/format.ts";
import { renderDiagnostic } from "../../dsl/renderDiagnostic.ts";
import { MappingsError } from "../mappings/MappingsError.ts";
import { readMapSources, reason } from "../mappings/readMapSources.ts";
import { parseArguments } from "./parseArguments.ts";
import { useColor } from "./summarize.ts";
import { UsageError } from "./UsageError.ts";

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArguments(argv, { check: { type: "boolean", default: false } }, "format [--check] [paths]");
  const paths = positionals.length > 0 ? positionals : ["mappings"];
  let sources;
  try {
    sources = await readMapSources(paths);
  } catch (error) {
    if (error instanceof MappingsError) throw new UsageError(error.message);
    throw error;
  }
  let failed = false;
  let changed = 0;
  for (const source of sources) {
    const { text, diagnostics } = format(source);
    if (hasErrors(diagnostics)) {
      for (const d of diagnostics) process.stderr.write(`${renderDiagnostic(d, { color: useColor(process.stderr) })}\n\n`);
      process.stderr.write(`${source.name}: not formatted, it has syntax errors\n`);
      failed = true;
      continue;
    }
    if (text === source.body) continue;
    changed++;
    if (values.check) {
      process.stdout.write(`${source.name}\n`);
    } else {
      await writeFile(source.name, text, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot write '${source.name}': ${reason(error)}`);
      });
      process.stdout.write(`formatted ${source.name}\n`);
    }
  }
  if (values.check && changed > 0) {
    process.stderr.write(`${changed} file${changed === 1 ? "" : "s"} would be reformatted; run \`bedrock-gateway format\`\n`);
  }
  return failed || (values.check && changed > 0) ? 1 : 0;
}
