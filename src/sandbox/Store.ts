import { customField, OPTION_BASE, withDescription, type CustomFieldSpec } from "./demoFields.ts";
import { demoAccount } from "./demoAccount.ts";
import { fieldCode } from "./fieldCode.ts";
import { RecordRenderCache } from "./RecordRenderCache.ts";
import { rfc3339 } from "./timestamps.ts";
import type { EntityName, FieldDefinition, SandboxActivityType, SandboxPipeline, SandboxStage, SandboxUser, StoredRecord } from "./types.ts";

/**
 * The sandbox's in-memory state: users, activity types, the field catalog and the records of each
 * entity, seeded from the demo account and restorable with `reset()`. `now()` is the server's clock.
 * A write replaces a record's object instead of changing it, which is how `renderCache` knows it changed.
 *
 * @example
 *   const store = new Store(() => Date.now());
 *   store.records.person.get(1)?.name;      // "Olivia Smith"
 *   store.renameField("person", "Lead Source", "Lead Origin");
 */
export class Store {
  users: SandboxUser[] = [];
  activityTypes: SandboxActivityType[] = [];
  pipelines: SandboxPipeline[] = [];
  stages: SandboxStage[] = [];
  fields = {} as Record<EntityName, FieldDefinition[]>;
  records = {} as Record<EntityName, Map<number, StoredRecord>>;
  readonly renderCache = new RecordRenderCache();
  readonly #nextId = {} as Record<EntityName, number>;
  readonly #clock: () => number;
  // Rendering every record reads the custom fields; the list changes only through reset/add/remove.
  readonly #customCache = new Map<EntityName, FieldDefinition[]>();

  constructor(clock: () => number) {
    this.#clock = clock;
    this.reset();
  }

  reset(): void {
    const account = demoAccount();
    this.#customCache.clear();
    this.renderCache.forget();
    this.users = account.users;
    this.activityTypes = account.activityTypes;
    this.pipelines = account.pipelines;
    this.stages = account.stages;
    this.fields = account.fields;
    for (const entity of Object.keys(account.records) as EntityName[]) {
      const list = account.records[entity];
      this.records[entity] = new Map(list.map((r) => [r.id, r]));
      this.#nextId[entity] = list.length + 1;
    }
  }

  nowMs(): number {
    return this.#clock();
  }

  now(): string {
    return rfc3339(this.#clock());
  }

  nextId(entity: EntityName): number {
    return this.#nextId[entity]++;
  }

  /** A record that exists and is not deleted. */
  live(entity: EntityName, id: number): StoredRecord | undefined {
    const record = this.records[entity].get(id);
    return record && !record.is_deleted ? record : undefined;
  }

  customFields(entity: EntityName): FieldDefinition[] {
    let cached = this.#customCache.get(entity);
    if (!cached) {
      cached = this.fields[entity].filter((f) => f.is_custom_field);
      this.#customCache.set(entity, cached);
    }
    return cached;
  }

  renameField(entity: EntityName, label: string, newLabel: string): FieldDefinition {
    const field = this.#customByLabel(entity, label);
    field.field_name = newLabel;
    this.renderCache.forget(entity);
    return field;
  }

  removeField(entity: EntityName, label: string): void {
    const field = this.#customByLabel(entity, label);
    this.fields[entity] = this.fields[entity].filter((f) => f !== field);
    this.#customCache.delete(entity);
    this.renderCache.forget(entity);
  }

  /** Adds a custom field keyed like the demo account's: fieldCode(entity, field_name). */
  addField(entity: EntityName, spec: { field_name: string; field_type: string; options?: readonly string[] }): FieldDefinition {
    if (!CREATABLE_TYPES.includes(spec.field_type)) {
      throw new Error(`field_type must be one of ${CREATABLE_TYPES.join(", ")}, got "${spec.field_type}"`);
    }
    if ((spec.field_type === "enum" || spec.field_type === "set") !== (spec.options !== undefined && spec.options.length > 0)) {
      throw new Error(`options (a non-empty list of labels) are required for enum and set fields and only for them; "${spec.field_name}" is ${spec.field_type}`);
    }
    const code = fieldCode(entity, spec.field_name);
    if (this.fields[entity].some((f) => f.field_code === code || (f.is_custom_field && f.field_name === spec.field_name))) {
      throw new Error(`A ${entity} field labelled "${spec.field_name}" already exists; rename or remove it first`);
    }
    const optionFields = this.customFields(entity).filter((f) => f.options !== null);
    const position = spec.options ? nextOptionPosition(entity, optionFields) : 0;
    const definition: CustomFieldSpec = spec.options ? { label: spec.field_name, type: spec.field_type, options: spec.options } : { label: spec.field_name, type: spec.field_type };
    const created = customField(entity, definition, position);
    const field = entity === "deal" ? withDescription(created) : created;
    for (const record of this.records[entity].values()) delete record.custom_fields[code];
    this.fields[entity].push(field);
    this.#customCache.delete(entity);
    this.renderCache.forget(entity);
    return field;
  }

  #customByLabel(entity: EntityName, label: string): FieldDefinition {
    const field = this.customFields(entity).find((f) => f.field_name === label);
    if (!field) {
      const labels = this.customFields(entity).map((f) => `"${f.field_name}"`).join(", ");
      throw new Error(`No ${entity} custom field labelled "${label}"; the ${entity} custom fields are ${labels}`);
    }
    return field;
  }
}

/** Custom field types Pipedrive lets an account create (v2 AddDealFieldRequest). */
const CREATABLE_TYPES = ["varchar", "varchar_auto", "text", "double", "monetary", "date", "set", "enum", "user", "org", "people", "phone", "time", "timerange", "daterange", "address"];

// A new option field takes the first position whose option-id range no existing field uses.
function nextOptionPosition(entity: EntityName, optionFields: FieldDefinition[]): number {
  const used = new Set(optionFields.map((f) => Math.floor(((f.options?.[0]?.id ?? 0) - OPTION_BASE[entity]) / 10)));
  let position = 1;
  while (used.has(position)) position++;
  return position;
}
