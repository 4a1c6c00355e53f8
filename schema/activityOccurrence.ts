/**
 * When an Activity occurred, and how the gateway stores it. Pipedrive's `marked_as_done_time` is read-only
 * (it is the moment someone marked the activity done), so the occurrence a caller gives is written as the
 * activity's due date and time (UTC, to the minute) with `done: true`, read back from there, and matched
 * there for dedupe. The README's "Activities" section explains the decision.
 *
 * @example
 *   occurrenceToDue("2026-03-01T09:30:45+02:00"); // { due_date: "2026-03-01", due_time: "07:30" }
 *   occurrenceOf({ id: 1, due_date: "2026-03-01", due_time: "07:30:00" }); // "2026-03-01T07:30:00Z"
 */
import type { IRField, IRObject } from "../dsl/ir.ts";
import type { PipedriveRecord } from "./GatewayContext.ts";

/** True for the field that maps Pipedrive's "Marked as Done Time" on an object limited to done activities. */
export function isOccurrenceField(object: IRObject, field: IRField): boolean {
  return object.entity === "Activity" && field.source.kind === "field" && field.source.key === "marked_as_done_time";
}

export function occurrenceToDue(dateTime: string): { due_date: string; due_time: string } {
  const iso = new Date(dateTime).toISOString(); // validated RFC 3339 upstream of here
  return { due_date: iso.slice(0, 10), due_time: iso.slice(11, 16) };
}

/** The occurrence of a stored activity: its due date and time, or when it was marked done if it has no due date. */
export function occurrenceOf(record: PipedriveRecord): string | null {
  const date = typeof record.due_date === "string" && record.due_date !== "" ? record.due_date : null;
  if (date) {
    const time = typeof record.due_time === "string" && /^\d{2}:\d{2}/.test(record.due_time) ? record.due_time.slice(0, 5) : "00:00";
    return `${date}T${time}:00Z`;
  }
  const marked = record.marked_as_done_time;
  if (typeof marked !== "string" || marked === "") return null;
  return marked.includes("T") ? marked : `${marked.replace(" ", "T")}Z`;
}

export function sameOccurrence(record: PipedriveRecord, due: { due_date: string; due_time: string }): boolean {
  const time = typeof record.due_time === "string" ? record.due_time.slice(0, 5) : "";
  return record.due_date === due.due_date && time === due.due_time;
}
