/**
 * Everything the checker rules look at, resolved once: the declared objects and enums of all files checked
 * together, each field's type kind and what its source points at in the catalog. Resolution never reports;
 * it records problems (`{ kind: "problem" }`) for the rule that owns them, so each diagnostic has one author.
 *
 * @example
 *   const ctx = buildContext(files, catalog);
 *   ctx.objectsByName.get("Contact")?.fieldsByName.get("email")?.resolution.kind; // "field"
 */
import type { EnumDecl, FieldDecl, MapFile, Modifier, Name, Node, ObjectDecl } from "../ast.ts";
import type { Catalog, CatalogField, ObjectRule, Operation, PipedriveEntity } from "../catalog/types.ts";
import { PIPEDRIVE_ENTITIES } from "../catalog/types.ts";
import type { ScalarName } from "../ir.ts";
import type { CatalogFieldIndex } from "./CatalogFieldIndex.ts";
import { indexCatalogFields } from "./CatalogFieldIndex.ts";
import { resolveEnumBinding, resolveFieldSource } from "./resolveSource.ts";

export const SCALARS: readonly ScalarName[] = ["ID", "String", "Int", "Float", "Boolean", "Date", "DateTime", "Time", "Money", "Address"];
export const OPERATIONS: readonly Operation[] = ["read", "create", "update"];

export interface ObjectInfo {
  readonly decl: ObjectDecl;
  readonly file: MapFile;
  readonly name: string | undefined;
  readonly rule: ObjectRule | undefined;
  readonly entity: PipedriveEntity | undefined;
  readonly catalogFields: readonly CatalogField[];
  /** `catalogFields` by key and by custom label; shared by the objects of one entity. */
  readonly catalogIndex: CatalogFieldIndex;
  readonly fields: FieldInfo[];
  /** The first declaration of each field name. */
  readonly fieldsByName: Map<string, FieldInfo>;
  /** The valid operations of the `allow` clauses, deduplicated, within the seed's; `["read"]` without a clause. */
  readonly permissions: Operation[];
}

export type TypeKind = "scalar" | "enum" | "object" | "unknown";

export interface FieldInfo {
  readonly decl: FieldDecl;
  readonly object: ObjectInfo;
  readonly name: string | undefined;
  readonly typeName: string | undefined;
  readonly typeKind: TypeKind | undefined;
  readonly readonly: boolean;
  readonly required: Modifier | undefined;
  readonly default: Modifier | undefined;
  resolution: Resolution;
}

export type Resolution =
  | { readonly kind: "missing" }
  | {
      readonly kind: "field";
      readonly field: CatalogField;
      readonly selector: string | undefined;
      readonly subpath: readonly string[];
      /** The part's own writability: structured parts other than the main value are read-only. */
      readonly writable: CatalogField["writable"];
    }
  | { readonly kind: "relation"; readonly field: CatalogField }
  | {
      readonly kind: "related";
      readonly through: FieldInfo;
      readonly target: ObjectInfo;
      readonly targetField: FieldInfo;
      readonly node: Node;
    }
  | { readonly kind: "problem"; readonly problem: Problem };

/** Why a source did not resolve; each kind is reported by exactly one rule. */
export type Problem =
  | { readonly kind: "unknownField"; readonly node: Name; readonly entity: PipedriveEntity; readonly candidates: readonly string[] }
  | { readonly kind: "unknownSubfield"; readonly node: Name; readonly field: CatalogField; readonly candidates: readonly string[] }
  | { readonly kind: "badSelector"; readonly node: Node; readonly field: CatalogField }
  | { readonly kind: "unknownCustom"; readonly node: Node; readonly label: string; readonly entity: PipedriveEntity; readonly candidates: readonly string[] }
  | { readonly kind: "ambiguousCustom"; readonly node: Node; readonly label: string; readonly entity: PipedriveEntity; readonly keys: readonly string[] }
  | { readonly kind: "unknownRelated"; readonly node: Name; readonly through: FieldInfo; readonly target: ObjectInfo; readonly candidates: readonly string[] }
  | { readonly kind: "relatedTooDeep"; readonly node: Node; readonly through: FieldInfo }
  | { readonly kind: "ownerNameSplit"; readonly node: Node; readonly written: string };

export interface EnumInfo {
  readonly decl: EnumDecl;
  readonly file: MapFile;
  readonly name: string | undefined;
  readonly binding: EnumBinding;
}

export type EnumBinding =
  | { readonly kind: "missing" }
  | { readonly kind: "activityType"; readonly object: ObjectInfo; readonly field: CatalogField }
  | { readonly kind: "options"; readonly object: ObjectInfo; readonly field: CatalogField }
  | { readonly kind: "problem"; readonly node: Node; readonly message: string; readonly hint?: string };

