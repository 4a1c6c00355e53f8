/** One request the sandbox answered on its Pipedrive API (the control plane is not logged). */
export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** HTTP status sent; 0 when an injected fault dropped the connection. */
  status: number;
  /** Tokens the request spent from the daily budget (0 when refused before spending). */
  tokenCost: number;
  /** The parsed JSON body of a POST or PATCH. */
  body?: unknown;
  /** RFC 3339 time the request arrived. */
  at: string;
}

const MAX_ENTRIES = 100_000;
// Trimming one entry per request past the cap would move 100,000 entries each time; trim in steps instead.
const TRIM_SLACK = 10_000;

/**
 * The record of which Pipedrive calls were made, oldest first: tests assert the exact upstream calls a
 * query caused. It keeps the newest 100,000 entries.
 *
 * @example
 *   sandbox.log.clear();
 *   await gatewayQuery();
 *   sandbox.log.entries().map((e) => `${e.method} ${e.path}`); // ["GET /api/v2/persons"]
 */
export class RequestLog {
  #entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > MAX_ENTRIES + TRIM_SLACK) this.#entries.splice(0, this.#entries.length - MAX_ENTRIES);
  }

  entries(): RequestLogEntry[] {
    return structuredClone(this.#entries.length > MAX_ENTRIES ? this.#entries.slice(-MAX_ENTRIES) : this.#entries);
  }

  clear(): void {
    this.#entries = [];
  }
}
