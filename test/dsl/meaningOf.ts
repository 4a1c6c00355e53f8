import type { MapFile } from "../../dsl/ast.ts";
import { withoutSpans } from "./astToJson.ts";

/**
 * What a file says, without positions and with each object's allow/where/dedupe before its fields
 * (the formatter moves them there): two texts with equal meaningOf describe the same mappings.
 */
export function meaningOf(ast: MapFile): unknown {
  const rank = (kind: string): number => (kind === "FieldDecl" ? 1 : 0);
  return withoutSpans(
    ast.declarations.map((d) => (d.kind === "ObjectDecl" ? { ...d, members: [...d.members].sort((a, b) => rank(a.kind) - rank(b.kind)) } : d)),
  );
}
