/**
 * Parses and checks `.map` sources together: every syntax and checker diagnostic, and the IR only when
 * there is no error (warnings do not block). On a line with a syntax error only the syntax error is shown.
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
import type { Source, Span } from "./source.ts";

export function compileMappings(sources: readonly Source[], catalog: Catalog): { ir: IR | undefined; diagnostics: Diagnostic[] } {
  const parsed = sources.map((source) => parse(source));
  const incomplete = new Set(parsed.filter((p) => hasErrors(p.diagnostics)).map((p) => p.ast));
  const checked = check(parsed.map((p) => p.ast), catalog, { incomplete });
  const syntax = parsed.flatMap((p) => p.diagnostics);
  // The parser's recovery invents tokens on a broken line; what the checker says about them is noise.
  const brokenLines = new Set(syntax.map((d) => lineKey(d)));
  // `allow read and create`: the clause was cut short at the error, so "never writes it" (MAP114) would follow from it.
  const cutAllows = parsed.flatMap((p) => p.ast.declarations.filter((decl) => decl?.kind === "ObjectDecl" && (decl.members ?? []).some((m) => m?.kind === "AllowClause" && brokenLines.has(lineKey({ labels: [{ span: m.span }] })))));
  const semantic = checked.diagnostics.filter((d) => !brokenLines.has(lineKey(d)) && !(d.code === "MAP114" && cutAllows.some((decl) => within(d, decl.span))));
  const order = new Map(sources.map((s, i) => [s, i]));
  const diagnostics = [...syntax, ...semantic].sort((a, b) => {
    const sa = a.labels[0].span;
    const sb = b.labels[0].span;
    return (order.get(sa.source) ?? 0) - (order.get(sb.source) ?? 0) || sa.start - sb.start || a.code.localeCompare(b.code);
  });
  return { ir: hasErrors(diagnostics) ? undefined : checked.ir, diagnostics };
}

function within(d: Diagnostic, span: Span): boolean {
  const at = d.labels[0].span;
  return at.source === span.source && at.start >= span.start && at.end <= span.end;
}

function lineKey(d: { labels: readonly [{ span: Span }, ...{ span: Span }[]] }): string {
  const span = d.labels[0].span;
  return `${span.source.name}\u0000${span.source.locate(span.start).line}`;
}
