/** Every Activity type value (a member of an enum bound to Activity.type, or a `default` of the type field) is blank or one of the seed's types, and exists and is active in the account. */
import type { Node } from "../../ast.ts";
import type { Diagnostic } from "../../diagnostic.ts";
import { didYouMean } from "../../didYouMean.ts";
import type { CheckContext } from "../CheckContext.ts";
import { resolveActivityType, SEED_TYPES_TEXT } from "../resolveActivityType.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const ActivityTypeValuesRule: Rule = (ctx, report) => {
  for (const e of ctx.enums) {
    if (e.binding.kind !== "activityType") continue;
    for (const m of e.decl.members ?? []) {
      if (!m?.name) continue;
      const d = checkValue(ctx, m.value?.value ?? m.name.value, m.value ?? m.name);
      if (d) report(d);
    }
  }
  for (const o of ctx.objects) {
    for (const f of o.fields) {
      const r = f.resolution;
      const literal = f.default?.value;
      if (r.kind !== "field" || o.entity !== "Activity" || r.field.key !== "type" || literal?.kind !== "StringLiteral") continue;
      let value = literal.value;
      if (f.typeKind === "enum") {
        const e = ctx.enumsByName.get(f.typeName!);
        const member = e?.decl.members?.find((m) => m?.name?.value === value);
        // A default that names no member is reported by DefaultValueTypeRule; the members are checked above.
        if (!member) continue;
        if (e?.binding.kind === "activityType") continue;
        value = member.value?.value ?? member.name.value;
      }
      const d = checkValue(ctx, value, literal);
      if (d) report(d);
    }
  }
};

function checkValue(ctx: CheckContext, value: string, node: Node): Diagnostic | undefined {
  const types = ctx.catalog.activityTypes;
  const r = resolveActivityType(value, types);
  switch (r.kind) {
    case "ok":
      return undefined;
    case "unknown":
      return error("MAP118", `activity type '${value}' does not exist in the account`, [label(node, "unknown activity type")],
        didYouMean(value, types.filter((t) => t.active).map((t) => t.key)) ?? `use one of ${SEED_TYPES_TEXT}`);
    case "inactive":
      return error("MAP118", `activity type '${value}' (${r.name}) is inactive in the account`, [label(node, "inactive activity type")],
        `activate it in Pipedrive, or use one of ${SEED_TYPES_TEXT}`);
    case "notSeed":
      return error("MAP117", `activity type '${value}' (${r.name}) is not allowed; an Activity's type is blank or one of Call, Meeting, Task, Deadline, Email, Lunch`,
        [label(node, "not an allowed activity type")], `use one of ${SEED_TYPES_TEXT}`);
  }
}
