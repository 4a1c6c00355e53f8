import { ApiError } from "./ApiError.ts";

/**
 * Opaque v2 cursors: base64url JSON of where the next page starts. Clients must treat them as opaque.
 *
 * @example
 *   const cursor = encodeCursor({ after: 100 });
 *   decodeCursor(cursor); // { after: 100 }
 */
export function encodeCursor(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw ApiError.badRequest(`Invalid cursor: ${JSON.stringify(cursor)}`, "Pass the next_cursor of a previous response unchanged.");
}
