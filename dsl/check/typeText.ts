/**
 * A type reference as written: `String`, `String!`, `[Interest!]`, `[Contact]!`.
 *
 * @example
 *   typeText(field.decl.type); // "[Interest!]"
 */
import type { TypeRef } from "../ast.ts";

export function typeText(t: TypeRef | undefined): string {
  if (!t?.name) return "?";
  const inner = t.name.value + (t.list && t.itemNonNull ? "!" : "");
  return (t.list ? `[${inner}]` : inner) + (t.nonNull ? "!" : "");
}
