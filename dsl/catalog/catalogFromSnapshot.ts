/**
 * Builds the checker's Catalog: the built-in fields of every entity, the snapshot's custom fields
 * (`is_custom_field: true`) and activity types, and the seed's rules.
 *
 * @example
 *   const catalog = catalogFromSnapshot(parseSnapshot(JSON.parse(readFileSync("mappings/pipedrive-catalog.json", "utf8"))));
 *   catalog.entities.Person.fields.find((f) => f.label === "Lead Source")?.key; // the 40-char hash
 */
import { BUILTIN_FIELDS } from "./builtins.ts";
import { OBJECT_RULES } from "./rules.ts";
import type { RawField, Snapshot, SnapshotEntity } from "./snapshot.ts";
import type { Catalog, CatalogEntity, CatalogField, FieldType, PipedriveEntity, RelationInfo } from "./types.ts";

const SNAPSHOT_KEYS: Readonly<Record<Exclude<PipedriveEntity, "User">, SnapshotEntity>> = {
  Person: "person",
  Organization: "organization",
  Deal: "deal",
  Activity: "activity",
};

const KNOWN_TYPES: ReadonlySet<string> = new Set<FieldType>([
  "id", "int", "double", "boolean", "varchar", "varchar_auto", "text", "phone", "date", "datetime", "time",
  "daterange", "timerange", "enum", "set", "monetary", "address", "labeled_list", "user", "org", "people",
  "deal", "visible_to", "status", "json",
]);

const DEFAULT_SUBFIELDS: Partial<Record<FieldType, readonly string[]>> = {
  monetary: ["value", "currency"],
  address: [
    "value", "country", "admin_area_level_1", "admin_area_level_2", "locality", "sublocality",
    "route", "street_number", "subpremise", "postal_code", "formatted_address",
  ],
  time: ["value", "timezone_name"],
  daterange: ["value", "until"],
  timerange: ["value", "until", "timezone_name"],
};

const CUSTOM_RELATIONS: Partial<Record<FieldType, RelationInfo>> = {
  user: { entity: "User", cardinality: "one" },
  org: { entity: "Organization", cardinality: "one" },
  people: { entity: "Person", cardinality: "one" },
  deal: { entity: "Deal", cardinality: "one" },
};

// Pipedrive types the gateway has no shape for (stage, picture, …) are kept as opaque JSON.
function fieldType(raw: string): FieldType {
  if (raw === "varchar_options") return "varchar";
  return KNOWN_TYPES.has(raw) ? (raw as FieldType) : "json";
}

function customField(raw: RawField): CatalogField {
  const type = fieldType(raw.field_type);
  const subfields = raw.subfields?.length
    ? raw.subfields.map((s) => s.field_code.startsWith(`${raw.field_code}_`) ? s.field_code.slice(raw.field_code.length + 1) : s.field_code)
    : DEFAULT_SUBFIELDS[type];
  const relation = CUSTOM_RELATIONS[type];
  return {
    key: raw.field_code,
    label: raw.field_name,
    type,
    custom: true,
    writable: "always",
    ...(raw.options ? { options: raw.options.map((o) => ({ id: o.id, label: o.label })) } : {}),
    ...(subfields ? { subfields } : {}),
    ...(relation ? { relation } : {}),
  };
}

export function catalogFromSnapshot(snapshot: Snapshot): Catalog {
  const entity = (name: PipedriveEntity): CatalogEntity => {
    const key = name === "User" ? undefined : SNAPSHOT_KEYS[name];
    const custom = key ? snapshot.fields[key].filter((f) => f.is_custom_field).map(customField) : [];
    return { entity: name, fields: [...BUILTIN_FIELDS[name], ...custom] };
  };
  return {
    entities: {
      User: entity("User"),
      Person: entity("Person"),
      Organization: entity("Organization"),
      Deal: entity("Deal"),
      Activity: entity("Activity"),
    },
    rules: OBJECT_RULES,
    activityTypes: snapshot.activityTypes.map((t) => ({ key: t.key_string, name: t.name, active: t.active_flag })),
  };
}
