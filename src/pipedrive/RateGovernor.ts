/**
 * Keeps one Pipedrive account's calls inside its rate limits (api-notes §3): a rolling 2-second burst window
 * per API token (search endpoints have their own, smaller one) and a daily token budget per company.
 *
 * It learns the limits from the `x-ratelimit-*` and `x-daily-ratelimit-token-*` headers of every response,
 * pauses a call *before* the burst window is spent, tells the caller how long to wait after a burst 429, and
 * once a 429 says the daily budget is gone it makes every later call fail fast (BUDGET_EXHAUSTED, no upstream
 * request) until the budget may have been renewed. Hammering Pipedrive after 429s gets an API token blocked
 * by Cloudflare, so the governor never lets a caller retry in a tight loop.
 *
 * The working state lives in process memory: admitting and observing a call touch no cache. It is shared
 * with other replicas through the Keyv, cheaply: changes are written behind, at most once per `syncMs`
 * (default 250 ms), and the shared state is read back at most once per `syncMs`, where the newer of the two
 * views wins (every stored value carries when it was observed). What other replicas must know at once — the
 * daily budget gone, a burst 429, Cloudflare's block — is written through immediately. Replicas may drift
 * by up to `syncMs`; Pipedrive's headers on the next response correct it.
 *
 * @example
 * const governor = new RateGovernor({ cache, accountKey: "acme", tokenKey: "3f2a…", now: Date.now, sleep, random: Math.random });
 * await governor.admit("default", "GET /api/v2/persons");           // may pause; may throw BUDGET_EXHAUSTED
 * const verdict = await governor.observe("default", "GET /api/v2/persons", response.status, response.headers);
 * if (verdict.kind === "burst") await sleep(verdict.waitMs);         // then retry
 */
import type Keyv from "keyv";
import { PipedriveError } from "./PipedriveError.ts";
import type { HeaderReader } from "./sendRequest.ts";

export type RateBucket = "default" | "search";

export interface BurstWindow {
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window frees up. */
  resetAt: number;
}

interface DailyState {
  limit: number | null;
  remaining: number | null;
  /** Epoch milliseconds until which calls fail fast; null while the budget lasts. */
  exhaustedUntil: number | null;
}

/** What the governor has last seen; `rateStatus()` of the client. */
export interface RateStatus {
  /** The burst window of non-search endpoints, as last seen (or as reserved since). */
  burst: BurstWindow | null;
  /** The burst window of the search endpoints (10 requests / 2 s on every plan). */
  searchBurst: BurstWindow | null;
  dailyTokenLimit: number | null;
  dailyTokenRemaining: number | null;
  /** Epoch milliseconds until which every call fails fast with BUDGET_EXHAUSTED; null when not exhausted. */
  budgetExhaustedUntil: number | null;
  /** Tokens spent by this client, by Pipedrive's cost table. */
  tokensSpent: number;
}

export type Verdict =
  | { kind: "ok" }
  | { kind: "burst"; waitMs: number }
  | { kind: "budget"; error: PipedriveError };

export interface RateGovernorOptions {
  cache: Keyv;
  /** Identifies the company account (the daily budget is per company). */
  accountKey: string;
  /** Identifies the API token (burst windows are per token). Never the token itself. */
  tokenKey: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** How long to fail fast after the budget ran out before one call may probe again. Default 60 s. */
  budgetRecheckMs?: number;
  /** After a non-JSON 403 (Cloudflare's block), how long calls fail fast; default 60 s. */
  blockCooldownMs?: number;
  /** How often the state is written to and read from the Keyv; default 250 ms. */
  syncMs?: number;
}

type SharedPart = RateBucket | "daily";

/** A value as other replicas see it: `at` is when it was observed (epoch ms), so the newer view wins. */
type Stamped<T> = T & { at: number };

const WINDOW_MS = 2_000;
const DEFAULT_429_WAIT_MS = 2_000;
// Even a 429 that claims "reset 0" waits this long: never a tight loop.
const MIN_429_WAIT_MS = 250;
// The burst window is 2 s; a longer reset is a misread header, and must not park a call for an hour.
const MAX_PACING_WAIT_MS = 10_000;
const MAX_429_WAIT_MS = 30_000;

