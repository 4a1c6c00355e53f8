/**
 * One entity's catalog fields indexed for the checker's lookups, built once per entity and shared by every
 * object mapping it, so resolving N sources costs O(N) and not O(N × catalog fields): an account with
 * thousands of custom fields and a mapping that uses them all must compile in linear time.
 *
 * @example
 *   const index = indexCatalogFields(catalog.entities.Person.fields);
 *   index.byKey.get("first_name");            // the built-in first_name
 *   index.customByLabel.get("Lead Source");   // [<the custom field>]; two or more: the label is ambiguous
 */
import type { CatalogField } from "../catalog/types.ts";

export interface CatalogFieldIndex {
  readonly fields: readonly CatalogField[];
  /** The first field with each key (built-in keys and custom hashes alike), as `fields.find` would give. */
  readonly byKey: ReadonlyMap<string, CatalogField>;
  /** Custom fields by exact label, in catalog order. */
  readonly customByLabel: ReadonlyMap<string, readonly CatalogField[]>;
  /** Every custom field's label, in catalog order (suggestions for an unknown label). */
  readonly customLabels: readonly string[];
  /** Every built-in field's key, in catalog order (suggestions for an unknown key). */
  readonly builtInKeys: readonly string[];
}

export function indexCatalogFields(fields: readonly CatalogField[]): CatalogFieldIndex {
  const byKey = new Map<string, CatalogField>();
  const customByLabel = new Map<string, CatalogField[]>();
  const customLabels: string[] = [];
  const builtInKeys: string[] = [];
  for (const field of fields) {
    if (!byKey.has(field.key)) byKey.set(field.key, field);
    if (!field.custom) {
      builtInKeys.push(field.key);
      continue;
    }
    customLabels.push(field.label);
    const same = customByLabel.get(field.label);
    if (same) same.push(field);
    else customByLabel.set(field.label, [field]);
  }
  return { fields, byKey, customByLabel, customLabels, builtInKeys };
}
