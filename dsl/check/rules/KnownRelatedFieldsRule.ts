/** A related path (`company.name`) goes through one relation field of this object to one plain field of the related object. */
import { formatSuggestions } from "../../didYouMean.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const KnownRelatedFieldsRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    for (const f of o.fields) {
      if (f.resolution.kind !== "problem") continue;
      const p = f.resolution.problem;
      if (p.kind === "unknownRelated") {
        // The related object's file has syntax errors: the field may be the one they broke.
        if (ctx.incomplete.has(p.target.file)) continue;
        const hint = formatSuggestions(p.candidates) ??
          `map it in '${p.target.name}' first, then read it here`;
        report(error("MAP108", `'${p.target.name}' has no field '${p.node.value}' to read through relation '${p.through.name}'`,
          [label(p.node, `not a field of ${p.target.name}`), label(p.through.decl.name ?? p.through.decl, `relation to ${p.target.name}`)], hint));
      } else if (p.kind === "relatedTooDeep") {
        report(error("MAP108", `a related path reads one plain field of the related object, as in '${p.through.name}.name'`,
          [label(p.node, "goes deeper than one relation")], "map the value in the related object, then read that field by its Bedrock name"));
      }
    }
  }
};
