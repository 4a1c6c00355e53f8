/**
 * Page arguments: `first` checked against the cap, and opaque cursors. A page's `endCursor` is Pipedrive's
 * own `next_cursor`, passed through untouched; an edge's cursor (which Pipedrive does not give) wraps the
 * page's upstream cursor and how many items of it to skip, prefixed so the two never mix.
 *
 * @example
 *   checkFirst(500); // throws BAD_USER_INPUT: first must be between 1 and 100; got 500.
 *   decodeCursor(encodeCursor({ cursor: "abc", skip: 3 })); // { cursor: "abc", skip: 3 }
 */
import { GatewayError } from "./GatewayError.ts";
import { MAX_PAGE_SIZE } from "./printSdl.ts";

const PREFIX = "bedrock:";

export interface PagePosition {
  readonly cursor: string | null; // the upstream cursor the page starts from (null: the first page)
  readonly skip: number; // items of that page already seen
}

export function checkFirst(first: unknown, field = "first"): number {
  if (typeof first !== "number" || !Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw GatewayError.badInput(field, `${field} must be between 1 and ${MAX_PAGE_SIZE}; got ${JSON.stringify(first)}. Page with \`after\` for more.`);
  }
  return first;
}

export function encodeCursor(position: PagePosition): string {
  return PREFIX + Buffer.from(JSON.stringify([position.cursor, position.skip])).toString("base64url");
}

export function decodeCursor(after: string | null | undefined): PagePosition {
  if (after === null || after === undefined || after === "") return { cursor: null, skip: 0 };
  if (!after.startsWith(PREFIX)) return { cursor: after, skip: 0 };
  try {
    const [cursor, skip] = JSON.parse(Buffer.from(after.slice(PREFIX.length), "base64url").toString("utf8")) as [unknown, unknown];
    if ((cursor === null || typeof cursor === "string") && typeof skip === "number" && Number.isInteger(skip) && skip >= 0 && skip <= 10_000) {
      return { cursor, skip };
    }
  } catch {
    // fall through to the error below
  }
  throw GatewayError.badInput("after", `after must be a cursor this API returned (pageInfo.endCursor or an edge's cursor); got ${JSON.stringify(after)}.`);
}
