/**
 * Helpers for the checker tests: the demo account's catalog (the committed snapshot), and `diagnose`,
 * which compiles named `.map` texts together and describes each diagnostic by code, message, hint and
 * the exact text and position each label blames.
 *
 * @example
 *   diagnose({ "owner.map": "object Owner from User {\n  id : ID <- id\n}\n" }).list; // []
 */
import { readFileSync } from "node:fs";
import { catalogFromSnapshot } from "../../dsl/catalog/catalogFromSnapshot.ts";
import { parseSnapshot } from "../../dsl/catalog/snapshot.ts";
import type { Catalog } from "../../dsl/catalog/types.ts";
import { compileMappings } from "../../dsl/compile.ts";
import type { Diagnostic } from "../../dsl/diagnostic.ts";
import { Source } from "../../dsl/source.ts";

export const repoRoot = new URL("../../", import.meta.url).pathname;
export const snapshotJson = JSON.parse(readFileSync(`${repoRoot}mappings/pipedrive-catalog.json`, "utf8"));
export const catalog: Catalog = catalogFromSnapshot(parseSnapshot(snapshotJson));

export interface Described {
  code: string;
  severity: string;
  message: string;
  hint: string | undefined;
  labels: { at: string; text: string; message: string | undefined }[];
}

export function describe_(d: Diagnostic): Described {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    hint: d.hint,
    labels: d.labels.map((l) => {
      const { line, column } = l.span.source.locate(l.span.start);
      return { at: `${l.span.source.name}:${line}:${column}`, text: l.span.source.body.slice(l.span.start, l.span.end), message: l.message };
    }),
  };
}

export function diagnose(files: Record<string, string>, cat: Catalog = catalog) {
  const sources = Object.entries(files).map(([name, text]) => new Source(text, name));
  const result = compileMappings(sources, cat);
  return { ...result, list: result.diagnostics.map(describe_), codes: result.diagnostics.map((d) => d.code) };
}

/** The shipped mappings, by file name, to vary one at a time. */
export function shippedMappings(): Record<string, string> {
  const names = ["owner.map", "contact.map", "company.map", "opportunity.map", "activity.map"];
  return Object.fromEntries(names.map((n) => [n, readFileSync(`${repoRoot}mappings/${n}`, "utf8")]));
}

/** A minimal valid Owner and a read-only Contact for tests that need relation targets. */
export const OWNER = "object Owner from User {\n  id   : ID     <- id\n  name : String <- name\n}\n";
export const CONTACT = "object Contact from Person {\n  allow read\n  firstName : String <- first_name\n  lastName  : String <- last_name\n}\n";