export class RateGovernor {
  readonly #options: RateGovernorOptions;
  readonly #recheckMs: number;
  readonly #blockCooldownMs: number;
  readonly #syncMs: number;
  readonly #seen: { default: Stamped<BurstWindow> | null; search: Stamped<BurstWindow> | null; daily: Stamped<DailyState> | null } = {
    default: null,
    search: null,
    daily: null,
  };
  #blockedUntil: number | null = null;
  #tokensSpent = 0;
  readonly #dirty = new Set<SharedPart>();
  #pulledAt = Number.NEGATIVE_INFINITY;
  #pulling: Promise<void> | null = null;
  #flushedAt = Number.NEGATIVE_INFINITY;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #flushing: Promise<void> | null = null;

  constructor(options: RateGovernorOptions) {
    this.#options = options;
    this.#recheckMs = options.budgetRecheckMs ?? 60_000;
    this.#blockCooldownMs = options.blockCooldownMs ?? 60_000;
    this.#syncMs = options.syncMs ?? 250;
  }

  /** Resolves when a call may go out; throws BUDGET_EXHAUSTED while the daily budget is known to be gone. */
  async admit(bucket: RateBucket, endpoint: string): Promise<void> {
    if (this.#options.now() - this.#pulledAt >= this.#syncMs) await this.#pull();
    const now = this.#options.now();
    const daily = this.#seen.daily;
    if (daily?.exhaustedUntil != null && daily.exhaustedUntil > now) {
      throw budgetError(endpoint, daily, daily.exhaustedUntil, "fail-fast");
    }
    const blockedUntil = this.#blockedUntil;
    if (blockedUntil !== null && blockedUntil > now) {
      throw new PipedriveError(
        `Not calling ${endpoint}: Pipedrive answered this API token with a non-JSON 403, the Cloudflare block that follows ` +
          `ignored 429s; calls fail fast until ${new Date(blockedUntil).toISOString()} so the block can lift. ` +
          `Find what is flooding Pipedrive with this token.`,
        { code: "FORBIDDEN", endpoint, retryable: false },
      );
    }
    // Reservations are counted in memory, so concurrent callers of this process see each other's at once.
    for (;;) {
      const window = this.#seen[bucket];
      if (!window) return;
      const at = this.#options.now();
      if (window.resetAt <= at) {
        this.#setBurst(bucket, { limit: window.limit, remaining: window.limit - 1, resetAt: at + WINDOW_MS }, at);
        return;
      }
      if (window.remaining > reserve(window.limit)) {
        this.#setBurst(bucket, { limit: window.limit, remaining: window.remaining - 1, resetAt: window.resetAt }, window.at);
        return;
      }
      const waitMs = Math.min(MAX_PACING_WAIT_MS, window.resetAt - at);
      await this.#options.sleep(waitMs + Math.round(this.#options.random() * 50));
      // Several callers may have slept on the same window: the first to wake opens the next one and goes;
      // the others (and any caller after a response changed the window) look again.
      if (this.#seen[bucket] === window) {
        const woke = this.#options.now();
        this.#setBurst(bucket, { limit: window.limit, remaining: Math.max(0, window.limit - 1), resetAt: woke + WINDOW_MS }, woke);
        return;
      }
    }
  }

  /** Records what a response says about the limits and classifies a 429. */
  async observe(bucket: RateBucket, endpoint: string, status: number, headers: HeaderReader): Promise<Verdict> {
    const now = this.#options.now();
    const limit = numberHeader(headers, "x-ratelimit-limit");
    const remaining = numberHeader(headers, "x-ratelimit-remaining");
    const resetMs = resetHeaderMs(headers, now);
    if (limit !== null && remaining !== null) {
      this.#setBurst(bucket, { limit, remaining, resetAt: now + (resetMs ?? WINDOW_MS) }, now);
    }

    const dailyLimit = numberHeader(headers, "x-daily-ratelimit-token-limit");
    const dailyRemaining = numberHeader(headers, "x-daily-ratelimit-token-remaining");
    const previous = this.#seen.daily ?? { limit: null, remaining: null, exhaustedUntil: null, at: 0 };
    const daily: Stamped<DailyState> = {
      limit: dailyLimit ?? previous.limit,
      remaining: dailyRemaining ?? previous.remaining,
      exhaustedUntil: status === 429 ? previous.exhaustedUntil : null,
      at: now,
    };

    if (status === 429 && dailyRemaining === 0) {
      daily.exhaustedUntil = now + Math.min(this.#recheckMs, msUntilUtcMidnight(now));
      this.#seen.daily = daily;
      await this.#writeThrough("daily");
      return { kind: "budget", error: budgetError(endpoint, daily, daily.exhaustedUntil, "first") };
    }
    if (daily.limit !== previous.limit || daily.remaining !== previous.remaining || daily.exhaustedUntil !== previous.exhaustedUntil) {
      this.#seen.daily = daily;
      this.#markDirty("daily");
    }
    if (status !== 429) return { kind: "ok" };

    const retryAfter = numberHeader(headers, "retry-after");
    const baseWait = resetMs ?? (retryAfter !== null ? retryAfter * 1000 : DEFAULT_429_WAIT_MS);
    const waitMs = Math.round(Math.min(MAX_429_WAIT_MS, Math.max(MIN_429_WAIT_MS, baseWait)) * (1 + 0.25 * this.#options.random()));
    const known = this.#seen[bucket];
    this.#setBurst(bucket, { limit: known?.limit ?? limit ?? 1, remaining: 0, resetAt: now + waitMs }, now);
    await this.#writeThrough(bucket);
    return { kind: "burst", waitMs };
  }

  /** A non-JSON 403 is Cloudflare blocking the token: more traffic prolongs the block, so every replica pauses. */
  async noteBlocked(): Promise<void> {
    const until = this.#options.now() + this.#blockCooldownMs;
    this.#blockedUntil = until;
    await safeSet(this.#options.cache, this.#blockedKey(), until, this.#blockCooldownMs + 60_000);
  }

  recordSpend(tokens: number): void {
    this.#tokensSpent += tokens;
  }

  status(): RateStatus {
    const daily = this.#seen.daily;
    const exhaustedUntil = daily?.exhaustedUntil ?? null;
    return {
      burst: windowOf(this.#seen.default),
      searchBurst: windowOf(this.#seen.search),
      dailyTokenLimit: daily?.limit ?? null,
      dailyTokenRemaining: daily?.remaining ?? null,
      budgetExhaustedUntil: exhaustedUntil !== null && exhaustedUntil > this.#options.now() ? exhaustedUntil : null,
      tokensSpent: this.#tokensSpent,
    };
  }

  #setBurst(bucket: RateBucket, window: BurstWindow, at: number): void {
    this.#seen[bucket] = { ...window, at };
    this.#markDirty(bucket);
  }

  #key(part: SharedPart): string {
    return part === "daily" ? `pipedrive:rate:daily:${this.#options.accountKey}` : `pipedrive:rate:burst:${part}:${this.#options.tokenKey}`;
  }

  #blockedKey(): string {
    return `pipedrive:rate:blocked:${this.#options.tokenKey}`;
  }

  // Reads what other replicas wrote, once per syncMs for all concurrent callers; the newer observation wins.
  #pull(): Promise<void> {
    this.#pulling ??= (async () => {
      const cache = this.#options.cache;
      const [burst, search, daily, blockedUntil] = await Promise.all([
        safeGet<Stamped<BurstWindow>>(cache, this.#key("default")),
        safeGet<Stamped<BurstWindow>>(cache, this.#key("search")),
        safeGet<Stamped<DailyState>>(cache, this.#key("daily")),
        safeGet<number>(cache, this.#blockedKey()),
      ]);
      if (newer(burst, this.#seen.default)) this.#seen.default = { limit: burst.limit, remaining: burst.remaining, resetAt: burst.resetAt, at: burst.at ?? 0 };
      if (newer(search, this.#seen.search)) this.#seen.search = { limit: search.limit, remaining: search.remaining, resetAt: search.resetAt, at: search.at ?? 0 };
      if (newer(daily, this.#seen.daily)) {
        this.#seen.daily = { limit: daily.limit, remaining: daily.remaining, exhaustedUntil: daily.exhaustedUntil, at: daily.at ?? 0 };
      }
      if (typeof blockedUntil === "number" && blockedUntil > (this.#blockedUntil ?? 0)) this.#blockedUntil = blockedUntil;
      this.#pulledAt = this.#options.now();
    })().finally(() => {
      this.#pulling = null;
    });
    return this.#pulling;
  }

  #markDirty(part: SharedPart): void {
    this.#dirty.add(part);
    if (this.#flushTimer !== null || this.#flushing !== null) return;
    const delay = Math.min(this.#syncMs, Math.max(0, this.#flushedAt + this.#syncMs - this.#options.now()));
    if (delay === 0) {
      void this.#flush();
      return;
    }
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = null;
      void this.#flush();
    }, delay);
    // A pending write-behind must not keep the process alive.
    this.#flushTimer.unref?.();
  }

  // Write-behind: the latest value of every part that changed since the last flush, one write each.
  #flush(): Promise<void> {
    this.#flushedAt = this.#options.now();
    const parts = [...this.#dirty];
    this.#dirty.clear();
    this.#flushing = Promise.all(parts.map((part) => this.#write(part)))
      .then(() => undefined)
      .finally(() => {
        this.#flushing = null;
        if (this.#dirty.size > 0) this.#markDirty(this.#dirty.values().next().value!);
      });
    return this.#flushing;
  }

  async #writeThrough(part: SharedPart): Promise<void> {
    this.#dirty.delete(part);
    await this.#write(part);
  }

  async #write(part: SharedPart): Promise<void> {
    const value = this.#seen[part];
    if (!value) return;
    await safeSet(this.#options.cache, this.#key(part), { ...value }, part === "daily" ? 26 * 3_600_000 : 60_000);
  }
}

function windowOf(window: Stamped<BurstWindow> | null): BurstWindow | null {
  return window && { limit: window.limit, remaining: window.remaining, resetAt: window.resetAt };
}

function newer<T extends { at?: number }>(stored: T | null, local: { at: number } | null): stored is T {
  if (stored === null || typeof stored !== "object") return false;
  return local === null || (stored.at ?? 0) > local.at;
}

// Keep a few requests of every window in hand for concurrent callers and other replicas.
function reserve(limit: number): number {
  return Math.max(1, Math.floor(limit / 10));
}

function numberHeader(headers: HeaderReader, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

// Pipedrive documents no unit for x-ratelimit-reset; it is seconds in every example. An epoch timestamp is tolerated.
function resetHeaderMs(headers: HeaderReader, now: number): number | null {
  const reset = numberHeader(headers, "x-ratelimit-reset");
  if (reset === null || reset < 0) return null;
  if (reset > 1e9) return Math.max(0, reset * 1000 - now);
  return reset * 1000;
}

function msUntilUtcMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - now;
}

function budgetError(endpoint: string, daily: DailyState, until: number, when: "first" | "fail-fast"): PipedriveError {
  const spent = daily.limit !== null ? ` (all ${daily.limit} tokens of today's budget are spent)` : "";
  const lead =
    when === "first"
      ? `Pipedrive answered 429 with x-daily-ratelimit-token-remaining: 0 on ${endpoint}`
      : `Not calling ${endpoint}: the company's daily Pipedrive API token budget is exhausted`;
  return new PipedriveError(
    `${lead}${spent}. Pipedrive refuses every request until the budget resets at midnight, server time; ` +
      `calls fail fast until ${new Date(until).toISOString()}, then one call checks again. ` +
      `Reduce traffic, or raise the plan, seats or token top-ups in Pipedrive's API Usage Dashboard.`,
    { code: "BUDGET_EXHAUSTED", endpoint, ...(when === "first" ? { status: 429 } : {}), retryable: false },
  );
}

// Rate state is advisory: a cache outage must not take the Pipedrive calls down with it.
async function safeGet<T>(cache: Keyv, key: string): Promise<T | null> {
  try {
    return ((await cache.get(key)) as T | undefined) ?? null;
  } catch {
    return null;
  }
}

async function safeSet(cache: Keyv, key: string, value: unknown, ttlMs: number): Promise<void> {
  try {
    await cache.set(key, value, ttlMs);
  } catch {
    // see safeGet
  }
}
