/** Objects and enums of the files checked together have unique names, distinct from the built-in scalars. */
import type { Name } from "../../ast.ts";
import { SCALARS } from "../CheckContext.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const UniqueTypeNamesRule: Rule = (ctx, report) => {
  const seen = new Map<string, Name>();
  const fileOrder = new Map(ctx.files.map((f, i) => [f.span.source, i]));
  const names = [...ctx.objects.map((o) => o.decl.name), ...ctx.enums.map((e) => e.decl.name)]
    .filter((n): n is Name => n !== undefined)
    .sort((a, b) => (fileOrder.get(a.span.source) ?? -1) - (fileOrder.get(b.span.source) ?? -1) || a.span.start - b.span.start);
  for (const name of names) {
    if ((SCALARS as readonly string[]).includes(name.value)) {
      report(error("MAP119", `'${name.value}' is a built-in scalar and cannot be declared again`, [label(name, "reserved name")], "choose another name"));
      continue;
    }
    const first = seen.get(name.value);
    if (first) {
      report(error("MAP119", `type '${name.value}' is declared twice`, [label(name, "declared again here"), label(first, "first declared here")],
        "rename one of them, or remove the duplicate"));
    } else seen.set(name.value, name);
  }
};
