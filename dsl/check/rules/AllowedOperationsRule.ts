/** `allow` names only read, create and update, and only those the seed grants the object. */
import { formatSuggestions, suggestionList } from "../../didYouMean.ts";
import { OPERATIONS } from "../CheckContext.ts";
import type { Operation } from "../../catalog/types.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const AllowedOperationsRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    for (const member of o.decl.members ?? []) {
      if (member?.kind !== "AllowClause") continue;
      for (const op of member.operations ?? []) {
        if (!op) continue;
        if (!OPERATIONS.includes(op.value as Operation)) {
          report(error("MAP111", `unknown operation '${op.value}'; an object allows read, create or update`, [label(op, "not an operation")],
            formatSuggestions(suggestionList(op.value, OPERATIONS)) ?? "write `allow read`, `allow read, create` …"));
        } else if (o.rule && !o.rule.permissions.includes(op.value as Operation)) {
          report(error("MAP112", `'${o.rule.bedrock}' may only ${o.rule.permissions.join(", ")}; the seed does not allow '${op.value}'`,
            [label(op, "not permitted")], `remove '${op.value}' from the allow list`));
        }
      }
    }
  }
};
