/**
 * Every field type is a scalar, an enum or an object declared in the files checked together (a seed object
 * declared under a wrong name is reported once, as MAP100, not at every field that relates to it).
 */
import { didYouMean } from "../../didYouMean.ts";
import { SCALARS } from "../CheckContext.ts";
import { misnamedObject } from "../misnamedObject.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const KnownTypeNamesRule: Rule = (ctx, report) => {
  const known = [...SCALARS, ...ctx.enumsByName.keys(), ...ctx.objectsByName.keys()];
  for (const o of ctx.objects) {
    for (const f of o.fields) {
      const node = f.decl.type?.name;
      if (f.typeKind !== "unknown" || !node) continue;
      const seed = ctx.catalog.rules.find((r) => r.bedrock === node.value);
      if (seed) {
        // A file with syntax errors may hold the declaration, lost to them: its errors come first.
        if (misnamedObject(ctx, seed.bedrock) || ctx.incomplete.size > 0) continue;
        report(error("MAP107", `relation target '${node.value}' is not declared in the files checked together`, [label(node, "object not declared")],
          `add a .map file with \`object ${seed.bedrock} from ${seed.entity} { ... }\` to the files you check`));
      } else {
        report(error("MAP106", `unknown type '${node.value}'`, [label(node, "not a scalar, enum or declared object")],
          didYouMean(node.value, known) ?? `use a scalar (${SCALARS.join(", ")}), a declared enum or a declared object`));
      }
    }
  }
};
