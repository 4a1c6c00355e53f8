/** Every `custom "Label"` names a custom field of the object's Pipedrive entity, by its exact label. */
import { formatSuggestions } from "../../didYouMean.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const KnownCustomFieldsRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    for (const f of o.fields) {
      if (f.resolution.kind !== "problem" || f.resolution.problem.kind !== "unknownCustom") continue;
      const p = f.resolution.problem;
      const hint = formatSuggestions(p.candidates, '"') ??
        "check the label in Pipedrive's data fields settings, then run `bedrock-gateway catalog pull`";
      report(error("MAP105", `${p.entity} has no custom field labelled "${p.label}"`, [label(p.node, "unknown custom field")], hint));
    }
  }
};
