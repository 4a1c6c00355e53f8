/**
 * The gateway's only way to talk to Pipedrive: API v2 for persons, organizations, deals, activities, their
 * fields and search; v1 for users and activity types. Token in the `x-api-token` header, never in a URL.
 * Every response is validated at the boundary, every call is rate-governed, timed out and retried by the
 * rules in PipedriveTransport, and users, activity types and field metadata are cached in process memory in
 * front of the Keyv (see SharedCache: another replica's invalidation is seen within `syncMs`).
 *
 * @example
 * const client = new PipedriveClient({ baseUrl: "https://acme.pipedrive.com", token: process.env.PIPEDRIVE_API_TOKEN! });
 * const { items, nextCursor } = await client.list("persons", { owner_id: 1001, limit: 100 });
 * const byId = await client.getByIds("organizations", items.map((p) => p.org_id as number));
 * const owners = await client.users();        // one GET /v1/users per cacheTtlMs, shared by all callers
 */
import { createHash } from "node:crypto";
import Keyv from "keyv";
import { z } from "zod";
import { parseResponse } from "./parseResponse.ts";
import { PipedriveError } from "./PipedriveError.ts";
import { PipedriveTransport } from "./PipedriveTransport.ts";
import type { UpstreamCall } from "./PipedriveTransport.ts";
import { RateGovernor } from "./RateGovernor.ts";
import type { RateStatus } from "./RateGovernor.ts";
import {
  activityTypesEnvelope,
  fieldsEnvelope,
  listEnvelope,
  recordEnvelope,
  searchEnvelope,
  usersEnvelope,
} from "./responseSchemas.ts";
import type { PipedriveActivityType, PipedriveField, PipedriveRecord, PipedriveUser } from "./responseSchemas.ts";
import { SharedCache } from "./SharedCache.ts";

export { PipedriveError } from "./PipedriveError.ts";
export type { PipedriveErrorCode } from "./PipedriveError.ts";
export type { UpstreamCall } from "./PipedriveTransport.ts";
export type { RateStatus, BurstWindow } from "./RateGovernor.ts";
export type { PipedriveActivityType, PipedriveField, PipedriveRecord, PipedriveUser } from "./responseSchemas.ts";

export type EntityPath = "persons" | "organizations" | "deals" | "activities";
export type FieldsEntity = "person" | "organization" | "deal" | "activity";

export interface ListParams {
  limit?: number;
  cursor?: string;
  owner_id?: number;
  org_id?: number;
  person_id?: number;
  deal_id?: number;
  done?: boolean;
  status?: string;
  updated_since?: string;
  updated_until?: string;
  sort_by?: string;
  sort_direction?: "asc" | "desc";
  ids?: number[];
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export interface SearchParams {
  term: string;
  fields?: string[];
  exact_match?: boolean;
  limit?: number;
  cursor?: string;
  /** Persons only: limit the search to one organization's persons. */
  organization_id?: number;
}

export interface SearchHit {
  result_score: number;
  item: Record<string, unknown>;
}

export interface PipedriveClientOptions {
  /** e.g. https://acme.pipedrive.com or http://127.0.0.1:PORT; paths /api/v2/... and /api/v1/... are appended. */
  baseUrl: string;
  /** Sent as the x-api-token header; never in a URL, never logged. */
  token: string;
  /** Per attempt, default 10 000. */
  timeoutMs?: number;
  /** Defaults: maxAttempts 3, baseDelayMs 200, maxDelayMs 5 000, deadlineMs 30 000. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; deadlineMs?: number };
  /** Shared state (users, fields, activity types, rate budget); default an in-memory Keyv. */
  cache?: Keyv;
  /** Default 10 minutes; users, activity types and fields live this long in process memory and in the Keyv. */
  cacheTtlMs?: number;
  /**
   * How often this client exchanges state with the other replicas on `cache`: rate windows and budget are
   * written behind and read back at most this often, and another replica's `invalidate()` is seen within it.
   * Default 250 ms.
   */
  syncMs?: number;
  /** Called per read of a cached list: `hit` when process memory or the Keyv had it, not when Pipedrive was asked. */
  onCacheRead?: (cache: "users" | "activityTypes" | "fields", hit: boolean) => void;
  /** Called once per HTTP attempt. */
  onCall?: (call: UpstreamCall) => void;
  /** Injectable for tests; default real timers. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source; default Math.random. */
  random?: () => number;
  /** Clock for deadlines and rate windows; default Date.now. Tests pair it with `sleep`. */
  now?: () => number;
  /** Page size of the Fields API walk; default 500 (Pipedrive's maximum). Small values exercise pagination. */
  fieldsPageSize?: number;
  /** After the daily budget ran out, how long calls fail fast before one call checks again; default 60 000. */
  budgetRecheckMs?: number;
  /** After a non-JSON 403 (Cloudflare blocking the token), how long calls fail fast; default 60 000. */
  blockCooldownMs?: number;
}

const ENTITY_PATHS: readonly EntityPath[] = ["persons", "organizations", "deals", "activities"];
const FIELDS_ENTITIES: readonly FieldsEntity[] = ["person", "organization", "deal", "activity"];
const MAX_IDS_PER_CALL = 100;
const MAX_LIMIT = 500;

const positiveInt = z.number().int().positive();
const optionsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://acme.pipedrive.com" }),
  token: z.string().trim().min(1, "must be a non-empty Pipedrive API token"),
  timeoutMs: positiveInt.optional(),
  retry: z
    .object({
      maxAttempts: positiveInt.optional(),
      baseDelayMs: z.number().nonnegative().optional(),
      maxDelayMs: z.number().nonnegative().optional(),
      deadlineMs: positiveInt.optional(),
    })
    .optional(),
  cacheTtlMs: positiveInt.optional(),
  syncMs: positiveInt.optional(),
  fieldsPageSize: positiveInt.max(MAX_LIMIT).optional(),
  budgetRecheckMs: positiveInt.optional(),
  blockCooldownMs: positiveInt.optional(),
});

