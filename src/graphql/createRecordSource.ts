/**
 * The per-request RecordSource over the Pipedrive client: one DataLoader per entity that batches ids into
 * `GET /api/v2/{entity}?ids=` (at most 100 a call; a batch of one id is `GET /api/v2/{entity}/{id}`, which
 * costs 1 token where a list call costs 10), users from the client's cached `/v1/users` list, and
 * lists, searches, creates and updates that prime those loaders so a record read once is not read again.
 * Every Pipedrive failure leaves as a GatewayError; failed loads are not cached.
 *
 * @example
 *   const records = createRecordSource(client);
 *   const [a, b] = await Promise.all([records.get("Person", 1), records.get("Person", 2)]); // one upstream call
 *   await records.get("Organization", 7); // GET /api/v2/organizations/7 (null when Pipedrive answers 404)
 */
import DataLoader from "dataloader";
import type { ActivityType, PipedriveEntity } from "../../dsl/catalog/types.ts";
import type { ListPage, ListRequest, PipedriveRecord, RecordSource, SearchHit, SearchRequest } from "../../schema/GatewayContext.ts";
import type { EntityPath, ListParams, PipedriveClient } from "../pipedrive/PipedriveClient.ts";
import { toGatewayError } from "./toGatewayError.ts";

const PATHS: Readonly<Record<Exclude<PipedriveEntity, "User">, EntityPath>> = {
  Person: "persons",
  Organization: "organizations",
  Deal: "deals",
  Activity: "activities",
};

async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGatewayError(error);
  }
}

// GET /{id} also answers deleted records and archived deals, which ?ids= leaves out: an id reads the same either way.
function listable(record: PipedriveRecord | null): PipedriveRecord | null {
  return record && record.is_deleted !== true && record.is_archived !== true ? record : null;
}

// One id → user index per version of the client's cached users list, shared by every request that reads it.
const userIndexes = new WeakMap<readonly PipedriveRecord[], ReadonlyMap<number, PipedriveRecord>>();

function userIndex(all: readonly PipedriveRecord[]): ReadonlyMap<number, PipedriveRecord> {
  let index = userIndexes.get(all);
  if (!index) {
    index = new Map(all.map((user) => [user.id, user]));
    userIndexes.set(all, index);
  }
  return index;
}

export function createRecordSource(client: PipedriveClient): RecordSource {
  const users = () => guard(async () => (await client.users()) as unknown as PipedriveRecord[]);
  const loaders = new Map<PipedriveEntity, DataLoader<number, PipedriveRecord | null>>();
  // The settled answers of this request's loaders, so resolvers can take a record without awaiting a promise.
  const held = new Map<PipedriveEntity, Map<number, PipedriveRecord | null>>();
  const hold = (entity: PipedriveEntity, id: number, record: PipedriveRecord | null) => {
    let found = held.get(entity);
    if (!found) held.set(entity, (found = new Map()));
    found.set(id, record);
  };

  const loader = (entity: PipedriveEntity): DataLoader<number, PipedriveRecord | null> => {
    let found = loaders.get(entity);
    if (!found) {
      const batch = entity === "User"
        ? async (ids: readonly number[]) => {
            const index = userIndex(await users());
            return ids.map((id) => {
              const user = index.get(id) ?? null;
              hold(entity, id, user);
              return user;
            });
          }
        : async (ids: readonly number[]) => {
            if (ids.length === 1) {
              const record = listable((await guard(() => client.get(PATHS[entity], ids[0]!))) as PipedriveRecord | null);
              hold(entity, ids[0]!, record);
              return [record];
            }
            const byId = await guard(() => client.getByIds(PATHS[entity], ids));
            return ids.map((id) => {
              const record = (byId.get(id) as PipedriveRecord | undefined) ?? null;
              hold(entity, id, record);
              return record;
            });
          };
      found = new DataLoader(batch, { maxBatchSize: 100 });
      loaders.set(entity, found);
    }
    return found;
  };

  const prime = (entity: PipedriveEntity, record: PipedriveRecord) => {
    loader(entity).clear(record.id).prime(record.id, record);
    hold(entity, record.id, record);
  };

  return {
    get: (entity, id) => loader(entity).load(id),

    peek: (entity, id) => held.get(entity)?.get(id),

    async list(entity: PipedriveEntity, request: ListRequest): Promise<ListPage> {
      if (entity === "User") return { items: await users(), nextCursor: null };
      const params = { ...request.params, limit: request.limit, ...(request.cursor ? { cursor: request.cursor } : {}) } as ListParams;
      const page = await guard(() => client.list(PATHS[entity], params));
      for (const item of page.items) prime(entity, item as PipedriveRecord);
      return { items: page.items as PipedriveRecord[], nextCursor: page.nextCursor };
    },

    async search(entity, request: SearchRequest): Promise<readonly SearchHit[]> {
      const page = await guard(() =>
        client.search(entity === "Person" ? "persons" : "organizations", {
          term: request.term,
          ...(request.fields ? { fields: [...request.fields] } : {}),
          ...(request.exactMatch !== undefined ? { exact_match: request.exactMatch } : {}),
          ...(request.limit !== undefined ? { limit: request.limit } : {}),
        }),
      );
      return page.items.map((hit) => ({ id: Number(hit.item.id), item: hit.item }));
    },

    async create(entity, body) {
      if (entity === "User") throw new TypeError("Pipedrive users cannot be created through the gateway");
      const record = (await guard(() => client.create(PATHS[entity], body))) as PipedriveRecord;
      prime(entity, record);
      return record;
    },

    async update(entity, id, body) {
      if (entity === "User") throw new TypeError("Pipedrive users cannot be changed through the gateway");
      const record = (await guard(() => client.update(PATHS[entity], id, body))) as PipedriveRecord;
      prime(entity, record);
      return record;
    },

    users,

    async activityTypes(): Promise<readonly ActivityType[]> {
      const types = await guard(() => client.activityTypes());
      return types.map((t) => ({ key: t.key_string, name: t.name, active: t.active_flag }));
    },
  };
}
