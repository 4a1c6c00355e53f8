import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/sandbox/RateLimiter.ts";
import { RequestLog } from "../../src/sandbox/RequestLog.ts";

describe("RateLimiter burst window", () => {
  it("counts exactly the requests of the last 2 s when 3,000 arrive 1 ms apart", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ plan: "ultimate", seats: 1000, burst: 100_000 }, () => now);
    let remaining = "";
    for (let i = 0; i < 3_000; i++, now++) remaining = limiter.take("t", false, 0).headers["x-ratelimit-remaining"]!;
    // The last request (at +2999) sees those after +999: the 1,999 from +1000 to +2998, plus itself.
    expect(remaining).toBe(String(100_000 - 2_000));
    now += 2_000;
    expect(limiter.take("t", false, 0).headers["x-ratelimit-remaining"]).toBe(String(100_000 - 1));
  });

  it("keeps every unexpired request when the clock moves back, whatever the order they came in", () => {
    let now = 10_000;
    const limiter = new RateLimiter({ plan: "lite", seats: 1, burst: 2 }, () => now);
    expect(limiter.take("t", false, 0).allowed).toBe(true);
    now = 5_000;
    expect(limiter.take("t", false, 0).allowed).toBe(true);
    expect(limiter.take("t", false, 0)).toMatchObject({ allowed: false, reason: "burst" });
    // At 7,500 the request at 5,000 has left the window although the one before it (10,000) has not.
    now = 7_500;
    const decision = limiter.take("t", false, 0);
    expect(decision.allowed).toBe(true);
    expect(decision.headers["x-ratelimit-remaining"]).toBe("0");
  });
});

describe("RequestLog", () => {
  it("keeps the newest 100,000 entries, oldest first", () => {
    const log = new RequestLog();
    for (let i = 0; i < 112_345; i++) log.add({ method: "GET", path: `/p/${i}`, query: {}, status: 200, tokenCost: 0, at: "" });
    const entries = log.entries();
    expect(entries).toHaveLength(100_000);
    expect(entries[0]!.path).toBe("/p/12345");
    expect(entries.at(-1)!.path).toBe("/p/112344");
  });
});
