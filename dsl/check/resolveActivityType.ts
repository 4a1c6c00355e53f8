/**
 * Resolves an Activity type value as written (a key such as `call`, a name such as `Call`, or blank)
 * against the account's activity types and the seed's allowed list.
 *
 * @example
 *   resolveActivityType("Call", catalog.activityTypes); // { kind: "ok", key: "call" }
 *   resolveActivityType("demo", catalog.activityTypes); // { kind: "notSeed", key: "demo", name: "Demo" }
 */
import type { ActivityType } from "../catalog/types.ts";
import { SEED_ACTIVITY_TYPES } from "../catalog/rules.ts";

export type ActivityTypeResolution =
  | { readonly kind: "ok"; readonly key: string }
  | { readonly kind: "unknown" }
  | { readonly kind: "inactive"; readonly key: string; readonly name: string }
  | { readonly kind: "notSeed"; readonly key: string; readonly name: string };

export function resolveActivityType(value: string, types: readonly ActivityType[]): ActivityTypeResolution {
  if (value === "" || value.toLowerCase() === "blank") return { kind: "ok", key: "" };
  const type = types.find((t) => t.key === value) ?? types.find((t) => t.name === value) ?? types.find((t) => t.name.toLowerCase() === value.toLowerCase());
  if (!type) return { kind: "unknown" };
  if (!type.active) return { kind: "inactive", key: type.key, name: type.name };
  if (!SEED_ACTIVITY_TYPES.includes(type.key)) return { kind: "notSeed", key: type.key, name: type.name };
  return { kind: "ok", key: type.key };
}

/** The seed's types as the docs spell them: "blank, Call, Meeting, Task, Deadline, Email, Lunch". */
export const SEED_TYPES_TEXT = "blank, Call, Meeting, Task, Deadline, Email, Lunch";
