/**
 * The last line of `check`: "2 errors, 1 warning in 5 files".
 *
 * @example
 *   summarize(diagnostics, 5); // "0 errors, 0 warnings in 5 files"
 */
import type { Diagnostic } from "../../dsl/diagnostic.ts";

export function summarize(diagnostics: readonly Diagnostic[], files: number): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${count(errors, "error")}, ${count(warnings, "warning")} in ${count(files, "file")}`;
}

/** Colour only for a person at a terminal who has not asked for none (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && process.env.NO_COLOR === undefined;
}
