/**
 * Parses and checks `.map` sources together: every syntax and checker diagnostic, and the IR only when
 * there is no error (warnings do not block).
 *
 * @example
 *   const { ir, diagnostics } = compileMappings([new Source(text, "mappings/contact.map"), …], catalog);
 *   if (ir) printSdl(ir);
 */
import type { Catalog } from "./catalog/types.ts";
import { check } from "./check/check.ts";
import type { Diagnostic } from "./diagnostic.ts";
import { hasErrors } from "./diagnostic.ts";
import type { IR } from "./ir.ts";
import { parse } from "./parse.ts";
import type { Source } from "./source.ts";

export function compileMappings(sources: readonly Source[], catalog: Catalog): { ir: IR | undefined; diagnostics: Diagnostic[] } {
  const parsed = sources.map((source) => parse(source));
  const checked = check(parsed.map((p) => p.ast), catalog);
  const order = new Map(sources.map((s, i) => [s, i]));
  const diagnostics = [...parsed.flatMap((p) => p.diagnostics), ...checked.diagnostics].sort((a, b) => {
    const sa = a.labels[0].span;
    const sb = b.labels[0].span;
    return (order.get(sa.source) ?? 0) - (order.get(sb.source) ?? 0) || sa.start - sb.start || a.code.localeCompare(b.code);
  });
  return { ir: hasErrors(diagnostics) ? undefined : checked.ir, diagnostics };
}
