/**
 * The compile benchmark: how long `compileMappings` takes for the five shipped mappings (warm, target
 * < 50 ms) and for generated mappings of 500, 1,000, 2,000 and 4,000 fields (growth should be linear).
 * `loadMappings` (files read from disk, then compiled) is timed too. run.ts runs it first; alone:
 *
 *   node bench/compile.ts [--quick]
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSnapshot, type Snapshot } from "../dsl/catalog/snapshot.ts";
import { catalogFromSnapshot } from "../dsl/catalog/catalogFromSnapshot.ts";
import type { Catalog } from "../dsl/catalog/types.ts";
import { compileMappings } from "../dsl/compile.ts";
import { Source } from "../dsl/source.ts";
import { loadMappings } from "../src/mappings/loadMappings.ts";
import { percentile } from "./lib/percentile.ts";
import { renderTable } from "./lib/renderTable.ts";
import type { TargetVerdict } from "./evaluateTargets.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SHIPPED_TARGET_MS = 50;
export const GENERATED_SIZES = [500, 1000, 2000, 4000] as const;
/** Growth counts as linear when the per-field time of the largest size is within this factor of the smallest's. */
export const LINEAR_TOLERANCE = 2;

export interface Timing {
  /** The first call in this process (includes JIT warm-up), ms. */
  coldMs: number;
  /** Median and p99 of the warm calls, ms. */
  warmMs: number;
  warmP99Ms: number;
  repeats: number;
}

export interface CompileBenchResult {
  shipped: Timing & { files: number; fields: number };
  loadMappings: Timing;
  generated: (Timing & { fields: number; usPerField: number })[];
  /** usPerField of the largest generated mapping ÷ that of the smallest: ~1 for linear growth. */
  growthFactor: number;
  targets: TargetVerdict[];
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function time(task: () => unknown, repeats: number): Promise<Timing> {
  let t0 = performance.now();
  await task();
  const coldMs = performance.now() - t0;
  for (let i = 0; i < 2; i++) await task();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    t0 = performance.now();
    await task();
    samples.push(performance.now() - t0);
  }
  return { coldMs: round(coldMs), warmMs: round(percentile(samples, 50), 3), warmP99Ms: round(percentile(samples, 99), 3), repeats };
}

// A benchmark of a failing compile measures the error path, so every compile must succeed.
function compileOrThrow(sources: Source[], catalog: Catalog, what: string) {
  const result = compileMappings(sources, catalog);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (!result.ir || errors.length) {
    throw new Error(`compile benchmark: ${what} did not compile: ${errors.map((d) => `${d.code} ${d.message}`).slice(0, 3).join("; ")}`);
  }
  return result.ir;
}

/**
 * A Contact mapping of `fields` fields: the two required names plus `fields - 2` custom varchar fields,
 * each resolved by label against a catalog that has exactly those custom fields (as an account with
 * thousands of custom fields would).
 *
 * @example
 *   const { source, catalog } = generatedMapping(snapshot, 2000);
 */
export function generatedMapping(snapshot: Snapshot, fields: number): { source: Source; catalog: Catalog } {
  const extra = Math.max(0, fields - 2);
  const label = (i: number) => `Bench Field ${i}`;
  const custom = Array.from({ length: extra }, (_, i) => ({
    field_code: createHash("sha1").update(`person:${label(i)}`).digest("hex"),
    field_name: label(i),
    field_type: "varchar",
    is_custom_field: true,
    options: null,
    subfields: null,
  }));
  const grown: Snapshot = { ...snapshot, fields: { ...snapshot.fields, person: [...snapshot.fields.person, ...custom] } };
  const lines = [
    "object Contact from Person {",
    "  allow read, create, update",
    "  id : ID! <- id",
    "  firstName : String! <- first_name required",
    "  lastName : String! <- last_name required",
    ...Array.from({ length: extra }, (_, i) => `  benchField${i} : String <- custom "${label(i)}"`),
    "}",
    "",
  ];
  return { source: new Source(lines.join("\n"), `generated-${fields}.map`), catalog: catalogFromSnapshot(grown) };
}

