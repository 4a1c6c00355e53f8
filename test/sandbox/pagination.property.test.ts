import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sandboxRoutes } from "../../src/sandbox/sandboxRoutes.ts";
import { Store } from "../../src/sandbox/Store.ts";

const store = new Store(() => Date.UTC(2026, 10, 6));
const router = sandboxRoutes(store);

// Calls a list route in-process, without HTTP, so many combinations run quickly.
function list(path: string, query: Record<string, string>): { data: { id: number }[]; next: string | null } {
  const match = router.match("GET", path);
  if (match.kind !== "found") throw new Error(`no route ${path}`);
  const body = match.route.handle({ params: match.params, query, body: undefined }).body as any;
  return { data: body.data, next: body.additional_data.next_cursor };
}

describe("cursor pagination (property)", () => {
  it("pages of any size, in any order, together equal the whole sorted list", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("/api/v2/persons", "/api/v2/deals", "/api/v2/activities", "/api/v2/organizations"),
        fc.constantFrom("id", "update_time", "add_time"),
        fc.constantFrom("asc", "desc"),
        fc.integer({ min: 1, max: 500 }),
        (path, sortBy, direction, limit) => {
          const whole = list(path, { sort_by: sortBy, sort_direction: direction, limit: "500" });
          const everything = [...whole.data];
          let cursor = whole.next;
          while (cursor) {
            const page = list(path, { sort_by: sortBy, sort_direction: direction, limit: "500", cursor });
            everything.push(...page.data);
            cursor = page.next;
          }
          const paged: { id: number }[] = [];
          cursor = null;
          do {
            const page = list(path, { sort_by: sortBy, sort_direction: direction, limit: String(limit), ...(cursor && { cursor }) });
            expect(page.data.length).toBeLessThanOrEqual(limit);
            paged.push(...page.data);
            cursor = page.next;
          } while (cursor);
          expect(paged.map((r) => r.id)).toEqual(everything.map((r) => r.id));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("due_date ordering puts activities without a due date last (ascending)", () => {
    const { data } = list("/api/v2/activities", { sort_by: "due_date", limit: "500" });
    const dates = data.map((a: any) => a.due_date as string | null);
    const firstNull = dates.indexOf(null);
    if (firstNull !== -1) expect(dates.slice(firstNull).every((d) => d === null)).toBe(true);
    expect(dates.filter((d) => d !== null)).toEqual(dates.filter((d) => d !== null).sort());
  });
});
