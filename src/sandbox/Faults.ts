import { z } from "zod";

/**
 * A rule for injected faults: the next `count` requests whose method and path match answer with
 * `status` (500, 502 or 503), have their connection dropped before they are handled (`drop`), are handled
 * (a write is applied) and then lose their answer to a dropped connection (`dropAnswer`), or are answered
 * normally after `delayMs`.
 */
export const faultRuleSchema = z
  .object({
    /** HTTP method to match; any when absent. */
    method: z.string().toUpperCase().optional(),
    /** Path pattern; `*` matches any characters (`/api/v2/persons*`). Any path when absent. */
    path: z.string().optional(),
    count: z.number().int().positive().default(1),
    status: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional(),
    drop: z.boolean().optional(),
    dropAnswer: z.boolean().optional(),
    delayMs: z.number().int().nonnegative().optional(),
  })
  .refine((r) => [r.status !== undefined, r.drop === true, r.dropAnswer === true, r.delayMs !== undefined].filter(Boolean).length === 1, {
    message: "a fault rule needs exactly one of status (500|502|503), drop: true, dropAnswer: true or delayMs",
  });

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultAction = { kind: "status"; status: number } | { kind: "drop" } | { kind: "dropAnswer" } | { kind: "delay"; ms: number };

interface ActiveRule {
  method?: string | undefined;
  pattern: RegExp;
  remaining: number;
  action: FaultAction;
}

/**
 * Injected faults for resilience tests and benchmarks. Rules are consumed in the order they were added.
 *
 * @example
 *   sandbox.faults.inject({ method: "GET", path: "/api/v2/persons*", count: 2, status: 503 });
 *   sandbox.faults.inject({ path: "/api/v1/users", drop: true });
 */
export class Faults {
  #rules: ActiveRule[] = [];

  inject(rule: FaultRuleInput): void {
    const parsed = faultRuleSchema.safeParse(rule);
    if (!parsed.success) throw new Error(`Invalid fault rule ${JSON.stringify(rule)}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    const r = parsed.data;
    const action: FaultAction =
      r.status !== undefined ? { kind: "status", status: r.status }
      : r.drop ? { kind: "drop" }
      : r.dropAnswer ? { kind: "dropAnswer" }
      : { kind: "delay", ms: r.delayMs ?? 0 };
    this.#rules.push({ method: r.method, pattern: globToRegExp(r.path ?? "*"), remaining: r.count, action });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The fault for this request, if a rule matches; using it counts down the rule. */
  take(method: string, path: string): FaultAction | undefined {
    const rule = this.#rules.find((r) => (r.method === undefined || r.method === method) && r.pattern.test(path));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.#rules = this.#rules.filter((r) => r !== rule);
    return rule.action;
  }
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${escaped}$`);
}