/**
 * Runs the compile benchmark. `quick` uses fewer repeats and only the 500- and 1,000-field mappings.
 *
 * @example
 *   const result = await runCompileBench({ quick: false });
 *   result.shipped.warmMs; // e.g. 3.2
 */
export async function runCompileBench(options: { quick?: boolean; mappingsDir?: string } = {}): Promise<CompileBenchResult> {
  const repeats = options.quick ? 3 : 15;
  const dir = options.mappingsDir ?? join(ROOT, "mappings");
  const snapshot = parseSnapshot(JSON.parse(readFileSync(join(dir, "pipedrive-catalog.json"), "utf8")));
  const catalog = catalogFromSnapshot(snapshot);
  const files = readdirSync(dir).filter((name) => name.endsWith(".map")).sort();
  const sources = files.map((name) => new Source(readFileSync(join(dir, name), "utf8"), `mappings/${name}`));
  const ir = compileOrThrow(sources, catalog, "the shipped mappings");

  const shipped = await time(() => compileMappings(sources, catalog), repeats);
  const load = await time(() => loadMappings(dir, catalog), repeats);

  const generated: CompileBenchResult["generated"] = [];
  for (const fields of options.quick ? GENERATED_SIZES.slice(0, 2) : GENERATED_SIZES) {
    const { source, catalog: grown } = generatedMapping(snapshot, fields);
    compileOrThrow([source], grown, `the generated ${fields}-field mapping`);
    const timing = await time(() => compileMappings([source], grown), options.quick ? 2 : 5);
    generated.push({ ...timing, fields, usPerField: round((timing.warmMs * 1000) / fields) });
  }
  const first = generated[0]!;
  const last = generated.at(-1)!;
  const growthFactor = round(last.usPerField / first.usPerField);

  const targets: TargetVerdict[] = [
    { target: `compile 5 mappings warm < ${SHIPPED_TARGET_MS} ms`, pass: shipped.warmMs < SHIPPED_TARGET_MS, detail: `${shipped.warmMs} ms (cold ${shipped.coldMs} ms)` },
    {
      target: `compile growth linear (${first.fields}→${last.fields} fields)`,
      pass: growthFactor <= LINEAR_TOLERANCE,
      detail: `per-field time ×${growthFactor} (${first.usPerField} → ${last.usPerField} µs/field)`,
    },
  ];
  return {
    shipped: { ...shipped, files: files.length, fields: ir.objects.reduce((sum, o) => sum + o.fields.length, 0) },
    loadMappings: load,
    generated,
    growthFactor,
    targets,
  };
}

/** The compile benchmark as a table plus its PASS/FAIL lines. */
export function renderCompileBench(result: CompileBenchResult): string {
  const rows: (string | number)[][] = [
    [`${result.shipped.files} shipped mappings (${result.shipped.fields} fields)`, result.shipped.coldMs, result.shipped.warmMs, result.shipped.warmP99Ms, "-"],
    ["loadMappings (read + compile)", result.loadMappings.coldMs, result.loadMappings.warmMs, result.loadMappings.warmP99Ms, "-"],
    ...result.generated.map((g) => [`generated ${g.fields} fields`, g.coldMs, g.warmMs, g.warmP99Ms, g.usPerField]),
  ];
  const table = renderTable(["mapping", "cold ms", "warm ms", "warm p99 ms", "µs/field"], rows);
  const verdicts = result.targets.map((t) => `${t.pass ? "PASS" : "FAIL"}  ${t.target}: ${t.detail}`).join("\n");
  return `${table}\n${verdicts}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runCompileBench({ quick: process.argv.includes("--quick") });
  process.stdout.write(renderCompileBench(result) + "\n");
}
