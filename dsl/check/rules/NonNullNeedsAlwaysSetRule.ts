/**
 * A field declared non-null (`T!`, `[T]!`) reads a value every served record has: a catalog field Pipedrive
 * always sets (`alwaysSet`, e.g. `id`), a key the object's `where` filter guarantees (FILTER_GUARANTEES), a
 * to-one relation the runtime requires (non-null and `required`: schema/recordRules.ts `passesFilter` then
 * serves no record without it), a to-many relation (always a list), or a related field whose relation and
 * source are both guaranteed. Otherwise one record without the value nulls the whole query (a warning).
 */
import type { WhereClause } from "../../ast.ts";
import type { CatalogField, PipedriveEntity } from "../../catalog/types.ts";
import type { FieldInfo, ObjectInfo, Resolution } from "../CheckContext.ts";
import { effectiveWritability } from "../effectiveWritability.ts";
import type { Rule } from "../Rule.ts";
import { label, warning } from "../Rule.ts";
import { describePart } from "../typeFits.ts";
import { typeText } from "../typeText.ts";

/** What a `where key = value` filter guarantees besides `key` itself: a closed Activity has its close time. */
export const FILTER_GUARANTEES: readonly {
  readonly entity: PipedriveEntity;
  readonly key: string;
  readonly value: string | number | boolean;
  readonly guarantees: readonly string[];
}[] = [
  { entity: "Activity", key: "done", value: true, guarantees: ["marked_as_done_time"] },
];

/** Why a field's value may be missing on a served record, in words for the message; `relation` when adding `required` would fix it. */
type Gap = { readonly why: string; readonly relation: boolean };

export const NonNullNeedsAlwaysSetRule: Rule = (ctx, report) => {
  for (const o of ctx.objects) {
    // Warnings wait while the object's file has syntax errors: its `where` may be the line they broke.
    if (ctx.incomplete.has(o.file)) continue;
    // A `where` on a field that does not exist (MAP124) guarantees nothing yet; the warnings wait for its fix.
    const where = (o.decl.members ?? []).find((m): m is WhereClause => m?.kind === "WhereClause");
    const whereKey = where?.path?.segments?.[0]?.name?.value;
    if (whereKey !== undefined && !o.catalogIndex.byKey.has(whereKey)) continue;
    // `where done =` with its value lost to a syntax error: the parser's error comes first.
    if (where !== undefined && (where.value === undefined || !where.path)) continue;
    const guaranteed = filterGuarantees(o);
    for (const f of o.fields) {
      const type = f.decl.type;
      if (!type?.name || !type.nonNull || f.typeKind === undefined || f.typeKind === "unknown") continue;
      const gap = gapOf(f, guaranteed);
      if (!gap) continue;
      const nullable = `\`${typeText({ ...type, nonNull: false })}\` (nullable)`;
      // `required` is offered only where it is allowed (MAP114): on a field the object writes.
      const written = effectiveWritability(f);
      const canWrite = written.create || written.update;
      const hint = gap.relation
        ? `declare it ${nullable}${canWrite ? ", or add `required` so records without it are not served" : ""}`
        : `declare it ${nullable}${f.required ? "; keep `required` to make it mandatory on writes" : canWrite ? "; add `required` to make it mandatory on writes" : ""}`;
      report(warning("MAP132", `'${f.name}' is declared ${typeText(type)} but ${gap.why}; a record without it would fail the whole query`,
        [label(type, "non-null")], hint));
    }
  }
};

// The Pipedrive keys the object's (first) `where` guarantees non-null, as the runtime applies only that one.
function filterGuarantees(o: ObjectInfo): ReadonlySet<string> {
  const where = (o.decl.members ?? []).find((m): m is WhereClause => m?.kind === "WhereClause");
  const segments = where?.path?.segments ?? [];
  const key = segments[0]?.name?.value;
  const value = where?.value;
  if (key === undefined || segments.length !== 1 || segments[0]?.selector || !value || value.kind === "NullLiteral") return new Set();
  // `where done = "true"` is MAP125's to report; warning here too, as if there were no filter, would only pile on.
  const meant = value.kind === "StringLiteral" && (value.value === "true" || value.value === "false") ? value.value === "true" : value.value;
  const implied = FILTER_GUARANTEES.filter((g) => g.entity === o.entity && g.key === key && g.value === meant).flatMap((g) => g.guarantees);
  return new Set([key, ...implied]);
}

function gapOf(f: FieldInfo, guaranteed: ReadonlySet<string>): Gap | undefined {
  const r = f.resolution;
  const entity = f.object.entity;
  if (r.kind === "field") return fieldAlwaysThere(r, guaranteed) ? undefined : { why: `Pipedrive may leave ${entity} ${partName(r)} empty`, relation: false };
  if (r.kind === "relation") {
    if (r.field.relation?.cardinality === "many" || f.required) return undefined;
    return { why: `Pipedrive may leave ${entity} ${sourceName(r.field)} empty and, without \`required\`, the gateway still serves such records`, relation: true };
  }
  if (r.kind === "related") {
    const through = r.through;
    if (through.resolution.kind === "relation" && through.resolution.field.relation?.cardinality === "many") return undefined;
    if (!through.decl.type?.nonNull || !through.required) return { why: `it is read through '${through.name}', which may be empty`, relation: false };
    const inner = gapOf(r.targetField, filterGuarantees(r.target));
    return inner && { why: inner.why, relation: false };
  }
  return undefined;
}

function fieldAlwaysThere(r: Extract<Resolution, { kind: "field" }>, guaranteed: ReadonlySet<string>): boolean {
  // A part of a structured value (`emails[primary].value`) may be missing even when the whole is set.
  if (r.selector !== undefined || r.subpath.length > 0) return false;
  if (r.field.custom) return false;
  return r.field.alwaysSet === true || r.field.type === "id" || guaranteed.has(r.field.key);
}

function partName(r: Extract<Resolution, { kind: "field" }>): string {
  return r.field.custom && r.selector === undefined && r.subpath.length === 0 ? `custom field "${r.field.label}"` : `'${describePart(r)}'`;
}

function sourceName(field: CatalogField): string {
  return field.custom ? `custom field "${field.label}"` : `'${field.key}'`;
}
