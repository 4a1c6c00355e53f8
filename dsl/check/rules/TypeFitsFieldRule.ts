/** A field's GraphQL type fits what its source holds (type-compatibility table), and a relation's type is the related entity's object. */
import type { CatalogField, PipedriveEntity } from "../../catalog/types.ts";
import type { FieldInfo } from "../CheckContext.ts";
import type { Rule } from "../Rule.ts";
import { error, label } from "../Rule.ts";
import { describePart, expectedType } from "../typeFits.ts";
import { typeText } from "../typeText.ts";

export const TypeFitsFieldRule: Rule = (ctx, report) => {
  // An enum whose binding did not resolve is reported by KnownEnumBindingsRule, so it fits here.
  const enumFits = (f: FieldInfo, field: CatalogField | undefined): boolean => {
    const e = ctx.enumsByName.get(f.typeName!);
    if (!field || !e) return false;
    const b = e.binding;
    return b.kind === "activityType" || b.kind === "options" ? b.object === f.object && b.field.key === field.key : true;
  };
  // The declared object names per entity, gathered once: a hint for every mistyped relation.
  const namesByEntity = new Map<PipedriveEntity, string[]>();
  for (const x of ctx.objects) if (x.entity && x.name) namesByEntity.set(x.entity, [...(namesByEntity.get(x.entity) ?? []), x.name]);
  for (const o of ctx.objects) {
    for (const f of o.fields) {
      const type = f.decl.type;
      if (!type?.name || f.typeKind === undefined || f.typeKind === "unknown") continue;
      const r = f.resolution;
      const blame = (message: string, hint: string) =>
        report(error("MAP109", message, [label(type, `declared ${typeText(type)}`), label(f.decl.source ?? type, "source")], hint));

      if (r.kind === "field") {
        const expected = expectedType(r);
        const where = `${o.entity} ${describePart(r)} (${r.field.type})`;
        if (f.typeKind === "object") {
          blame(`'${f.name}' is declared as object '${f.typeName}', but ${where} is not a relation`,
            `a relation is mapped from an id field such as owner_id or org_id; declare '${f.name}' as ${suggest(expected)}`);
          continue;
        }
        const fitsName = f.typeKind === "scalar" ? expected.scalars.includes(f.typeName!) : enumFits(f, expected.enumField);
        // A relation field (`owner_id`) is best declared as the related object: then its ids are checked on writes.
        const related = r.field.relation && !r.selector && r.subpath.length === 0 ? namesByEntity.get(r.field.relation.entity) ?? [] : [];
        if (!fitsName || type.list !== expected.list) {
          const bound = f.typeKind === "enum" && expected.enumField && !fitsName ? `; enum '${f.typeName}' is not bound to this field` : "";
          // `interests : Interest` on a set: the enum is right, the list is missing; say exactly that.
          const listOnly = fitsName && f.typeKind === "enum" ? `declare it as ${expected.list ? `[${f.typeName}!]` : f.typeName}` : undefined;
          blame(`'${f.name}' is declared as ${typeText(type)}, which does not fit ${where}${bound}`,
            listOnly ?? `declare it as ${[...related, suggest(expected)].join(" or ")}`);
        }
      } else if (r.kind === "relation") {
        const relation = r.field.relation!;
        const target = ctx.objectsByName.get(f.typeName!);
        const source = r.field.custom ? `custom "${r.field.label}"` : r.field.key;
        if (target?.entity && target.entity !== relation.entity) {
          const fits = namesByEntity.get(relation.entity) ?? [];
          blame(`'${f.name}' is declared as ${f.typeName} (from ${target.entity}), but ${o.entity} field '${source}' relates to ${relation.entity}`,
            fits.length ? `declare it as ${fits.join(" or ")}` : `declare an object from ${relation.entity} and use it here`);
        } else if (type.list !== (relation.cardinality === "many")) {
          blame(`'${f.name}' is a to-${relation.cardinality} relation through '${source}', so its type must ${relation.cardinality === "many" ? "be a list" : "not be a list"}`,
            `declare it as ${relation.cardinality === "many" ? `[${f.typeName}]` : f.typeName}`);
        }
      } else if (r.kind === "related") {
        const targetType = r.targetField.decl.type;
        const many = r.through.resolution.kind === "relation" && r.through.resolution.field.relation?.cardinality === "many";
        const wantList = many || (targetType?.list ?? false);
        // A target field on a line the parser could not read whole may have lost its real type.
        if (ctx.incomplete.has(r.target.file) && r.target.file !== o.file) continue;
        // The target field's own type is unknown (MAP106 there): nothing to compare with.
        if (r.targetField.typeKind === "unknown") continue;
        if (!targetType?.name || type.name.value !== targetType.name.value || type.list !== wantList) {
          const want = wantList ? `[${targetType?.name?.value}]` : targetType?.name?.value;
          blame(`'${f.name}' is declared as ${typeText(type)}, but '${r.target.name}.${r.targetField.name}' is ${typeText(targetType)}${many ? " read through a to-many relation" : ""}`,
            `declare it as ${want}`);
        }
      }
    }
  }
};

function suggest(expected: ReturnType<typeof expectedType>): string {
  const names = expected.scalars.map((s) => (expected.list ? `[${s}]` : s));
  if (expected.enumField) names.push(expected.list ? "[an enum bound to it]" : "an enum bound to it");
  if (names.length === 0) return "a path to one of its parts, e.g. emails[primary].value";
  return names.join(" or ");
}
