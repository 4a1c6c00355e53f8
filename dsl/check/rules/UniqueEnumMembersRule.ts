/** The members of an enum have unique names. */
import type { Name } from "../../ast.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const UniqueEnumMembersRule: Rule = (ctx, report) => {
  for (const e of ctx.enums) {
    const seen = new Map<string, Name>();
    for (const m of e.decl.members ?? []) {
      if (!m?.name) continue;
      const first = seen.get(m.name.value);
      if (first) {
        report(error("MAP121", `enum '${e.name ?? "?"}' declares member '${m.name.value}' twice`,
          [label(m.name, "declared again here"), label(first, "first declared here")], "remove the duplicate member"));
      } else seen.set(m.name.value, m.name);
    }
  }
};
