import type { z } from "zod";
import { ApiError } from "./ApiError.ts";

/**
 * Parses a v2 request body with a zod schema; a mismatch is a 400 naming the property and what it
 * must be. Properties the schema does not know are dropped (the specs allow additional properties).
 *
 * @example
 *   parseBody(z.object({ name: z.string() }), { name: 7 }); // throws ApiError 400 "Validation failed: name: ..."
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw ApiError.badRequest(`The request body must be a JSON object, got ${JSON.stringify(body)}`);
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join(".") : "body";
    const got = issue.path.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey], body);
    return `${path}: ${issue.message} (got ${JSON.stringify(got) ?? "nothing"})`;
  });
  throw ApiError.badRequest(`Validation failed: ${problems.join("; ")}`);
}
