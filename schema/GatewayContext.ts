/**
 * What every resolver receives as context, and the data access it goes through. `schema/` only knows these
 * interfaces; `src/graphql/createGatewayContext.ts` builds them over the Pipedrive client (one per request,
 * with fresh DataLoaders), and the server (engineer F) may swap `can`, `runIdempotent` and `withLock`.
 *
 * @example
 *   const ctx: GatewayContext = createGatewayContext({ client, ir });
 *   await execute({ schema, document, contextValue: ctx });
 */
import type { ActivityType, Operation, PipedriveEntity } from "../dsl/catalog/types.ts";

/** A Pipedrive record as the v2 API returns it (users: as v1 /users returns them). */
export type PipedriveRecord = { readonly id: number; readonly [key: string]: unknown };

/** One page of a Pipedrive list endpoint: filter parameters as Pipedrive names them (`org_id`, `done`…). */
export interface ListRequest {
  readonly params: Readonly<Record<string, string | number | boolean>>;
  readonly limit: number;
  readonly cursor?: string;
}

export interface ListPage {
  readonly items: readonly PipedriveRecord[];
  readonly nextCursor: string | null;
}

export interface SearchRequest {
  readonly term: string;
  /** Pipedrive's `fields` (`email`, `name`…). */
  readonly fields?: readonly string[];
  readonly exactMatch?: boolean;
  readonly limit?: number;
}

/** A search hit: the record id and Pipedrive's summary item (`emails: string[]`, `name`…). */
export interface SearchHit {
  readonly id: number;
  readonly item: Readonly<Record<string, unknown>>;
}

/**
 * Per-request access to Pipedrive records. Reads by id are batched (one upstream call per entity and tick,
 * at most 100 ids each); lists, creates and updates prime that cache. Every failure is a GatewayError.
 */
export interface RecordSource {
  /** By id; null when Pipedrive has no such record. Users come from the cached users list. */
  get(entity: PipedriveEntity, id: number): Promise<PipedriveRecord | null>;
  /**
   * What `get` would answer, if this request has already read or listed that record (null: known missing);
   * undefined when it has not, and the caller must `get`. Optional: a source without it is always asked.
   */
  peek?(entity: PipedriveEntity, id: number): PipedriveRecord | null | undefined;
  /** One page of the entity's list endpoint (users: the cached list, paged locally). */
  list(entity: PipedriveEntity, request: ListRequest): Promise<ListPage>;
  search(entity: "Person" | "Organization", request: SearchRequest): Promise<readonly SearchHit[]>;
  create(entity: PipedriveEntity, body: Record<string, unknown>): Promise<PipedriveRecord>;
  update(entity: PipedriveEntity, id: number, body: Record<string, unknown>): Promise<PipedriveRecord>;
  /** All users of the account (cached by the client). */
  users(): Promise<readonly PipedriveRecord[]>;
  /** The account's activity types (cached by the client). */
  activityTypes(): Promise<readonly ActivityType[]>;
}

export interface GatewayContext {
  records: RecordSource;
  /** Access control: may the caller do `op` on Bedrock object `object`? F supplies it from the API key's scopes; default allows all. */
  can(object: string, op: Operation): boolean;
  /** Create mutations run through this. F supplies the Keyv/Redis-backed version; the default just runs `create`. */
  runIdempotent<T>(key: string | undefined, mutation: string, input: unknown, create: () => Promise<T>): Promise<T>;
  /** Serialises creates that share a dedupe key (in-process by default; F supplies a Redis lock for replicas). */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** The Idempotency-Key request header, if any (an `idempotencyKey` argument wins over it). */
  idempotencyKey?: string;
}
