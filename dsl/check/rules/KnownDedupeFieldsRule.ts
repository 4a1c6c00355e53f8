/** `dedupe by` names fields declared in the same object. */
import { didYouMean } from "../../didYouMean.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const KnownDedupeFieldsRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    for (const member of o.decl.members ?? []) {
      if (member?.kind !== "DedupeClause") continue;
      for (const name of member.fields ?? []) {
        if (!name || o.fieldsByName.has(name.value)) continue;
        report(error("MAP123", `'dedupe by' names '${name.value}', which is not a field of '${o.name ?? "?"}'`, [label(name, "unknown field")],
          didYouMean(name.value, o.fieldsByName.keys()) ?? "dedupe by the Bedrock names of fields declared in this object"));
      }
    }
  }
};
