/** An object mapping Pipedrive Activities has `where done = true`: only closed activities sync out. */
import type { WhereClause } from "../../ast.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const ActivityDoneFilterRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    if (o.entity !== "Activity" || !o.decl.name) continue;
    const wheres = (o.decl.members ?? []).filter((m): m is WhereClause => m?.kind === "WhereClause");
    const done = wheres.find((w) => w.path?.segments?.length === 1 && w.path.segments[0]?.name?.value === "done");
    if (done && done.value?.kind === "BooleanLiteral" && done.value.value === true) continue;
    // `where [ done = true` was cut short by a syntax error, which is the one to fix.
    if (ctx.incomplete.has(o.file) && (wheres.length === 0 || wheres.some((w) => !w.path || w.value === undefined))) continue;
    // `where finished = true` filters on no field at all: MAP124 reports it, with `where done = true` as the fix.
    const first = wheres[0]?.path?.segments?.[0]?.name?.value;
    if (!done && first !== undefined && !o.catalogIndex.byKey.has(first)) continue;
    // `where done = "true"` meant it: MAP125 reports the literal's type, and one error is enough.
    if (done && done.value !== undefined && done.value.kind !== "BooleanLiteral" && done.value.kind !== "NullLiteral") continue;
    const labels = done
      ? ([label(done, "must be `where done = true`"), label(o.decl.name, "Activity object")] as const)
      : ([label(o.decl.name, "no `where done = true`")] as const);
    report(error("MAP126", `'${o.name}' maps Pipedrive Activities, so it must filter with 'where done = true': only closed activities sync out`,
      labels, done ? "write `where done = true`" : "add `where done = true` to the object"));
  }
};
