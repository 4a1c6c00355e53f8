/**
 * The peer's Pipedrive access, written by hand: plain `fetch` (undici keeps connections alive), the v2
 * endpoints the query mix needs, and the v1 users list cached for the life of the process.
 * It is the baseline the gateway is compared with, so it does only what the mix needs, with no retries.
 *
 * @example
 *   const upstream = new PeerUpstream({ baseUrl: "http://127.0.0.1:4100", token: "sandbox-token" });
 *   const { items } = await upstream.list("persons", { limit: "100" });
 */
export type PeerEntity = "persons" | "organizations" | "deals" | "activities";
export type PeerRecord = Record<string, unknown> & { id: number };

export class PeerUpstream {
  readonly #baseUrl: string;
  readonly #token: string;
  #users: Promise<Map<number, PeerRecord>> | undefined;

  constructor(options: { baseUrl: string; token: string }) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#token = options.token;
  }

  async list(entity: PeerEntity, params: Record<string, string>): Promise<{ items: PeerRecord[]; nextCursor: string | null }> {
    const body = await this.#call("GET", `/api/v2/${entity}?${new URLSearchParams(params)}`);
    return { items: body.data as PeerRecord[], nextCursor: (body.additional_data?.next_cursor as string | null) ?? null };
  }

  /** One call per 100 ids; ids Pipedrive does not have are absent from the map. */
  async getByIds(entity: PeerEntity, ids: readonly number[]): Promise<Map<number, PeerRecord>> {
    const chunks: number[][] = [];
    for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100) as number[]);
    const pages = await Promise.all(
      chunks.map((chunk) => this.list(entity, { ids: chunk.join(","), limit: String(chunk.length) })),
    );
    return new Map(pages.flatMap((page) => page.items.map((item) => [item.id, item] as const)));
  }

  async get(entity: PeerEntity, id: number): Promise<PeerRecord | null> {
    const body = await this.#call("GET", `/api/v2/${entity}/${id}`, undefined, [404]);
    return body.success ? (body.data as PeerRecord) : null;
  }

  async searchPersonsByEmail(email: string): Promise<PeerRecord[]> {
    const params = new URLSearchParams({ term: email, fields: "email", exact_match: "true", limit: "10" });
    const body = await this.#call("GET", `/api/v2/persons/search?${params}`);
    const items = ((body.data as { items?: { item: PeerRecord }[] } | null)?.items ?? []).map((hit) => hit.item);
    return items;
  }

  async create(entity: PeerEntity, input: Record<string, unknown>): Promise<PeerRecord> {
    return (await this.#call("POST", `/api/v2/${entity}`, input)).data as PeerRecord;
  }

  async update(entity: PeerEntity, id: number, input: Record<string, unknown>): Promise<PeerRecord> {
    return (await this.#call("PATCH", `/api/v2/${entity}/${id}`, input)).data as PeerRecord;
  }

  /** All users, fetched once; a failed fetch is forgotten so the next caller retries. */
  users(): Promise<Map<number, PeerRecord>> {
    this.#users ??= this.#call("GET", "/api/v1/users").then(
      (body) => new Map((body.data as PeerRecord[]).map((user) => [user.id, user] as const)),
      (error: unknown) => {
        this.#users = undefined;
        throw error;
      },
    );
    return this.#users;
  }

  async #call(
    method: string,
    path: string,
    body?: unknown,
    allowed: readonly number[] = [],
  ): Promise<{ success: boolean; data: unknown; additional_data?: Record<string, unknown> | null }> {
    const response = await fetch(this.#baseUrl + path, {
      method,
      headers: { "x-api-token": this.#token, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok && !allowed.includes(response.status)) {
      throw new Error(`Pipedrive ${method} ${path.split("?")[0]} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    return JSON.parse(text);
  }
}
