/**
 * The public face of `dsl/`: `.map` text in, diagnostics and IR out. Pure: no I/O.
 *
 * @example
 *   import { Source, compileMappings, catalogFromSnapshot, parseSnapshot, renderDiagnostic } from "../dsl/index.ts";
 *   const catalog = catalogFromSnapshot(parseSnapshot(json));
 *   const { ir, diagnostics } = compileMappings([new Source(text, "mappings/contact.map")], catalog);
 *   for (const d of diagnostics) console.error(renderDiagnostic(d));
 */
export { Source } from "./source.ts";
export type { Span } from "./source.ts";
export type { Diagnostic, Label, Severity } from "./diagnostic.ts";
export { hasErrors } from "./diagnostic.ts";
export type * from "./ast.ts";
export type * from "./ir.ts";
export type * from "./catalog/types.ts";
export { PIPEDRIVE_ENTITIES } from "./catalog/types.ts";
export { parse } from "./parse.ts";
export { format } from "./format.ts";
export { renderDiagnostic, diagnosticToJson } from "./renderDiagnostic.ts";
export type { DiagnosticJson } from "./renderDiagnostic.ts";
export { check } from "./check/check.ts";
export { compileMappings } from "./compile.ts";
export { didYouMean } from "./didYouMean.ts";
export { BUILTIN_FIELDS } from "./catalog/builtins.ts";
export { OBJECT_RULES, SEED_ACTIVITY_TYPES } from "./catalog/rules.ts";
export { parseSnapshot, SnapshotSchema } from "./catalog/snapshot.ts";
export type { RawField, Snapshot } from "./catalog/snapshot.ts";
export { catalogFromSnapshot } from "./catalog/catalogFromSnapshot.ts";
