/** Each operation is allowed once per object. */
import type { Name } from "../../ast.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const UniqueOperationsRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    const seen = new Map<string, Name>();
    for (const member of o.decl.members ?? []) {
      if (member?.kind !== "AllowClause") continue;
      for (const op of member.operations ?? []) {
        if (!op) continue;
        const first = seen.get(op.value);
        if (first) {
          report(error("MAP122", `operation '${op.value}' is allowed twice in '${o.name ?? "?"}'`,
            [label(op, "allowed again here"), label(first, "first allowed here")], `remove the second '${op.value}'`));
        } else seen.set(op.value, op);
      }
    }
  }
};
