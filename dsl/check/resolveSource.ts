/**
 * Resolves what a field's source (`first_name`, `emails[primary].value`, `company.name`, `custom "Label"`)
 * and an enum's binding (`Activity.type`, `Contact.custom "Lead Source"`) point at in the catalog.
 * Pure lookups: problems are returned as data for the rule that reports them.
 *
 * @example
 *   resolveFieldSource(field, objectsByName, catalog, false); // { kind: "field", field: <first_name>, subpath: [] … }
 */
import type { EnumDecl, Name } from "../ast.ts";
import type { Catalog, CatalogField } from "../catalog/types.ts";
import type { EnumBinding, FieldInfo, ObjectInfo, Problem, Resolution } from "./CheckContext.ts";
import { didYouMean, suggestionList } from "../didYouMean.ts";

/** The names that would split the owner's one full name into parts. */
export const SPLIT_NAMES: readonly string[] = ["first_name", "last_name", "firstName", "lastName", "firstname", "lastname"];

const problem = (p: Problem): Resolution => ({ kind: "problem", problem: p });

/**
 * `relatedPass` false resolves plain and relation sources and leaves related ones (`company.name`) "missing";
 * `relatedPass` true resolves those, once every relation is known.
 */
export function resolveFieldSource(
  f: FieldInfo,
  objectsByName: ReadonlyMap<string, ObjectInfo>,
  catalog: Catalog,
  relatedPass: boolean,
): Resolution {
  const source = f.decl.source;
  if (!source) return { kind: "missing" };
  const object = f.object;
  if (source.kind === "CustomRef") {
    if (relatedPass || !object.entity) return { kind: "missing" };
    const label = source.label?.value;
    if (label === undefined) return { kind: "missing" };
    const matches = object.catalogIndex.customByLabel.get(label) ?? [];
    const field = matches[0];
    if (!field) {
      return problem({ kind: "unknownCustom", node: source.label ?? source, label, entity: object.entity, candidates: suggestionList(label, object.catalogIndex.customLabels) });
    }
    if (matches.length > 1) return problem({ kind: "ambiguousCustom", node: source.label ?? source, label, entity: object.entity, keys: matches.map((c) => c.key) });
    if (f.typeKind === "object" && field.relation) return { kind: "relation", field };
    return { kind: "field", field, selector: undefined, subpath: [], writable: field.writable };
  }
  const segments = (source.segments ?? []).filter((s) => s?.name?.value !== undefined);
  const first = segments[0];
  if (!first) return { kind: "missing" };
  const head = first.name.value;
  const through = segments.length >= 2 ? object.fieldsByName.get(head) : undefined;
  if (through && through.typeKind === "object") {
    if (!relatedPass) return { kind: "missing" };
    return resolveRelated(f, through, segments.map((s) => ({ name: s.name, selector: s.selector })), objectsByName);
  }
  if (relatedPass || !object.entity) return { kind: "missing" };

  if (object.entity === "User" && isSplit(head, first.selector !== undefined || segments.length > 1)) {
    return problem({ kind: "ownerNameSplit", node: source, written: pathText(segments) });
  }
  const field = object.catalogIndex.byKey.get(head);
  if (!field) {
    // `owner.name` where `owner`'s type is unknown (an undeclared object): the type's error says it all.
    if (segments.length >= 2 && object.fieldsByName.get(head)?.typeKind === "unknown") return { kind: "missing" };
    // `company.name` where `company : LeadSource <- org_id` is mistyped: MAP109 on the relation says it all.
    if (segments.length >= 2 && isMistypedRelation(object.fieldsByName.get(head))) return { kind: "missing" };
    const names = [...object.catalogIndex.builtInKeys];
    if (segments.length >= 2) names.push(...object.fields.filter((x) => x.typeKind === "object" && x.name).map((x) => x.name!));
    return problem({ kind: "unknownField", node: first.name, entity: object.entity, candidates: suggestionList(head, names) });
  }
  if (first.selector && field.type !== "labeled_list") return problem({ kind: "badSelector", node: first.selector, field });
  const rest = segments.slice(1);
  for (const s of rest) if (s.selector) return problem({ kind: "badSelector", node: s.selector, field });
  if (rest.length > 0) {
    const parts = field.subfields ?? [];
    const part = rest[0]!.name;
    if (!parts.includes(part.value)) return problem({ kind: "unknownSubfield", node: part, field, candidates: suggestionList(part.value, parts) });
    if (rest.length > 1) return problem({ kind: "unknownSubfield", node: rest[1]!.name, field, candidates: [] });
  }
  const subpath = rest.map((s) => s.name.value);
  if (f.typeKind === "object" && field.relation && !first.selector && subpath.length === 0) return { kind: "relation", field };
  return { kind: "field", field, selector: first.selector?.value, subpath, writable: partWritability(field, first.selector !== undefined, subpath) };
}

function resolveRelated(
  f: FieldInfo,
  through: FieldInfo,
  segments: readonly { name: Name; selector: Name | undefined }[],
  objectsByName: ReadonlyMap<string, ObjectInfo>,
): Resolution {
  const target = through.typeName !== undefined ? objectsByName.get(through.typeName) : undefined;
  // A broken relation is reported on the relation itself; its related fields stay quiet.
  if (!target || through.resolution.kind !== "relation") return { kind: "missing" };
  const node = f.decl.source!;
  const second = segments[1]!;
  if (target.entity === "User" && isSplit(second.name.value, second.selector !== undefined || segments.length > 2)) {
    return problem({ kind: "ownerNameSplit", node, written: pathText(segments) });
  }
  if (segments[0]!.selector || second.selector || segments.length > 2) return problem({ kind: "relatedTooDeep", node, through });
  const targetField = target.fieldsByName.get(second.name.value);
  if (!targetField) {
    return problem({ kind: "unknownRelated", node: second.name, through, target, candidates: suggestionList(second.name.value, target.fieldsByName.keys()) });
  }
  if (targetField.resolution.kind !== "field") {
    const chained = targetField.resolution.kind === "relation" || targetField.resolution.kind === "related" || isRelatedPath(targetField);
    return chained ? problem({ kind: "relatedTooDeep", node, through }) : { kind: "missing" };
  }
  return { kind: "related", through, target, targetField, node };
}

