import { renderRecord, type RenderOptions } from "./renderRecord.ts";
import type { Store } from "./Store.ts";
import type { EntityName, StoredRecord } from "./types.ts";

/** A record as a response shows it: the view object and the same view serialised as JSON bytes. */
export interface RenderedRecord {
  /** Shared by every response that shows this record version: serialise or read it, never mutate it. */
  readonly view: Record<string, unknown>;
  /** UTF-8 bytes of `JSON.stringify(view)`. */
  readonly json: Buffer;
}

interface Versions {
  generation: number;
  byOptions: Map<string, RenderedRecord>;
}

// A client sends few distinct option sets; a record keeping more than this starts over instead of growing.
const MAX_VARIANTS = 8;

/**
 * Rendered records kept per record version and response options, so listing 100 unchanged records is 100
 * lookups instead of 100 renders and a large JSON.stringify. A record's version is its object identity:
 * every write replaces the stored object (crudRoutes), and a change to an entity's custom fields calls
 * `forget(entity)`, which makes every earlier rendering of that entity stale.
 *
 * @example
 *   const cache = new RecordRenderCache();
 *   const { view, json } = cache.get(store, "person", store.records.person.get(1)!, {});
 *   store.addField("person", { field_name: "Tier", field_type: "varchar" }); // Store calls cache.forget("person")
 */
export class RecordRenderCache {
  readonly #versions = new WeakMap<StoredRecord, Versions>();
  readonly #generation: Record<EntityName, number> = { person: 0, organization: 0, deal: 0, activity: 0 };

  get(store: Store, entity: EntityName, record: StoredRecord, options: RenderOptions): RenderedRecord {
    const generation = this.#generation[entity];
    let versions = this.#versions.get(record);
    if (!versions || versions.generation !== generation) {
      versions = { generation, byOptions: new Map() };
      this.#versions.set(record, versions);
    }
    const key = optionsKey(options);
    let rendered = versions.byOptions.get(key);
    if (!rendered) {
      const view = renderRecord(store, entity, record, options);
      rendered = { view, json: Buffer.from(JSON.stringify(view), "utf8") };
      if (versions.byOptions.size >= MAX_VARIANTS) versions.byOptions.clear();
      versions.byOptions.set(key, rendered);
    }
    return rendered;
  }

  /** Drops the renderings of one entity's records (its custom fields changed), or of all of them. */
  forget(entity?: EntityName): void {
    for (const name of Object.keys(this.#generation) as EntityName[]) {
      if (entity === undefined || name === entity) this.#generation[name]++;
    }
  }
}

function optionsKey(options: RenderOptions): string {
  const labels = options.optionLabels === true ? "labels" : "ids";
  return options.only ? `${labels}:${[...options.only].join(",")}` : labels;
}
