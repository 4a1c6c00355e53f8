/**
 * Pulls the live catalog snapshot from Pipedrive: the v2 field lists of the four entities and the v1 activity
 * types, trimmed to the properties the checker reads, in the shape of dsl/catalog/snapshot.ts (what
 * `bedrock-gateway catalog pull` writes to mappings/pipedrive-catalog.json). Five cached client calls.
 *
 * @example
 * const snapshot = await loadCatalogSnapshot(client);
 * const catalog = catalogFromSnapshot(snapshot);
 */
import type { RawField, Snapshot } from "../../dsl/catalog/snapshot.ts";
import type { FieldsEntity, PipedriveClient, PipedriveField } from "./PipedriveClient.ts";

export type CatalogSnapshot = Snapshot;

export async function loadCatalogSnapshot(
  client: PipedriveClient,
  options: { pulledFrom?: string } = {},
): Promise<CatalogSnapshot> {
  const fieldsOf = (entity: FieldsEntity) => client.fields(entity).then((fields) => fields.map(rawField));
  const [person, organization, deal, activity, activityTypes] = await Promise.all([
    fieldsOf("person"),
    fieldsOf("organization"),
    fieldsOf("deal"),
    fieldsOf("activity"),
    client.activityTypes(),
  ]);
  return {
    version: 1,
    pulledFrom: options.pulledFrom ?? client.baseUrl,
    fields: { person, organization, deal, activity },
    activityTypes: activityTypes.map(({ key_string, name, active_flag }) => ({ key_string, name, active_flag })),
  };
}

// Only what the checker reads: colors and timestamps would make every pull a diff.
function rawField(field: PipedriveField): RawField {
  return {
    field_code: field.field_code,
    field_name: field.field_name,
    field_type: field.field_type,
    is_custom_field: field.is_custom_field,
    options: field.options ? field.options.map(({ id, label }) => ({ id, label })) : null,
    subfields: field.subfields
      ? field.subfields.map(({ field_code, field_name, field_type }) => ({ field_code, field_name, field_type }))
      : null,
  };
}
