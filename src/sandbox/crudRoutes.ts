import { ApiError } from "./ApiError.ts";
import { itemEnvelope, itemEnvelopeJson } from "./envelope.ts";
import { includeFieldsParam, withIncludedFields } from "./includeFields.ts";
import { listRecords, type ListSpec } from "./listRecords.ts";
import { renderOptions, type RenderOptions } from "./renderRecord.ts";
import type { Route, RouteResponse } from "./Router.ts";
import type { Store } from "./Store.ts";
import type { StoredRecord } from "./types.ts";

export interface CrudSpec extends ListSpec {
  /** The v2 collection path, e.g. `/persons`. */
  readonly path: string;
  /** Human name for messages: "Person". */
  readonly label: string;
  /** Builds a new record from a POST body (validated inside); id, is_deleted and timestamps are then set by the route. */
  create(body: unknown): StoredRecord;
  /** Applies a PATCH body to a copy of the record and returns it; the store keeps it only if this does not throw. */
  update(body: unknown, record: StoredRecord): StoredRecord;
}

/**
 * The five v2 routes of an entity: list, get one, create, update (partial) and soft delete.
 * A failed write changes nothing, because updates are applied to a copy; every write stores a new object,
 * so the store's render cache never serves a stale record.
 *
 * @example
 *   new Router(crudRoutes(store, personSpec(store)));
 */
export function crudRoutes(store: Store, spec: CrudSpec): Route[] {
  const records = () => store.records[spec.entity];
  const idOf = (params: Record<string, string>): number => {
    const raw = params.id ?? "";
    if (!/^\d+$/.test(raw)) throw ApiError.badRequest(`The ${spec.label.toLowerCase()} id in the path must be a positive integer, got ${JSON.stringify(raw)}`);
    return Number(raw);
  };
  const existing = (id: number): StoredRecord => {
    const record = records().get(id);
    if (!record) throw ApiError.notFound(`${spec.label} ${id}`);
    return record;
  };
  const answer = (record: StoredRecord, options: RenderOptions = {}, include?: string[]): RouteResponse => {
    const cached = store.renderCache.get(store, spec.entity, record, options);
    const { view, json } = include ? (withIncludedFields(store, spec.entity, [record], [cached], include)[0] as typeof cached) : cached;
    return { body: itemEnvelope(view), json: itemEnvelopeJson(json) };
  };
  return [
    { api: "v2", method: "GET", path: spec.path, handle: ({ query }) => listRecords(store, spec, query) },
    {
      api: "v2", method: "GET", path: `${spec.path}/{id}`,
      handle: ({ params, query }) => {
        const options = renderOptions(query);
        const include = includeFieldsParam(query, spec.entity);
        return answer(existing(idOf(params)), options, include);
      },
    },
    {
      api: "v2", method: "POST", path: spec.path,
      handle: ({ body }) => {
        const now = store.now();
        const draft = spec.create(body);
        const id = store.nextId(spec.entity);
        const record: StoredRecord = { ...draft, id, add_time: typeof draft.add_time === "string" && draft.add_time !== "" ? draft.add_time : now, update_time: now, is_deleted: false };
        records().set(id, record);
        return answer(record);
      },
    },
    {
      api: "v2", method: "PATCH", path: `${spec.path}/{id}`,
      handle: ({ params, body }) => {
        const current = existing(idOf(params));
        if (current.is_deleted) throw ApiError.notFound(`${spec.label} ${current.id} (deleted)`);
        const updated = spec.update(body, structuredClone(current));
        updated.update_time = store.now();
        records().set(current.id, updated);
        return answer(updated);
      },
    },
    {
      api: "v2", method: "DELETE", path: `${spec.path}/{id}`,
      handle: ({ params }) => {
        const current = existing(idOf(params));
        if (current.is_deleted) throw ApiError.notFound(`${spec.label} ${current.id} (already deleted)`);
        records().set(current.id, { ...current, is_deleted: true, update_time: store.now() });
        return { body: itemEnvelope({ id: current.id }) };
      },
    },
  ];
}
