import { ApiError } from "./ApiError.ts";
import { parseRfc3339 } from "./timestamps.ts";

/**
 * Strict readers for query parameters: API v2 answers 400 to a malformed value instead of guessing.
 * Each returns undefined when the parameter is absent.
 *
 * @example
 *   intParam({ owner_id: "1001" }, "owner_id"); // 1001
 *   intParam({ owner_id: "x" }, "owner_id");    // throws ApiError 400
 */
export function intParam(query: Record<string, string>, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw ApiError.badRequest(`Query parameter ${name} must be an integer, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

export function boolParam(query: Record<string, string>, name: string): boolean | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw ApiError.badRequest(`Query parameter ${name} must be true or false, got ${JSON.stringify(raw)}`);
}

export function enumParam<T extends string>(query: Record<string, string>, name: string, allowed: readonly T[]): T | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw ApiError.badRequest(`Query parameter ${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(raw)}`);
  }
  return raw as T;
}

export function timeParam(query: Record<string, string>, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const ms = parseRfc3339(raw);
  if (ms === null) throw ApiError.badRequest(`Query parameter ${name} must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z, got ${JSON.stringify(raw)}`);
  return ms;
}

/** `limit`: default 100, at most 500 (API v2's documented maximum). */
export function limitParam(query: Record<string, string>): number {
  const limit = intParam(query, "limit") ?? 100;
  if (limit < 1 || limit > 500) throw ApiError.badRequest(`Query parameter limit must be between 1 and 500, got ${limit}`);
  return limit;
}

/** A CSV of integer ids, at most `max` of them. */
export function idsParam(query: Record<string, string>, name = "ids", max = 100): number[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const parts = raw.split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (parts.some((p) => !/^\d+$/.test(p))) throw ApiError.badRequest(`Query parameter ${name} must be comma-separated integer ids, got ${JSON.stringify(raw)}`);
  if (parts.length > max) throw ApiError.badRequest(`Query parameter ${name} accepts at most ${max} ids, got ${parts.length}`, "Split the ids into batches of 100.");
  return parts.map(Number);
}

/** A CSV whose every item must be one of `allowed`. */
export function csvParam<T extends string>(query: Record<string, string>, name: string, allowed: readonly T[]): T[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const parts = raw.split(",").map((p) => p.trim()).filter((p) => p !== "");
  for (const part of parts) {
    if (!(allowed as readonly string[]).includes(part)) {
      throw ApiError.badRequest(`Query parameter ${name} accepts ${allowed.join(", ")}, got ${JSON.stringify(part)}`);
    }
  }
  return parts as T[];
}
