/**
 * In an object that allows create or update, every field the gateway cannot write (read-only in Pipedrive,
 * a related field, a to-many relation) is marked `readonly`; the entity's own `id` is read-only without saying so.
 */
import { effectiveWritability } from "../effectiveWritability.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const WritableFieldsRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    const writes = o.permissions.filter((p) => p !== "read");
    if (writes.length === 0) continue;
    for (const f of o.fields) {
      if (f.readonly || !f.decl.name) continue;
      const r = f.resolution;
      if (r.kind !== "field" && r.kind !== "relation" && r.kind !== "related") continue;
      if (r.kind === "field" && r.field.type === "id") continue;
      // A whole labeled list (`<- emails`) fits no type: MAP109 points at `emails[primary].value`, which is writable.
      if (r.kind === "field" && r.field.type === "labeled_list" && r.selector === undefined) continue;
      const w = effectiveWritability(f);
      if (w.create || w.update) continue;
      const why =
        r.kind === "related" ? `it is read from the related object through '${r.through.name}'`
        : r.kind === "relation" && r.field.relation?.cardinality === "many" ? "it is a to-many relation, derived from the related records"
        : `${o.entity} field '${r.field.custom ? r.field.label : r.field.key}'${r.kind === "field" && r.subpath.length ? ` part '${r.subpath.join(".")}'` : ""} cannot be ${writes.map((w) => `${w}d`).join(" or ")}`;
      report(error("MAP113", `'${o.name}' allows ${writes.join(" and ")}, but field '${f.name}' cannot be written: ${why}`,
        [label(f.decl.source ?? f.decl.name, "cannot be written")], "add readonly"));
    }
  }
};
