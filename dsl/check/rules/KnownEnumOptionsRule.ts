/** Every member of an enum bound to a custom enum or set field names one of that field's option labels. */
import { didYouMean, suggestionList } from "../../didYouMean.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const KnownEnumOptionsRule: Rule = (ctx, report) => {
  for (const e of ctx.enums) {
    if (e.binding.kind !== "options") continue;
    const field = e.binding.field;
    const labels = (field.options ?? []).map((o) => o.label);
    for (const m of e.decl.members ?? []) {
      if (!m?.name) continue;
      const value = m.value?.value ?? m.name.value;
      if (labels.includes(value)) continue;
      report(error("MAP127", `"${field.custom ? field.label : field.key}" has no option "${value}" for enum member '${m.name.value}'`,
        [label(m.value ?? m.name, "unknown option")],
        bindHint(m.name.value, m.value === undefined ? suggestionList(value, labels)[0] : undefined) ?? didYouMean(value, labels, '"') ?? `the options are ${labels.map((l) => `"${l}"`).join(", ") || "none"}; write \`${m.name.value} = "<option label>"\``));
    }
  }
};

// `ColdCall` alone means "ColdCall"; the label "Cold Call" is no GraphQL name, so the member binds it with `=`.
function bindHint(member: string, label: string | undefined): string | undefined {
  return label === undefined ? undefined : `did you mean "${label}"? write \`${member} = "${label}"\``;
}
