/**
 * A code frame: where a span is (`file:line:col`), the lines around it behind a numbered gutter, and
 * markers under the span. Pure; colour (ANSI) only when asked for. Tabs are expanded to stops of 4 so
 * markers line up under any terminal's tab width. A span over many lines shows its first and last two.
 *
 * @example
 *   // source: "object Contact from Person {\n  first : frist_name\n}", span: "frist_name"
 *   printCodeFrame({ source, start: 39, end: 49 }, { message: "not a field of Person" });
 *   //  --> mappings/contact.map:2:11
 *   //   |
 *   // 1 | object Contact from Person {
 *   // 2 |   first : frist_name
 *   //   |           ^^^^^^^^^^ not a field of Person
 *   // 3 | }
 */
import { charWidth } from "./displayWidth.ts";
import type { Span } from "./source.ts";

export interface CodeFrameOptions {
  /** Text after the markers. */
  readonly message?: string;
  /** `^` for the primary span (default), `-` for secondary ones. */
  readonly marker?: "^" | "-";
  /** Colour of the markers when `color` is on. */
  readonly tone?: "error" | "warning" | "note";
  /** ANSI colours; the caller decides (TTY, NO_COLOR). Default false. */
  readonly color?: boolean;
  /** Lines shown before and after the span. Default 1. */
  readonly contextLines?: number;
}

const TAB = 4;
const ansi = { reset: "\x1b[0m", gutter: "\x1b[1;34m", error: "\x1b[1;31m", warning: "\x1b[1;33m", note: "\x1b[1;36m" };

// Display width of a line prefix, with tabs expanded to the next stop and wide characters (CJK, emoji) as two.
function width(text: string): number {
  let w = 0;
  for (const c of text) w = c === "\t" ? w + TAB - (w % TAB) : w + charWidth(c);
  return w;
}

// The first `n` characters (code points) of a line, the unit of a Source column.
function leading(text: string, n: number): string {
  return [...text].slice(0, Math.max(0, n)).join("");
}

// Tabs to spaces, and control characters (a binary file's) to a visible mark of the same width, not raw bytes.
function expandTabs(text: string): string {
  let out = "";
  for (const c of text) out += c === "\t" ? " ".repeat(TAB - (width(out) % TAB)) : /[\u0000-\u001F\u007F-\u009F]/.test(c) ? "\uFFFD" : c;
  return out;
}

export function printCodeFrame(span: Span, options: CodeFrameOptions = {}): string {
  const { source } = span;
  const color = options.color === true;
  const paint = (code: string, s: string): string => (color && s !== "" ? `${code}${s}${ansi.reset}` : s);
  const markerColour = ansi[options.tone ?? (options.marker === "-" ? "note" : "error")];
  const context = Math.max(0, options.contextLines ?? 1);

  const start = Math.max(0, Math.min(span.start, source.body.length));
  const end = Math.max(start, Math.min(span.end, source.body.length));
  const from = source.locate(start);
  let to = source.locate(end);
  // A span ending just after a line break ends on the line before.
  if (end > start && to.column === 1 && to.line > from.line) to = { line: to.line - 1, column: [...source.lineText(to.line - 1)].length + 1 };

  const first = Math.max(1, from.line - context);
  // The empty "line" after a final line break is not shown as context.
  const lineCount = source.body.endsWith("\n") ? source.lineCount() - 1 : source.lineCount();
  const last = Math.max(to.line, Math.min(lineCount, to.line + context));
  const gutterWidth = String(last).length;
  const pad = " ".repeat(gutterWidth);
  const bar = paint(ansi.gutter, "|");
  const out: string[] = [`${pad}${paint(ansi.gutter, "-->")} ${source.name}:${from.line}:${from.column}`, `${pad} ${bar}`];

  const spanLines = to.line - from.line + 1;
  const elide = spanLines > 5;
  for (let line = first; line <= last; line++) {
    if (elide && line === from.line + 2) out.push(`${paint(ansi.gutter, "...")}`);
    if (elide && line > from.line + 1 && line < to.line - 1) continue;
    const text = source.lineText(line);
    const shown = expandTabs(text);
    out.push(shown === "" ? `${paint(ansi.gutter, String(line).padStart(gutterWidth))} ${bar}` : `${paint(ansi.gutter, String(line).padStart(gutterWidth))} ${bar} ${shown}`);
    if (line < from.line || line > to.line) continue;
    const chars = [...text].length;
    const startCol = line === from.line ? from.column : chars - [...text.trimStart()].length + 1;
    const endCol = line === to.line ? to.column : chars + 1;
    const left = width(leading(text, startCol - 1));
    const right = width(leading(text, endCol - 1));
    const markers = (options.marker ?? "^").repeat(Math.max(1, right - left));
    const message = line === to.line && options.message ? ` ${options.message}` : "";
    out.push(`${pad} ${bar} ${" ".repeat(left)}${paint(markerColour, markers + message)}`);
  }
  return out.join("\n");
}
