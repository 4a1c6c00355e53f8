/**
 * Every Pipedrive field the seed marks required for an object is mapped by one of its fields (a field whose
 * misspelt source is closest to it counts: its MAP103 is the one error to fix).
 */
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";

export const RequiredFieldsMappedRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    if (!o.rule || o.entity !== o.rule.entity || !o.decl.name) continue;
    // A field the parser could only partly read may be the one that maps it; its syntax error says enough.
    if (o.fields.some((f) => !f.decl.name || !f.decl.type?.name || !f.decl.source)) continue;
    // A line of this file the parser could not read (two fields run together) may hold the field.
    if (ctx.incomplete.has(o.file)) continue;
    const mapped = new Set(o.fields.flatMap((f) => (f.resolution.kind === "field" || f.resolution.kind === "relation" ? [f.resolution.field.key] : [])));
    // `firstName <- frist_name` meant to map it: MAP103 says so and suggests the key; one error is enough.
    const misspelt = new Set(o.fields.flatMap((f) => (f.resolution.kind === "problem" && f.resolution.problem.kind === "unknownField" ? f.resolution.problem.candidates.slice(0, 1) : [])));
    for (const required of o.rule.requiredFields) {
      if (mapped.has(required.key) || misspelt.has(required.key)) continue;
      const field = o.catalogIndex.byKey.get(required.key);
      // Non-null only where Pipedrive always sets the value (MAP132); `required` alone makes it mandatory on writes.
      const scalar = `${field?.type === "datetime" ? "DateTime" : field?.type === "date" ? "Date" : "String"}${field?.alwaysSet ? "!" : ""}`;
      const example = field?.relation ? `contact : Contact <- ${required.key} required` : `${camel(required.key)} : ${scalar} <- ${required.key} required`;
      report(error("MAP110", `'${o.rule.bedrock}' must map the required field "${required.label}" (${o.entity} '${required.key}')`,
        [label(o.decl.name, `"${required.label}" is not mapped`)], `add a field such as \`${example}\``));
    }
  }
};

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
