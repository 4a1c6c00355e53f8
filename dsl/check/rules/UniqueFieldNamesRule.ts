/** The fields of an object have unique names. */
import type { Name } from "../../ast.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const UniqueFieldNamesRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    const seen = new Map<string, Name>();
    for (const f of o.fields) {
      const name = f.decl.name;
      if (!name) continue;
      const first = seen.get(name.value);
      if (first) {
        report(error("MAP120", `field '${name.value}' is declared twice in '${o.name ?? "?"}'`,
          [label(name, "declared again here"), label(first, "first declared here")], "rename one of them, or remove the duplicate"));
      } else seen.set(name.value, name);
    }
  }
};
