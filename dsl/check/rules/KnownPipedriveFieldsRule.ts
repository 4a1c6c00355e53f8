/** Every path names a field of the object's Pipedrive entity, a part that field has, and a selector only on a list of labeled values. */
import { formatSuggestions } from "../../didYouMean.ts";
import type { CatalogField } from "../../catalog/types.ts";
import type { ObjectInfo } from "../CheckContext.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const KnownPipedriveFieldsRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    for (const f of o.fields) {
      if (f.resolution.kind !== "problem") continue;
      const p = f.resolution.problem;
      const hintOf = (candidates: readonly string[], fallback: string) => formatSuggestions(candidates) ?? fallback;
      if (p.kind === "unknownField") {
        // `contact.name` reads like a related path whose relation field sat on a line the parser could not read.
        const source = f.decl.source;
        if (ctx.incomplete.has(o.file) && source?.kind === "Path" && (source.segments?.length ?? 0) >= 2) continue;
        report(error("MAP103", `${p.entity} has no field '${p.node.value}'`, [label(p.node, `not a field of ${p.entity}`)],
          hintOf(p.candidates, `a path starts with a ${p.entity} field key or a relation field of '${o.name ?? "this object"}'; custom fields are written \`custom "Label"\``)));
      } else if (p.kind === "unknownSubfield") {
        const parts = p.field.subfields ?? [];
        report(error("MAP104", parts.length
          ? `${p.field.custom ? `custom field "${p.field.label}"` : `field '${p.field.key}'`} has no part '${p.node.value}'; its parts are ${parts.join(", ")}`
          : `${p.field.custom ? `custom field "${p.field.label}"` : `field '${p.field.key}'`} (${p.field.type}) has no parts, so '${p.node.value}' cannot be read from it`,
          [label(p.node, "unknown part")], hintOf(p.candidates, parts.length ? `use one of ${parts.join(", ")}` : relatedHint(o, p.field, p.node.value) ?? "map the field itself")));
      } else if (p.kind === "badSelector") {
        report(error("MAP104", `a selector such as [primary] only picks an item of a labeled list (emails, phones); '${p.field.key}' is a ${p.field.type} field`,
          [label(p.node, "selector not allowed here")], "remove the [...] selector"));
      }
    }
  }
};

// `org_id.name`: a related object's fields are read through the object's relation field, by Bedrock names.
function relatedHint(o: ObjectInfo, field: CatalogField, part: string): string | undefined {
  if (!field.relation) return undefined;
  const through = o.fields.find((f) => f.resolution.kind === "relation" && f.resolution.field.key === field.key && f.name);
  return through
    ? `read the related object's fields through the relation field: \`${through.name}.${part}\``
    : `declare the relation first (\`name : <Object> <- ${field.key}\`), then read \`name.${part}\``;
}
