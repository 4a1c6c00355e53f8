/** Every enum is bound to a declared object and to an enum or set field of its entity (built-in key, or custom by label). */
import { misnamedObject } from "../misnamedObject.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const KnownEnumBindingsRule: Rule = (ctx, report) => {
  for (const e of ctx.enums) {
    if (e.binding.kind !== "problem") continue;
    const object = e.decl.object;
    if (object !== undefined && e.binding.node === object && (misnamedObject(ctx, object.value) || ctx.incomplete.size > 0)) continue;
    report(error("MAP128", e.binding.message, [label(e.binding.node, "cannot bind here")], e.binding.hint));
  }
};
