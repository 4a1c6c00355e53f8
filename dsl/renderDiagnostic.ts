/**
 * How a Diagnostic is shown: as text for people (`check`) and as JSON for tools (`check --format json`).
 *
 * @example
 *   renderDiagnostic(d);
 *   // error[MAP012]: Unknown field 'frist_name' on Person.
 *   //  --> mappings/contact.map:7:30
 *   //   |
 *   // …code frame of the primary label, then one frame per other label…
 *   // hint: did you mean 'first_name'?
 *
 *   diagnosticToJson(d); // { code: "MAP012", severity: "error", message, hint, file, line, column, endLine, endColumn, labels }
 */
import type { Diagnostic } from "./diagnostic.ts";
import { printCodeFrame } from "./printCodeFrame.ts";
import type { Span } from "./source.ts";

/** The text of one diagnostic, without a trailing newline; the caller separates diagnostics (a blank line reads best). */
export function renderDiagnostic(d: Diagnostic, options: { color?: boolean } = {}): string {
  const color = options.color === true;
  const tone = d.severity === "warning" ? "\x1b[1;33m" : "\x1b[1;31m";
  const bold = (s: string): string => (color ? `\x1b[1m${s}\x1b[0m` : s);
  const head = color ? `${tone}${d.severity}[${d.code}]\x1b[0m` : `${d.severity}[${d.code}]`;
  const out = [`${head}: ${bold(d.message)}`];
  d.labels.forEach((label, i) => {
    out.push(
      printCodeFrame(label.span, {
        color,
        marker: i === 0 ? "^" : "-",
        tone: i === 0 ? d.severity : "note",
        ...(label.message ? { message: label.message } : {}),
      }),
    );
  });
  if (d.hint) out.push(`${color ? "\x1b[1;36mhint\x1b[0m" : "hint"}: ${d.hint}`);
  return out.join("\n");
}

/** 1-based start and end (end exclusive: the position just after the span) of a span. */
function position(span: Span): { file: string; line: number; column: number; endLine: number; endColumn: number } {
  const start = span.source.locate(span.start);
  const end = span.source.locate(span.end);
  return { file: span.source.name, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

export interface DiagnosticJson {
  code: string;
  severity: "error" | "warning";
  message: string;
  hint: string | null;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  labels: { file: string; line: number; column: number; endLine: number; endColumn: number; message: string | null }[];
}

/** Plain JSON of a diagnostic: the primary label's position at top level, every label (primary first) in `labels`. */
export function diagnosticToJson(d: Diagnostic): DiagnosticJson {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    hint: d.hint ?? null,
    ...position(d.labels[0].span),
    labels: d.labels.map((l) => ({ ...position(l.span), message: l.message ?? null })),
  };
}