export interface CheckContext {
  readonly catalog: Catalog;
  readonly files: readonly MapFile[];
  readonly objects: readonly ObjectInfo[];
  readonly objectsByName: ReadonlyMap<string, ObjectInfo>;
  readonly enums: readonly EnumInfo[];
  readonly enumsByName: ReadonlyMap<string, EnumInfo>;
  /**
   * Files with syntax errors (from compileMappings): a declaration in them may be lost or cut short, so what
   * other files say about their objects (undeclared, no such field) would only echo those errors.
   */
  readonly incomplete: ReadonlySet<MapFile>;
}

export function isEntity(name: string | undefined): name is PipedriveEntity {
  return PIPEDRIVE_ENTITIES.includes(name as PipedriveEntity);
}

export function buildContext(files: readonly MapFile[], catalog: Catalog, incomplete: ReadonlySet<MapFile> = new Set()): CheckContext {
  const objects: ObjectInfo[] = [];
  const enumDecls: { decl: EnumDecl; file: MapFile }[] = [];
  const indexes = new Map<PipedriveEntity | undefined, CatalogFieldIndex>();
  const indexOf = (entity: PipedriveEntity | undefined): CatalogFieldIndex => {
    let index = indexes.get(entity);
    if (!index) indexes.set(entity, (index = indexCatalogFields(entity ? catalog.entities[entity]?.fields ?? [] : [])));
    return index;
  };
  for (const file of files) {
    for (const decl of file?.declarations ?? []) {
      if (decl?.kind === "ObjectDecl") objects.push(objectInfo(decl, file, catalog, indexOf));
      else if (decl?.kind === "EnumDecl") enumDecls.push({ decl, file });
    }
  }
  const objectsByName = firstByName(objects);
  const enumNames = new Set(enumDecls.map((e) => e.decl.name?.value).filter((n) => n !== undefined));
  for (const object of objects) {
    for (const member of object.decl.members ?? []) {
      if (member?.kind === "FieldDecl") object.fields.push(fieldInfo(member, object, objectsByName, enumNames));
    }
    for (const f of object.fields) if (f.name !== undefined && !object.fieldsByName.has(f.name)) object.fieldsByName.set(f.name, f);
  }
  // Related sources read other objects' fields, so plain sources are resolved first.
  for (const object of objects) for (const f of object.fields) f.resolution = resolveFieldSource(f, objectsByName, catalog, false);
  for (const object of objects) for (const f of object.fields) if (f.resolution.kind === "missing") f.resolution = resolveFieldSource(f, objectsByName, catalog, true);
  const enums = enumDecls.map(({ decl, file }) => ({ decl, file, name: decl.name?.value, binding: resolveEnumBinding(decl, objectsByName) }));
  return { catalog, files, objects, objectsByName, enums, enumsByName: firstByName(enums), incomplete };
}

function objectInfo(decl: ObjectDecl, file: MapFile, catalog: Catalog, indexOf: (entity: PipedriveEntity | undefined) => CatalogFieldIndex): ObjectInfo {
  const name = decl.name?.value;
  const rule = catalog.rules.find((r) => r.bedrock === name);
  const entityName = decl.source?.value;
  const entity = isEntity(entityName) ? entityName : undefined;
  const allowed = rule?.permissions ?? OPERATIONS;
  const written = (decl.members ?? []).flatMap((m) => (m?.kind === "AllowClause" ? m.operations ?? [] : []));
  const hasAllow = (decl.members ?? []).some((m) => m?.kind === "AllowClause");
  const catalogIndex = indexOf(entity);
  // `allow Read, Create` is MAP111; read as meant, the object's fields are not also "never written" (MAP114).
  const permissions = hasAllow
    ? [...new Set(written.map((op) => op?.value.toLowerCase()).filter((op): op is Operation => OPERATIONS.includes(op as Operation) && allowed.includes(op as Operation)))]
    : ["read" as const];
  return {
    decl,
    file,
    name,
    rule,
    entity,
    catalogFields: catalogIndex.fields,
    catalogIndex,
    fields: [],
    fieldsByName: new Map(),
    permissions,
  };
}

function fieldInfo(decl: FieldDecl, object: ObjectInfo, objectsByName: ReadonlyMap<string, ObjectInfo>, enumNames: ReadonlySet<string>): FieldInfo {
  const typeName = decl.type?.name?.value;
  const typeKind: TypeKind | undefined =
    typeName === undefined ? undefined
    : SCALARS.includes(typeName as ScalarName) ? "scalar"
    // An enum named like a declared object is MAP119; the fields typed by the name mean the object.
    : objectsByName.has(typeName) ? "object"
    : enumNames.has(typeName) ? "enum"
    : "unknown";
  const modifiers = decl.modifiers ?? [];
  return {
    decl,
    object,
    name: decl.name?.value,
    typeName,
    typeKind,
    readonly: modifiers.some((m) => m?.name === "readonly"),
    required: modifiers.find((m) => m?.name === "required"),
    default: modifiers.find((m) => m?.name === "default"),
    resolution: { kind: "missing" },
  };
}

function firstByName<T extends { readonly name: string | undefined }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (item.name !== undefined && !map.has(item.name)) map.set(item.name, item);
  return map;
}
