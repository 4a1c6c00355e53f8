/**
 * Scopes grant operations on Bedrock objects: `contact:read`, `contact:create`, `*:read` (read anything),
 * `activity:*` (anything on activities) or `*` (everything). Object names compare case-insensitively.
 *
 * @example
 *   scopeAllows(["contact:read", "activity:create"], "Contact", "read"); // true
 *   scopeAllows(["*:read"], "Company", "update"); // false
 */
import type { Operation } from "../../dsl/catalog/types.ts";

const SCOPE = /^(?:\*|(?:\*|[A-Za-z][A-Za-z0-9_]*):(?:\*|read|create|update))$/;

export function isScope(scope: string): boolean {
  return SCOPE.test(scope);
}

export function scopeAllows(scopes: readonly string[], object: string, op: Operation): boolean {
  const name = object.toLowerCase();
  return scopes.some((scope) => {
    if (scope === "*" || scope === "*:*") return true;
    const [o, p] = scope.split(":");
    return (o === "*" || o!.toLowerCase() === name) && (p === "*" || p === op);
  });
}

/** The object part of each scope that names a specific object, for checking against the schema's objects. */
export function scopeObjects(scopes: readonly string[]): string[] {
  return scopes.map((s) => s.split(":")[0]!).filter((o) => o !== "*");
}
