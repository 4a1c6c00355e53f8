/**
 * The IR of the shipped mappings (mappings/*.map with the committed catalog snapshot of the sandbox's demo
 * account), which every GraphQL test runs against, and the demo account's custom-field keys.
 */
import { createHash } from "node:crypto";
import type { IR } from "../../dsl/ir.ts";
import { renderDiagnostic } from "../../dsl/renderDiagnostic.ts";
import { loadMappings } from "../../src/mappings/loadMappings.ts";

const loaded = await loadMappings(new URL("../../mappings", import.meta.url).pathname);
if (!loaded.result.ir) throw new Error(`The shipped mappings do not compile:\n${loaded.result.diagnostics.map((d) => renderDiagnostic(d)).join("\n")}`);

export const shippedIr: IR = loaded.result.ir;

/** The demo account's key of a custom field: sha1("<entity>:<label>"). */
export const customKey = (entity: string, label: string) => createHash("sha1").update(`${entity}:${label}`).digest("hex");
