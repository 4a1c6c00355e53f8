import { z } from "zod";

/**
 * The sandbox's run-time knobs, settable in-process (`sandbox.config(...)`) and over HTTP
 * (`POST /__sandbox/config`): injected latency per API request, the rate limiter's plan and seats,
 * and optional burst limits that override the plan's (`burst`) and the search endpoints' (`searchBurst`).
 *
 * @example
 *   sandbox.config({ plan: "lite", seats: 1 }); // daily budget 30,000 tokens, burst 20 per 2 s
 */
export const sandboxConfigSchema = z
  .object({
    latencyMs: z.number().int().nonnegative(),
    plan: z.enum(["lite", "growth", "premium", "ultimate"]),
    seats: z.number().int().positive(),
    burst: z.number().int().positive().nullable(),
    searchBurst: z.number().int().positive().nullable(),
  })
  .partial()
  .strict();

export type SandboxConfig = z.infer<typeof sandboxConfigSchema>;

export interface SandboxSettings {
  latencyMs: number;
  plan: "lite" | "growth" | "premium" | "ultimate";
  seats: number;
  burst: number | null;
  /** Search endpoints' burst limit override (null: Pipedrive's 10 per 2 s). */
  searchBurst: number | null;
  /** 30,000 × plan multiplier × seats. */
  dailyTokenBudget: number;
}