// A declared field that maps a relation key but is not typed by an object: its type error is reported on it.
function isMistypedRelation(f: FieldInfo | undefined): boolean {
  const source = f?.decl.source;
  if (!f || f.typeKind === "object" || !source) return false;
  if (source.kind === "CustomRef") return source.label !== undefined && (f.object.catalogIndex.customByLabel.get(source.label.value) ?? []).some((c) => c.relation);
  const key = source.segments?.length === 1 ? source.segments[0]?.name?.value : undefined;
  return key !== undefined && f.object.catalogIndex.byKey.get(key)?.relation !== undefined;
}

// A related field not resolved yet in this pass (`company.ownerName` where Company.ownerName reads `owner.name`).
function isRelatedPath(f: FieldInfo): boolean {
  const source = f.decl.source;
  if (source?.kind !== "Path" || (source.segments?.length ?? 0) < 2) return false;
  return f.object.fieldsByName.get(source.segments[0]?.name?.value ?? "")?.typeKind === "object";
}

function isSplit(head: string, intoParts: boolean): boolean {
  return SPLIT_NAMES.includes(head) || (head === "name" && intoParts);
}

function pathText(segments: readonly { name: Name; selector: Name | undefined }[]): string {
  return segments.map((s) => s.name.value + (s.selector ? `[${s.selector.value}]` : "")).join(".");
}

// Only the main value of a list or address can be written back: the other parts are derived on read.
function partWritability(field: CatalogField, selected: boolean, subpath: readonly string[]): CatalogField["writable"] {
  if (field.type === "labeled_list") return selected && subpath.length === 1 && subpath[0] === "value" ? field.writable : "never";
  if (field.type === "address") return subpath.length === 0 || subpath[0] === "value" ? field.writable : "never";
  return field.writable;
}

/** What `enum X from Object.field` binds to: the Activity type key, or an enum/set field's options. */
export function resolveEnumBinding(decl: EnumDecl, objectsByName: ReadonlyMap<string, ObjectInfo>): EnumBinding {
  const objectName = decl.object;
  if (!objectName || !decl.field) return { kind: "missing" };
  const object = objectsByName.get(objectName.value);
  if (!object) {
    return {
      kind: "problem",
      node: objectName,
      message: `enum '${decl.name?.value ?? "?"}' is bound to object '${objectName.value}', which is not declared in the files checked together`,
      hint: didYouMean(objectName.value, objectsByName.keys()) ?? "declare the object in a .map file, or bind the enum to a declared object",
    };
  }
  if (!object.entity) return { kind: "missing" };
  if (decl.field.kind === "CustomRef") {
    const label = decl.field.label?.value;
    if (label === undefined) return { kind: "missing" };
    const matches = object.catalogIndex.customByLabel.get(label) ?? [];
    const field = matches[0];
    if (matches.length > 1) {
      return { kind: "problem", node: decl.field.label ?? decl.field, message: ambiguousMessage(object.entity, label, matches.length), hint: ambiguousHint(matches.map((c) => c.key)) };
    }
    if (!field) {
      return {
        kind: "problem",
        node: decl.field.label ?? decl.field,
        message: `${object.entity} has no custom field labelled "${label}"`,
        hint: didYouMean(label, object.catalogFields.filter((c) => c.custom && (c.type === "enum" || c.type === "set")).map((c) => c.label)) ?? "check the label in Pipedrive's data fields settings, then run `bedrock-gateway catalog pull`",
      };
    }
    return bindTo(object, field, decl.field);
  }
  const key = decl.field.value;
  const field = object.catalogIndex.byKey.get(key);
  if (!field) {
    return {
      kind: "problem",
      node: decl.field,
      message: `${object.entity} has no field '${key}' to bind enum '${decl.name?.value ?? "?"}' to`,
      hint: didYouMean(key, object.catalogFields.filter((c) => !c.custom && (c.type === "enum" || c.type === "set")).map((c) => c.key)) ?? "bind to an enum or set field, or to a custom field with `custom \"Label\"`",
    };
  }
  return bindTo(object, field, decl.field);
}

function bindTo(object: ObjectInfo, field: CatalogField, node: EnumDecl["field"] & {}): EnumBinding {
  if (field.type !== "enum" && field.type !== "set") {
    return {
      kind: "problem",
      node,
      message: `${object.entity} field '${field.custom ? field.label : field.key}' has type ${field.type}; an enum can only be bound to an enum or set field`,
      hint: "map the field as a String, or bind the enum to an enum or set field",
    };
  }
  if (object.entity === "Activity" && field.key === "type") return { kind: "activityType", object, field };
  return { kind: "options", object, field };
}

/** Pipedrive lets two custom fields share a label; `custom "Label"` then cannot tell which is meant. */
export function ambiguousMessage(entity: string, label: string, count: number): string {
  return `${entity} has ${count} custom fields labelled "${label}", so \`custom "${label}"\` is ambiguous`;
}

export function ambiguousHint(keys: readonly string[]): string {
  return `rename all but one of them in Pipedrive (keys ${keys.join(", ")}), then run \`bedrock-gateway catalog pull\``;
}
