import { z } from "zod";
import { ApiError } from "../ApiError.ts";
import { crudRoutes } from "../crudRoutes.ts";
import { parseCustomFields } from "../customFieldValues.ts";
import { intFilter, type ListFilter } from "../listRecords.ts";
import { parseBody } from "../parseBody.ts";
import { boolParam } from "../queryParams.ts";
import { requireRecord, requireUser } from "../references.ts";
import type { Route } from "../Router.ts";
import type { Store } from "../Store.ts";
import type { StoredRecord } from "../types.ts";
import { addressInput, calendarDate, clockTime, customFieldsInput, id } from "../writeSchemas.ts";

const activityBody = z.object({
  subject: z.string().min(1).optional(),
  type: z.string().optional(),
  owner_id: id.optional(),
  deal_id: id.nullable().optional(),
  org_id: id.nullable().optional(),
  person_id: id.nullable().optional(),
  due_date: calendarDate.nullable().optional(),
  due_time: clockTime.nullable().optional(),
  duration: clockTime.nullable().optional(),
  busy: z.boolean().optional(),
  done: z.boolean().optional(),
  location: addressInput.nullable().optional(),
  participants: z.array(z.object({ person_id: id, primary: z.boolean().optional() })).optional(),
  public_description: z.string().nullable().optional(),
  priority: z.number().int().nullable().optional(),
  note: z.string().nullable().optional(),
  custom_fields: customFieldsInput.optional(),
});
type ActivityBody = z.infer<typeof activityBody>;

const doneFilter: ListFilter<boolean> = { name: "done", read: (q) => boolParam(q, "done"), test: (r, done) => r.done === done };

/**
 * The v2 activities routes: GET/POST /activities, GET/PATCH/DELETE /activities/{id}. Filters owner_id,
 * deal_id, org_id, person_id (the primary participant) and done; sort_by also takes due_date.
 * `done: true` stamps `marked_as_done_time` with the server's now and `done: false` clears it; the
 * property itself is read-only (ignored on write, like every property the spec does not list).
 * `participants` has at most one primary, who becomes `person_id`; `type` must be an active activity
 * type's key_string.
 *
 * @example
 *   new Router(activityRoutes(store));
 */
export function activityRoutes(store: Store): Route[] {
  return crudRoutes(store, {
    entity: "activity",
    path: "/activities",
    label: "Activity",
    sortFields: ["id", "update_time", "add_time", "due_date"],
    filters: [intFilter("owner_id"), intFilter("deal_id"), intFilter("org_id"), intFilter("person_id"), doneFilter],
    create(raw) {
      const body = parseBody(activityBody, raw);
      const record: StoredRecord = {
        id: 0, subject: "", type: "call", owner_id: 1001, creator_user_id: 1001, is_deleted: false,
        add_time: "", update_time: "", deal_id: null, lead_id: null, person_id: null, org_id: null, project_id: null,
        due_date: null, due_time: null, duration: null, busy: false, done: false, marked_as_done_time: null,
        location: null, participants: [], public_description: null, priority: null, note: null, custom_fields: {},
      };
      const activity = apply(store, record, body);
      if (activity.subject === "") activity.subject = store.activityTypes.find((t) => t.key_string === activity.type)?.name ?? "Activity";
      return activity;
    },
    update(raw, record) {
      return apply(store, record, parseBody(activityBody, raw));
    },
  });
}

function apply(store: Store, record: StoredRecord, body: ActivityBody): StoredRecord {
  if (body.type !== undefined && !store.activityTypes.some((t) => t.active_flag && t.key_string === body.type)) {
    const keys = store.activityTypes.filter((t) => t.active_flag).map((t) => t.key_string).join(", ");
    throw ApiError.badRequest(`type must be the key_string of an active activity type, got ${JSON.stringify(body.type)}`, `Active types: ${keys} (GET /api/v1/activityTypes).`);
  }
  if (body.owner_id !== undefined) requireUser(store, "owner_id", body.owner_id);
  if (body.deal_id != null) requireRecord(store, "deal_id", "deal", body.deal_id);
  if (body.org_id != null) requireRecord(store, "org_id", "organization", body.org_id);
  const { participants, person_id, done, due_time, duration, custom_fields, ...plain } = body;
  Object.assign(record, plain);
  if (due_time !== undefined) record.due_time = due_time === null ? null : due_time.slice(0, 5);
  if (duration !== undefined) record.duration = duration === null ? null : duration.slice(0, 5);
  if (participants !== undefined) {
    const primaries = participants.filter((p) => p.primary === true).length;
    if (primaries > 1) throw ApiError.badRequest(`participants may have at most one primary person, got ${primaries}`);
    for (const p of participants) requireRecord(store, "participants.person_id", "person", p.person_id);
    record.participants = participants.map((p, i) => ({ person_id: p.person_id, primary: primaries === 0 ? i === 0 : p.primary === true }));
  } else if (person_id !== undefined) {
    if (person_id !== null) requireRecord(store, "person_id", "person", person_id);
    const others = (record.participants as { person_id: number; primary: boolean }[]).filter((p) => !p.primary && p.person_id !== person_id);
    record.participants = person_id === null ? others : [{ person_id, primary: true }, ...others];
  }
  const primary = (record.participants as { person_id: number; primary: boolean }[]).find((p) => p.primary);
  record.person_id = primary ? primary.person_id : null;
  if (done !== undefined && done !== record.done) {
    record.done = done;
    record.marked_as_done_time = done ? store.now() : null;
  }
  Object.assign(record.custom_fields, parseCustomFields(store, "activity", custom_fields));
  return record;
}
