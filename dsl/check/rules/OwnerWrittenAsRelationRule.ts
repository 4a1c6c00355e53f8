/**
 * A user field the gateway writes (`owner_id`, a custom user field) is declared as a relation to the object
 * mapped from User (`owner : Owner <- owner_id`): only then is each id checked to be an existing Pipedrive
 * user's before anything is written, as the seed demands. A plain `ID` would send any number as the owner.
 */
import { effectiveWritability } from "../effectiveWritability.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const OwnerWrittenAsRelationRule: Rule = (ctx, report) => {
  const owner = ctx.objects.find((o) => o.entity === "User" && o.name !== undefined)?.name ?? "Owner";
  for (const o of ctx.objects) {
    for (const f of o.fields) {
      const r = f.resolution;
      if (r.kind !== "field" || r.field.type !== "user" || r.selector !== undefined || r.subpath.length > 0 || f.typeName !== "ID" || !f.decl.type) continue;
      const written = effectiveWritability(f);
      if (!written.create && !written.update) continue;
      const source = r.field.custom ? `custom "${r.field.label}"` : r.field.key;
      report(error("MAP133", `'${f.name}' writes ${o.entity} ${source}, a Pipedrive user, as a plain ID: the gateway could not check that it is an existing user's exact id`,
        [label(f.decl.type, "declared ID")], `declare it as the relation \`${f.name} : ${owner} <- ${source}\`, or add readonly to only read the id`));
    }
  }
};