export class PipedriveClient {
  readonly #transport: PipedriveTransport;
  readonly #governor: RateGovernor;
  readonly #cache: SharedCache;
  readonly #scope: string;
  readonly #fieldsPageSize: number;
  /** The normalized base URL, e.g. "https://acme.pipedrive.com" (no trailing slash, no /api/v2). */
  readonly baseUrl: string;

  constructor(options: PipedriveClientOptions) {
    const checked = optionsSchema.safeParse(options);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      const name = issue.path.join(".");
      const value = name === "token" ? "(hidden)" : JSON.stringify(issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown>)?.[k], options));
      throw new TypeError(`PipedriveClient option ${name} ${issue.message}: ${value}`);
    }
    const baseUrl = options.baseUrl.replace(/\/+$/, "").replace(/\/api\/v[12]$/, "");
    this.baseUrl = baseUrl;
    const keyv = options.cache ?? new Keyv();
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    const tokenKey = createHash("sha256").update(options.token).digest("hex").slice(0, 16);
    this.#scope = `${baseUrl}:${tokenKey}`;
    this.#fieldsPageSize = options.fieldsPageSize ?? MAX_LIMIT;
    const onCacheRead = options.onCacheRead;
    this.#cache = new SharedCache(keyv, options.cacheTtlMs ?? 600_000, {
      versionKey: this.#key("version"),
      ...(options.syncMs !== undefined ? { syncMs: options.syncMs } : {}),
      ...(onCacheRead ? { onRead: (key: string, hit: boolean) => onCacheRead(key.split(":")[1] as "users" | "activityTypes" | "fields", hit) } : {}),
    });
    this.#governor = new RateGovernor({
      cache: keyv,
      accountKey: baseUrl,
      tokenKey,
      now,
      sleep,
      random,
      ...(options.budgetRecheckMs !== undefined ? { budgetRecheckMs: options.budgetRecheckMs } : {}),
      ...(options.blockCooldownMs !== undefined ? { blockCooldownMs: options.blockCooldownMs } : {}),
      ...(options.syncMs !== undefined ? { syncMs: options.syncMs } : {}),
    });
    this.#transport = new PipedriveTransport({
      baseUrl,
      token: options.token,
      timeoutMs: options.timeoutMs ?? 10_000,
      retry: {
        maxAttempts: options.retry?.maxAttempts ?? 3,
        baseDelayMs: options.retry?.baseDelayMs ?? 200,
        maxDelayMs: options.retry?.maxDelayMs ?? 5_000,
        deadlineMs: options.retry?.deadlineMs ?? 30_000,
      },
      governor: this.#governor,
      ...(options.onCall ? { onCall: options.onCall } : {}),
      sleep,
      random,
      now,
    });
  }

  /** One page of `GET /api/v2/{entity}` (10 tokens). */
  async list(entity: EntityPath, params: ListParams = {}): Promise<Page<PipedriveRecord>> {
    checkEntity(entity);
    const pathTemplate = `/api/v2/${entity}`;
    const body = await this.#transport.request({ method: "GET", pathTemplate, path: pathTemplate, query: listQuery(params) });
    const envelope = parseResponse(listEnvelope, body, `GET ${pathTemplate}`);
    return { items: envelope.data as PipedriveRecord[], nextCursor: envelope.additional_data?.next_cursor ?? null };
  }

  /** Every record matching `params`, following `next_cursor` to the end with pages of 500. */
  async listAll(entity: EntityPath, params: ListParams = {}): Promise<PipedriveRecord[]> {
    const all: PipedriveRecord[] = [];
    const seen = new Set<string>();
    let cursor = params.cursor;
    for (;;) {
      const page = await this.list(entity, { ...params, limit: params.limit ?? MAX_LIMIT, ...(cursor !== undefined ? { cursor } : {}) });
      all.push(...page.items);
      if (page.nextCursor === null) return all;
      loopGuard(seen, page.nextCursor, `GET /api/v2/${entity}`);
      cursor = page.nextCursor;
    }
  }

  /**
   * Records by id via `GET /api/v2/{entity}?ids=` in calls of at most 100 ids, sent in parallel. Ids Pipedrive
   * does not return (missing, deleted, invisible to the token) are absent from the map.
   */
  async getByIds(entity: EntityPath, ids: readonly number[]): Promise<Map<number, PipedriveRecord>> {
    checkEntity(entity);
    for (const id of ids) checkId(id, "getByIds");
    const unique = [...new Set(ids)];
    const chunks: number[][] = [];
    for (let i = 0; i < unique.length; i += MAX_IDS_PER_CALL) chunks.push(unique.slice(i, i + MAX_IDS_PER_CALL));
    const pages = await Promise.all(chunks.map((chunk) => this.list(entity, { ids: chunk, limit: MAX_IDS_PER_CALL })));
    const wanted = new Set(unique);
    const found = new Map<number, PipedriveRecord>();
    for (const page of pages) for (const record of page.items) if (wanted.has(record.id)) found.set(record.id, record);
    return found;
  }

  /** `GET /api/v2/{entity}/{id}` (1 token); null when Pipedrive answers 404. */
  async get(entity: EntityPath, id: number): Promise<PipedriveRecord | null> {
    checkEntity(entity);
    checkId(id, "get");
    const pathTemplate = `/api/v2/${entity}/{id}`;
    try {
      const body = await this.#transport.request({ method: "GET", pathTemplate, path: `/api/v2/${entity}/${id}` });
      return parseResponse(recordEnvelope, body, `GET ${pathTemplate}`).data as PipedriveRecord;
    } catch (error) {
      if (error instanceof PipedriveError && error.code === "NOT_FOUND") return null;
      throw error;
    }
  }

  /** `POST /api/v2/{entity}` (5 tokens). Never repeated once it may have reached Pipedrive. */
  async create(entity: EntityPath, body: object): Promise<PipedriveRecord> {
    checkEntity(entity);
    const pathTemplate = `/api/v2/${entity}`;
    const response = await this.#transport.request({ method: "POST", pathTemplate, path: pathTemplate, body });
    try {
      return parseResponse(recordEnvelope, response, `POST ${pathTemplate}`).data as PipedriveRecord;
    } catch (error) {
      // Pipedrive answered 2xx, so the record exists, but its answer does not say which one it is.
      if (error instanceof PipedriveError) error.writeMayHaveApplied = true;
      throw error;
    }
  }

  /** `PATCH /api/v2/{entity}/{id}` (5 tokens); a partial update, retried like a GET. */
  async update(entity: EntityPath, id: number, body: object): Promise<PipedriveRecord> {
    checkEntity(entity);
    checkId(id, "update");
    const pathTemplate = `/api/v2/${entity}/{id}`;
    const response = await this.#transport.request({ method: "PATCH", pathTemplate, path: `/api/v2/${entity}/${id}`, body });
    return parseResponse(recordEnvelope, response, `PATCH ${pathTemplate}`).data as PipedriveRecord;
  }

  /** `GET /api/v2/{persons|organizations}/search` (20 tokens; its own burst limit of 10 requests / 2 s). */
  async search(entity: "persons" | "organizations", params: SearchParams): Promise<Page<SearchHit>> {
    if (entity !== "persons" && entity !== "organizations") {
      throw new TypeError(`search entity must be "persons" or "organizations": ${JSON.stringify(entity)}`);
    }
    if (typeof params.term !== "string" || params.term.length === 0) {
      throw new TypeError(`search term must be a non-empty string (Pipedrive wants ≥ 2 characters, or 1 with exact_match): ${JSON.stringify(params.term)}`);
    }
    const query = new URLSearchParams({ term: params.term });
    if (params.fields?.length) query.set("fields", params.fields.join(","));
    if (params.exact_match !== undefined) query.set("exact_match", String(params.exact_match));
    if (params.organization_id !== undefined) {
      if (entity !== "persons") throw new TypeError("search organization_id applies to persons only; drop it for organizations");
      query.set("organization_id", String(params.organization_id));
    }
    if (params.limit !== undefined) query.set("limit", String(checkLimit(params.limit)));
    if (params.cursor !== undefined) query.set("cursor", params.cursor);
    const pathTemplate = `/api/v2/${entity}/search`;
    const body = await this.#transport.request({ method: "GET", pathTemplate, path: pathTemplate, query });
    const envelope = parseResponse(searchEnvelope, body, `GET ${pathTemplate}`);
    return { items: envelope.data.items, nextCursor: envelope.additional_data?.next_cursor ?? null };
  }

  /** All users (`GET /api/v1/users`, 20 tokens), cached for cacheTtlMs; deactivated users included. */
  users(): Promise<PipedriveUser[]> {
    return this.#cache.read(this.#key("users"), async () => {
      const body = await this.#transport.request({ method: "GET", pathTemplate: "/api/v1/users", path: "/api/v1/users" });
      return parseResponse(usersEnvelope, body, "GET /api/v1/users").data ?? [];
    });
  }

  /** All activity types (`GET /api/v1/activityTypes`, 20 tokens), cached; inactive ones included. */
  activityTypes(): Promise<PipedriveActivityType[]> {
    return this.#cache.read(this.#key("activityTypes"), async () => {
      const path = "/api/v1/activityTypes";
      const body = await this.#transport.request({ method: "GET", pathTemplate: path, path });
      return parseResponse(activityTypesEnvelope, body, `GET ${path}`).data ?? [];
    });
  }

  /** Every field of an entity (`GET /api/v2/{entity}Fields`, 10 tokens a page, all pages), cached. */
  fields(entity: FieldsEntity): Promise<PipedriveField[]> {
    if (!FIELDS_ENTITIES.includes(entity)) {
      throw new TypeError(`fields entity must be one of ${FIELDS_ENTITIES.join(", ")}: ${JSON.stringify(entity)}`);
    }
    return this.#cache.read(this.#key(`fields:${entity}`), async () => {
      const path = `/api/v2/${entity}Fields`;
      const all: PipedriveField[] = [];
      const seen = new Set<string>();
      let cursor: string | null = null;
      for (;;) {
        const query = new URLSearchParams({ limit: String(this.#fieldsPageSize) });
        if (cursor !== null) query.set("cursor", cursor);
        const body = await this.#transport.request({ method: "GET", pathTemplate: path, path, query });
        const envelope = parseResponse(fieldsEnvelope, body, `GET ${path}`);
        all.push(...envelope.data);
        cursor = envelope.additional_data?.next_cursor ?? null;
        if (cursor === null) return all;
        loopGuard(seen, cursor, `GET ${path}`);
      }
    });
  }

  /** Drops a cached list, here and for every replica sharing the Keyv. */
  async invalidate(what: "users" | "fields" | "activityTypes"): Promise<void> {
    const keys = what === "fields" ? FIELDS_ENTITIES.map((e) => this.#key(`fields:${e}`)) : [this.#key(what)];
    await this.#cache.delete(keys);
  }

  /** Last seen burst windows and daily budget, and the tokens this client spent. */
  rateStatus(): RateStatus {
    return this.#governor.status();
  }

  #key(name: string): string {
    return `pipedrive:${name}:${this.#scope}`;
  }
}

