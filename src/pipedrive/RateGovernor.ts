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
 * The state lives in the Keyv cache, so replicas sharing one Redis-backed Keyv see the same budget and
 * windows. Replicas race between a read and a write; the headers of the next response correct any drift.
 *
 * @example
 * const governor = new RateGovernor({ cache, accountKey: "acme", tokenKey: "3f2a…", now: Date.now, sleep, random: Math.random });
 * await governor.admit("default", "GET /api/v2/persons");           // may pause; may throw BUDGET_EXHAUSTED
 * const verdict = await governor.observe("default", "GET /api/v2/persons", response.status, response.headers);
 * if (verdict.kind === "burst") await sleep(verdict.waitMs);         // then retry
 */
import type Keyv from "keyv";
import { PipedriveError } from "./PipedriveError.ts";

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
}

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
  readonly #locks = new Map<RateBucket, Promise<unknown>>();
  readonly #seen: { default: BurstWindow | null; search: BurstWindow | null; daily: DailyState | null } = {
    default: null,
    search: null,
    daily: null,
  };
  #tokensSpent = 0;

  constructor(options: RateGovernorOptions) {
    this.#options = options;
    this.#recheckMs = options.budgetRecheckMs ?? 60_000;
    this.#blockCooldownMs = options.blockCooldownMs ?? 60_000;
  }

  /** Resolves when a call may go out; throws BUDGET_EXHAUSTED while the daily budget is known to be gone. */
  async admit(bucket: RateBucket, endpoint: string): Promise<void> {
    const [daily, blockedUntil] = await Promise.all([this.#readDaily(), safeGet<number>(this.#options.cache, this.#blockedKey())]);
    const now = this.#options.now();
    if (daily?.exhaustedUntil != null && daily.exhaustedUntil > now) {
      throw budgetError(endpoint, daily, daily.exhaustedUntil, "fail-fast");
    }
    if (blockedUntil !== null && blockedUntil > now) {
      throw new PipedriveError(
        `Not calling ${endpoint}: Pipedrive answered this API token with a non-JSON 403, the Cloudflare block that follows ` +
          `ignored 429s; calls fail fast until ${new Date(blockedUntil).toISOString()} so the block can lift. ` +
          `Find what is flooding Pipedrive with this token.`,
        { code: "FORBIDDEN", endpoint, retryable: false },
      );
    }
    await this.#serialized(bucket, async () => {
      let window = await this.#readBurst(bucket);
      if (window && window.resetAt > this.#options.now() && window.remaining <= reserve(window.limit)) {
        const waitMs = Math.min(MAX_PACING_WAIT_MS, window.resetAt - this.#options.now());
        await this.#options.sleep(waitMs + Math.round(this.#options.random() * 50));
        window = { ...window, remaining: window.limit, resetAt: this.#options.now() + WINDOW_MS };
      } else if (window && window.resetAt <= this.#options.now()) {
        window = { ...window, remaining: window.limit, resetAt: this.#options.now() + WINDOW_MS };
      }
      if (window) await this.#writeBurst(bucket, { ...window, remaining: Math.max(0, window.remaining - 1) });
    });
  }

  /** Records what a response says about the limits and classifies a 429. */
  async observe(bucket: RateBucket, endpoint: string, status: number, headers: Headers): Promise<Verdict> {
    const now = this.#options.now();
    const limit = numberHeader(headers, "x-ratelimit-limit");
    const remaining = numberHeader(headers, "x-ratelimit-remaining");
    const resetMs = resetHeaderMs(headers, now);
    if (limit !== null && remaining !== null) {
      await this.#writeBurst(bucket, { limit, remaining, resetAt: now + (resetMs ?? WINDOW_MS) });
    }

    const dailyLimit = numberHeader(headers, "x-daily-ratelimit-token-limit");
    const dailyRemaining = numberHeader(headers, "x-daily-ratelimit-token-remaining");
    const previous = (await this.#readDaily()) ?? { limit: null, remaining: null, exhaustedUntil: null };
    const daily: DailyState = {
      limit: dailyLimit ?? previous.limit,
      remaining: dailyRemaining ?? previous.remaining,
      exhaustedUntil: status === 429 ? previous.exhaustedUntil : null,
    };

    if (status === 429 && dailyRemaining === 0) {
      daily.exhaustedUntil = now + Math.min(this.#recheckMs, msUntilUtcMidnight(now));
      await this.#writeDaily(daily);
      return { kind: "budget", error: budgetError(endpoint, daily, daily.exhaustedUntil, "first") };
    }
    if (dailyLimit !== null || dailyRemaining !== null || previous.exhaustedUntil !== null) await this.#writeDaily(daily);
    if (status !== 429) return { kind: "ok" };

    const retryAfter = numberHeader(headers, "retry-after");
    const baseWait = resetMs ?? (retryAfter !== null ? retryAfter * 1000 : DEFAULT_429_WAIT_MS);
    const waitMs = Math.round(Math.min(MAX_429_WAIT_MS, Math.max(MIN_429_WAIT_MS, baseWait)) * (1 + 0.25 * this.#options.random()));
    const known = await this.#readBurst(bucket);
    await this.#writeBurst(bucket, { limit: known?.limit ?? limit ?? 1, remaining: 0, resetAt: now + waitMs });
    return { kind: "burst", waitMs };
  }

  /** A non-JSON 403 is Cloudflare blocking the token: more traffic prolongs the block, so every replica pauses. */
  async noteBlocked(): Promise<void> {
    await safeSet(this.#options.cache, this.#blockedKey(), this.#options.now() + this.#blockCooldownMs, this.#blockCooldownMs + 60_000);
  }

  recordSpend(tokens: number): void {
    this.#tokensSpent += tokens;
  }

  status(): RateStatus {
    const daily = this.#seen.daily;
    const exhaustedUntil = daily?.exhaustedUntil ?? null;
    return {
      burst: this.#seen.default && { ...this.#seen.default },
      searchBurst: this.#seen.search && { ...this.#seen.search },
      dailyTokenLimit: daily?.limit ?? null,
      dailyTokenRemaining: daily?.remaining ?? null,
      budgetExhaustedUntil: exhaustedUntil !== null && exhaustedUntil > this.#options.now() ? exhaustedUntil : null,
      tokensSpent: this.#tokensSpent,
    };
  }

  // One admission at a time per bucket in this process, so reservations are counted exactly here.
  async #serialized(bucket: RateBucket, work: () => Promise<void>): Promise<void> {
    const previous = this.#locks.get(bucket) ?? Promise.resolve();
    const current = previous.then(work, work);
    this.#locks.set(bucket, current.catch(() => undefined));
    await current;
  }

  #burstKey(bucket: RateBucket): string {
    return `pipedrive:rate:burst:${bucket}:${this.#options.tokenKey}`;
  }

  #blockedKey(): string {
    return `pipedrive:rate:blocked:${this.#options.tokenKey}`;
  }

  #dailyKey(): string {
    return `pipedrive:rate:daily:${this.#options.accountKey}`;
  }

  async #readBurst(bucket: RateBucket): Promise<BurstWindow | null> {
    const stored = await safeGet<BurstWindow>(this.#options.cache, this.#burstKey(bucket));
    const window = stored ?? this.#seen[bucket];
    this.#seen[bucket] = window;
    return window && { ...window };
  }

  async #writeBurst(bucket: RateBucket, window: BurstWindow): Promise<void> {
    this.#seen[bucket] = window;
    await safeSet(this.#options.cache, this.#burstKey(bucket), window, 60_000);
  }

  async #readDaily(): Promise<DailyState | null> {
    const stored = await safeGet<DailyState>(this.#options.cache, this.#dailyKey());
    if (stored) this.#seen.daily = stored;
    return stored ?? this.#seen.daily;
  }

  async #writeDaily(daily: DailyState): Promise<void> {
    this.#seen.daily = daily;
    await safeSet(this.#options.cache, this.#dailyKey(), daily, 26 * 3_600_000);
  }
}

// Keep a few requests of every window in hand for concurrent callers and other replicas.
function reserve(limit: number): number {
  return Math.max(1, Math.floor(limit / 10));
}

function numberHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

// Pipedrive documents no unit for x-ratelimit-reset; it is seconds in every example. An epoch timestamp is tolerated.
function resetHeaderMs(headers: Headers, now: number): number | null {
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
