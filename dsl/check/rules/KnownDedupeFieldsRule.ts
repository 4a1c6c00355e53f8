/** `dedupe by` names fields declared in the same object, which a create can be given when the object creates. */
import { didYouMean } from "../../didYouMean.ts";
import { effectiveWritability } from "../effectiveWritability.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const KnownDedupeFieldsRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    for (const member of o.decl.members ?? []) {
      if (member?.kind !== "DedupeClause") continue;
      for (const name of member.fields ?? []) {
        if (!name) continue;
        const field = o.fieldsByName.get(name.value);
        if (field) {
          // Dedupe compares the values a create gives: a field it cannot give (readonly, related) never matches.
          const r = field.resolution;
          // A whole labeled list (`<- emails`) is MAP109's, whose fix (`emails[primary].value`) can be given.
          const wholeList = r.kind === "field" && r.field.type === "labeled_list" && r.selector === undefined;
          if (o.permissions.includes("create") && (r.kind === "field" || r.kind === "relation" || r.kind === "related") && !wholeList && !effectiveWritability(field).create) {
            report(error("MAP123", `'dedupe by' names '${name.value}', which a create of '${o.name ?? "?"}' cannot be given, so no create would ever match`,
              [label(name, "not given on create"), label(field.decl.name ?? name, field.readonly ? "readonly" : "never written")],
              "dedupe by fields callers give on create, such as an email or a name"));
          }
          continue;
        }
        // The field may be on a line of this file that the parser could not read.
        if (ctx.incomplete.has(o.file)) continue;
        report(error("MAP123", `'dedupe by' names '${name.value}', which is not a field of '${o.name ?? "?"}'`, [label(name, "unknown field")],
          didYouMean(name.value, o.fieldsByName.keys()) ?? "dedupe by the Bedrock names of fields declared in this object"));
      }
    }
  }
};
