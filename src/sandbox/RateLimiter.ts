import type { Plan } from "./types.ts";

/** API-token burst limits per rolling 2-second window, by plan (Pipedrive's rate-limiting page). */
export const PLAN_BURST: Readonly<Record<Plan, number>> = { lite: 20, growth: 40, premium: 100, ultimate: 120 };
/** Daily token budget multiplier, by plan: budget = 30,000 × multiplier × seats. */
export const PLAN_MULTIPLIER: Readonly<Record<Plan, number>> = { lite: 1, growth: 2, premium: 5, ultimate: 7 };
export const SEARCH_BURST = 10;
export const WINDOW_MS = 2_000;
const BASE_TOKENS = 30_000;
const DAY_MS = 86_400_000;

export interface RateLimitSettings {
  plan: Plan;
  seats: number;
  /** Overrides the plan's burst limit for non-search endpoints. */
  burst?: number | undefined;
  /** Overrides the search endpoints' burst limit (10 on every plan). */
  searchBurst?: number | undefined;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Why a request was refused: the burst window or the day's token budget. */
  reason?: "burst" | "budget";
}

/**
 * Pipedrive's two limits: a rolling 2-second burst window per token that counts requests (search
 * endpoints have their own window of 10), and a daily token budget per company that each request
 * spends by its endpoint's cost, reset at UTC midnight. The clock is injected so tests can move time.
 *
 * @example
 *   const limiter = new RateLimiter({ plan: "lite", seats: 1 }, () => Date.now());
 *   limiter.take("sandbox-token", false, 10).headers["x-ratelimit-remaining"]; // "19"
 */
export class RateLimiter {
  #settings: RateLimitSettings;
  readonly #clock: () => number;
  readonly #windows = new Map<string, BurstWindow>();
  #spent = 0;
  #day = -1;

  constructor(settings: RateLimitSettings, clock: () => number) {
    this.#settings = { ...settings };
    this.#clock = clock;
  }

  get settings(): RateLimitSettings {
    return { ...this.#settings };
  }

  configure(partial: Partial<RateLimitSettings>): void {
    this.#settings = { ...this.#settings, ...partial };
  }

  dailyBudget(): number {
    return BASE_TOKENS * PLAN_MULTIPLIER[this.#settings.plan] * this.#settings.seats;
  }

  reset(): void {
    this.#windows.clear();
    this.#spent = 0;
  }

  /** Counts one request of `token` against its window and spends `cost` tokens, unless a limit refuses it. */
  take(token: string, search: boolean, cost: number): RateDecision {
    const now = this.#clock();
    const day = Math.floor(now / DAY_MS);
    if (day !== this.#day) {
      this.#day = day;
      this.#spent = 0;
    }
    const limit = search ? (this.#settings.searchBurst ?? SEARCH_BURST) : (this.#settings.burst ?? PLAN_BURST[this.#settings.plan]);
    const key = `${search ? "search" : "general"}:${token}`;
    let window = this.#windows.get(key);
    if (!window) {
      window = new BurstWindow();
      this.#windows.set(key, window);
    }
    window.dropUntil(now - WINDOW_MS);
    const budget = this.dailyBudget();

    let reason: RateDecision["reason"];
    if (this.#spent >= budget) reason = "budget";
    else if (window.size >= limit) reason = "burst";
    else {
      window.push(now);
      this.#spent = Math.min(budget, this.#spent + cost);
    }
    const oldest = window.oldest();
    const resetSeconds = oldest === undefined ? 0 : Math.max(0, Math.ceil((oldest + WINDOW_MS - now) / 1000));
    const headers: Record<string, string> = {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(Math.max(0, limit - window.size)),
      "x-ratelimit-reset": String(resetSeconds),
      "x-daily-ratelimit-token-limit": String(budget),
      "x-daily-ratelimit-token-remaining": String(budget - this.#spent),
    };
    return reason ? { allowed: false, headers, reason } : { allowed: true, headers };
  }
}

// The request times of one burst window, oldest first. With a clock that only moves forward the expired
// times are a prefix, dropped by moving a start index (a window holds up to 100,000 times in the benchmark);
// a clock that moved back (tests) keeps every unexpired time, in arrival order, as a filter would.
class BurstWindow {
  #times: number[] = [];
  #start = 0;
  #ordered = true;

  get size(): number {
    return this.#times.length - this.#start;
  }

  oldest(): number | undefined {
    return this.#times[this.#start];
  }

  push(time: number): void {
    const last = this.#times.at(-1);
    if (this.size > 0 && last !== undefined && time < last) this.#ordered = false;
    this.#times.push(time);
  }

  /** Drops every time at or before `cutoff`. */
  dropUntil(cutoff: number): void {
    if (!this.#ordered) {
      this.#times = this.#times.slice(this.#start).filter((t) => t > cutoff);
      this.#start = 0;
      this.#ordered = this.#times.every((t, i) => i === 0 || t >= (this.#times[i - 1] as number));
      return;
    }
    while (this.#start < this.#times.length && (this.#times[this.#start] as number) <= cutoff) this.#start++;
    if (this.#start > 1024 && this.#start * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#start);
      this.#start = 0;
    }
  }
}
