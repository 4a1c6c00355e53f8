/**
 * Turns a checked CheckContext into the IR. Best effort: names that did not resolve are left out, so the IR
 * of files with errors is partial (compileMappings discards it then).
 *
 * @example
 *   buildIR(buildContext(files, catalog)).objects.map((o) => o.name); // ["Contact", …]
 */
import type { Literal, WhereClause } from "../ast.ts";
import type { IR, IREnum, IRField, IRObject, IRSource } from "../ir.ts";
import type { CheckContext, EnumInfo, FieldInfo, ObjectInfo } from "./CheckContext.ts";
import { effectiveWritability } from "./effectiveWritability.ts";
import { resolveActivityType } from "./resolveActivityType.ts";

export function buildIR(ctx: CheckContext): IR {
  const objects = [...ctx.objectsByName.values()].filter((o) => o.entity !== undefined).map(irObject);
  const enums = [...ctx.enumsByName.values()].flatMap((e) => irEnum(ctx, e));
  return { objects, enums };
}

function literalValue(literal: Literal | undefined): string | number | boolean | null {
  if (!literal || literal.kind === "NullLiteral") return null;
  return literal.value;
}

function irObject(o: ObjectInfo): IRObject {
  const where = (o.decl.members ?? []).find((m): m is WhereClause => m?.kind === "WhereClause");
  const filterKey = where?.path?.segments?.[0]?.name?.value;
  const dedupe = (o.decl.members ?? []).flatMap((m) => (m?.kind === "DedupeClause" ? m.fields ?? [] : []))
    .map((n) => n?.value)
    .filter((n): n is string => n !== undefined && o.fieldsByName.has(n));
  const fields = [...o.fieldsByName.values()].flatMap((f) => irField(f));
  return {
    name: o.name!,
    entity: o.entity!,
    permissions: o.permissions,
    ...(filterKey !== undefined && o.catalogIndex.byKey.has(filterKey) ? { filter: { key: filterKey, value: literalValue(where?.value) } } : {}),
    dedupe: [...new Set(dedupe)],
    fields,
    file: o.file.span.source.name,
  };
}

function irField(f: FieldInfo): IRField[] {
  const type = f.decl.type;
  if (!f.name || !type?.name || f.typeKind === undefined || f.typeKind === "unknown") return [];
  const source = irSource(f);
  if (!source) return [];
  const defaultValue = f.default?.value;
  return [{
    name: f.name,
    type: { name: type.name.value, kind: f.typeKind, list: type.list, itemNonNull: type.itemNonNull, nonNull: type.nonNull },
    source,
    required: f.required !== undefined,
    writable: effectiveWritability(f),
    ...(defaultValue ? { default: literalValue(defaultValue) } : {}),
  }];
}

function irSource(f: FieldInfo): IRSource | undefined {
  const r = f.resolution;
  switch (r.kind) {
    case "field":
      return {
        kind: "field",
        key: r.field.key,
        fieldType: r.field.type,
        custom: r.field.custom,
        ...(r.field.custom ? { label: r.field.label } : {}),
        ...(r.selector !== undefined ? { selector: r.selector } : {}),
        subpath: r.subpath,
        ...(r.field.options ? { options: r.field.options } : {}),
      };
    case "relation": {
      const relation = r.field.relation!;
      return {
        kind: "relation",
        key: r.field.key,
        custom: r.field.custom,
        target: f.typeName!,
        cardinality: relation.cardinality,
        ...(relation.via !== undefined ? { via: relation.via } : {}),
      };
    }
    case "related":
      return {
        kind: "related",
        through: r.through.name!,
        target: r.target.name!,
        field: r.targetField.name!,
        cardinality: r.through.resolution.kind === "relation" ? r.through.resolution.field.relation?.cardinality ?? "one" : "one",
      };
    default:
      return undefined;
  }
}

function irEnum(ctx: CheckContext, e: EnumInfo): IREnum[] {
  const b = e.binding;
  if (!e.name || (b.kind !== "activityType" && b.kind !== "options") || !b.object.name) return [];
  const values = (e.decl.members ?? []).flatMap((m) => {
    if (!m?.name) return [];
    const written = m.value?.value ?? m.name.value;
    if (b.kind === "activityType") {
      const r = resolveActivityType(written, ctx.catalog.activityTypes);
      return [{ name: m.name.value, pipedrive: r.kind === "unknown" ? written : r.key }];
    }
    const option = b.field.options?.find((o) => o.label === written);
    return [{ name: m.name.value, pipedrive: written, ...(option ? { optionId: option.id } : {}) }];
  });
  return [{ name: e.name, object: b.object.name, key: b.field.key, values }];
}
