/**
 * RFC 3339 timestamps at second precision in UTC, as API v2 writes them.
 *
 * @example
 *   rfc3339(Date.UTC(2026, 0, 2, 3, 4, 5)); // "2026-01-02T03:04:05Z"
 */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = new Date(second * 1000).toISOString().replace(".000Z", "Z");
  }
  return lastText;
}

// Every request's log entry is stamped with the current second: format each second once.
let lastSecond = Number.NaN;
let lastText = "";

/** The `YYYY-MM-DD` date of an epoch-milliseconds instant, in UTC. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp to epoch ms, or returns null when it is not one. */
export function parseRfc3339(text: string): number | null {
  if (!RFC3339.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && isoDate(ms) === text;
}
