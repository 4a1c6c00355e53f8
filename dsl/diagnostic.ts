import type { Span } from "./source.ts";

export type Severity = "error" | "warning";

/** A span with an optional label, e.g. "first declared here". The first label of a diagnostic is its primary one. */
export interface Label {
  readonly span: Span;
  readonly message?: string;
}

/**
 * One problem found in `.map` text. Codes are stable (`MAP001`…); tooling and docs rely on them.
 * `message` is one sentence quoting the names involved; `hint` says how to fix it.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint?: string;
  readonly labels: readonly [Label, ...Label[]];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
