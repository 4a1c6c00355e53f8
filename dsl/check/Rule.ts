/**
 * A checker rule: one invariant of `.map` files, checked over the whole CheckContext, reporting every
 * violation (never only the first) and blaming every node involved.
 *
 * @example
 *   export const MyRule: Rule = (ctx, report) => {
 *     for (const o of ctx.objects) if (!o.name) report(error("MAP199", "…", [label(o.decl)]));
 *   };
 */
import type { Node } from "../ast.ts";
import type { Diagnostic, Label } from "../diagnostic.ts";
import type { CheckContext } from "./CheckContext.ts";

export type Rule = (ctx: CheckContext, report: (diagnostic: Diagnostic) => void) => void;

export function label(node: Node, message?: string): Label {
  return message === undefined ? { span: node.span } : { span: node.span, message };
}

export function error(code: string, message: string, labels: readonly [Label, ...Label[]], hint?: string): Diagnostic {
  return diagnostic("error", code, message, labels, hint);
}

export function warning(code: string, message: string, labels: readonly [Label, ...Label[]], hint?: string): Diagnostic {
  return diagnostic("warning", code, message, labels, hint);
}

// Messages read as one sentence, like the parser's: capital first letter, final period.
function diagnostic(severity: Diagnostic["severity"], code: string, message: string, labels: readonly [Label, ...Label[]], hint?: string): Diagnostic {
  const sentence = message.charAt(0).toUpperCase() + message.slice(1) + (/[.?!]$/.test(message) ? "" : ".");
  return hint === undefined ? { code, severity, message: sentence, labels } : { code, severity, message: sentence, hint, labels };
}
