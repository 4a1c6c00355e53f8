/** Every `custom "Label"` names exactly one custom field of the object's Pipedrive entity, by its exact label. */
import { formatSuggestions } from "../../didYouMean.ts";
import { ambiguousHint, ambiguousMessage } from "../resolveSource.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const KnownCustomFieldsRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    for (const f of o.fields) {
      if (f.resolution.kind !== "problem") continue;
      const p = f.resolution.problem;
      if (p.kind === "ambiguousCustom") {
        report(error("MAP131", ambiguousMessage(p.entity, p.label, p.keys.length), [label(p.node, "matches several custom fields")], ambiguousHint(p.keys)));
        continue;
      }
      if (p.kind !== "unknownCustom") continue;
      const hint = formatSuggestions(p.candidates, '"') ??
        "check the label in Pipedrive's data fields settings, then run `bedrock-gateway catalog pull`";
      report(error("MAP105", `${p.entity} has no custom field labelled "${p.label}"`, [label(p.node, "unknown custom field")], hint));
    }
  }
};
