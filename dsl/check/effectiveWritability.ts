/**
 * Where a field can be written from in its object: the object's permissions, the Pipedrive part's
 * writability and `readonly` (ignored with `ignoreReadonly`, to ask whether the field could be written).
 *
 * @example
 *   effectiveWritability(doneAtField); // { create: true, update: false } in Activity (allow read, create)
 */
import type { CatalogField } from "../catalog/types.ts";
import type { FieldInfo } from "./CheckContext.ts";

export function effectiveWritability(f: FieldInfo, ignoreReadonly = false): { create: boolean; update: boolean } {
  if (f.readonly && !ignoreReadonly) return { create: false, update: false };
  const r = f.resolution;
  let writable: CatalogField["writable"] = "never";
  if (r.kind === "field") writable = r.writable;
  else if (r.kind === "relation") writable = r.field.relation?.cardinality === "many" ? "never" : r.field.writable;
  return {
    create: f.object.permissions.includes("create") && writable !== "never",
    update: f.object.permissions.includes("update") && writable === "always",
  };
}