function checkEntity(entity: string): asserts entity is EntityPath {
  if (!ENTITY_PATHS.includes(entity as EntityPath)) {
    throw new TypeError(`entity must be one of ${ENTITY_PATHS.join(", ")}: ${JSON.stringify(entity)}`);
  }
}

function checkId(id: number, method: string): void {
  if (!Number.isSafeInteger(id) || id <= 0) throw new TypeError(`${method}: a Pipedrive id is a positive integer: ${JSON.stringify(id)}`);
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new TypeError(`limit must be an integer from 1 to ${MAX_LIMIT} (Pipedrive's maximum): ${JSON.stringify(limit)}`);
  }
  return limit;
}

// A cursor seen twice would page forever.
function loopGuard(seen: Set<string>, cursor: string, endpoint: string): void {
  if (seen.has(cursor)) {
    throw new PipedriveError(`${endpoint} returned the next_cursor ${JSON.stringify(cursor)} twice; stopping instead of paging forever.`, {
      code: "MALFORMED_RESPONSE",
      endpoint,
      retryable: false,
    });
  }
  seen.add(cursor);
}

function listQuery(params: ListParams): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (name === "ids") {
      const ids = value as number[];
      if (ids.length === 0) throw new TypeError("ids must name at least one id; an empty list would list every record");
      if (ids.length > MAX_IDS_PER_CALL) {
        throw new TypeError(`ids takes at most ${MAX_IDS_PER_CALL} ids a call (got ${ids.length}); use getByIds, which splits them`);
      }
      for (const id of ids) checkId(id, "list ids");
      query.set("ids", ids.join(","));
    } else if (name === "limit") {
      query.set("limit", String(checkLimit(value as number)));
    } else {
      query.set(name, String(value));
    }
  }
  return query;
}
