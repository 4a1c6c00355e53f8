/** Fields are not mapped through a one-to-many relation (discouraged by the seed): a warning, not an error. */
import type { Rule } from "../Rule.ts";
import { label, warning } from "../Rule.ts";

export const NoToManyRelatedFieldsRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    for (const f of o.fields) {
      const r = f.resolution;
      if (r.kind !== "related" || r.through.resolution.kind !== "relation") continue;
      if (r.through.resolution.field.relation?.cardinality !== "many") continue;
      report(warning("MAP116", `field '${f.name}' is mapped through the one-to-many relation '${r.through.name}'; the seed discourages mapping fields through one-to-many relations`,
        [label(r.node, "read through a to-many relation"), label(r.through.decl.name ?? r.through.decl, `one '${o.name}' has many '${r.target.name}'`)],
        `query '${r.through.name} { ${r.targetField.name} }' instead`));
    }
  }
};
