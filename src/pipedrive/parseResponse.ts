/**
 * Validates a response body against its schema; a mismatch becomes MALFORMED_RESPONSE naming the endpoint
 * and the path of the offending field, so a changed Pipedrive contract is found at the boundary, not three
 * layers deeper.
 *
 * @example
 * const page = parseResponse(listEnvelope, body, "GET /api/v2/persons");
 * // throws: GET /api/v2/persons answered a body that breaks Pipedrive's contract: data[3].id: expected number, received string …
 */
import type { z } from "zod";
import { PipedriveError } from "./PipedriveError.ts";

export function parseResponse<T extends z.ZodType>(schema: T, body: unknown, endpoint: string, status = 200): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : "";
  return raise(
    `${endpoint} answered a body that breaks Pipedrive's contract: ${issues.join("; ")}${more}. ` +
      `Pipedrive may have changed this endpoint; check api-notes and the response schemas in src/pipedrive/responseSchemas.ts.`,
    endpoint,
    status,
  );
}

function raise(message: string, endpoint: string, status: number): never {
  throw new PipedriveError(message, { code: "MALFORMED_RESPONSE", endpoint, status, retryable: false });
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(body)";
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
}
