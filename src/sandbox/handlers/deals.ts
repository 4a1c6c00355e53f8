import { z } from "zod";
import { crudRoutes } from "../crudRoutes.ts";
import { parseCustomFields } from "../customFieldValues.ts";
import { intFilter, type ListFilter } from "../listRecords.ts";
import { parseBody } from "../parseBody.ts";
import { csvParam } from "../queryParams.ts";
import { requireRecord, requireUser } from "../references.ts";
import type { Route } from "../Router.ts";
import type { Store } from "../Store.ts";
import type { StoredRecord } from "../types.ts";
import { calendarDate, customFieldsInput, id, labelIds, timestamp, visibleTo } from "../writeSchemas.ts";

const STATUSES = ["open", "won", "lost", "deleted"] as const;

const dealBody = z.object({
  title: z.string().min(1),
  owner_id: id.optional(),
  person_id: id.nullable().optional(),
  org_id: id.nullable().optional(),
  pipeline_id: id.optional(),
  stage_id: id.optional(),
  value: z.number().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code").optional(),
  status: z.enum(["open", "won", "lost"]).optional(),
  probability: z.number().min(0).max(100).nullable().optional(),
  lost_reason: z.string().nullable().optional(),
  visible_to: visibleTo.optional(),
  close_time: timestamp.nullable().optional(),
  won_time: timestamp.nullable().optional(),
  lost_time: timestamp.nullable().optional(),
  expected_close_date: calendarDate.nullable().optional(),
  label_ids: labelIds.optional(),
  is_archived: z.boolean().optional(),
  custom_fields: customFieldsInput.optional(),
});
type DealBody = Partial<z.infer<typeof dealBody>>;

const statusFilter: ListFilter<string[]> = {
  name: "status",
  read: (q) => csvParam(q, "status", STATUSES),
  test: (r, statuses) => (r.is_deleted ? statuses.includes("deleted") : statuses.includes(String(r.status))),
};

/**
 * The v2 deals routes: GET/POST /deals, GET/PATCH/DELETE /deals/{id}. Filters owner_id, person_id,
 * org_id, pipeline_id, stage_id and status (CSV of open, won, lost, deleted; deleted deals are listed
 * only when asked for; archived deals never, as GET /deals leaves them out). `title` is required on create; a status change stamps won/lost/close times.
 *
 * @example
 *   new Router(dealRoutes(store));
 */
export function dealRoutes(store: Store): Route[] {
  return crudRoutes(store, {
    entity: "deal",
    path: "/deals",
    label: "Deal",
    sortFields: ["id", "update_time", "add_time"],
    filters: [intFilter("owner_id"), intFilter("person_id"), intFilter("org_id"), intFilter("pipeline_id"), intFilter("stage_id"), statusFilter],
    hidden: (r) => r.is_archived === true,
    includeDeleted: (q) => (csvParam(q, "status", STATUSES) ?? []).includes("deleted"),
    create(raw) {
      const body = parseBody(dealBody, raw);
      const record: StoredRecord = {
        id: 0, title: "", owner_id: 1001, creator_user_id: 1001, person_id: null, org_id: null, pipeline_id: 1,
        stage_id: 1, value: 0, currency: "USD", add_time: "", update_time: "", stage_change_time: null,
        is_deleted: false, is_archived: false, status: "open", probability: null, lost_reason: null, visible_to: 3, close_time: null,
        won_time: null, lost_time: null, expected_close_date: null, label_ids: [], origin: "API", origin_id: null,
        channel: null, channel_id: null, arr: null, mrr: null, acv: null, custom_fields: {},
      };
      return apply(store, record, body);
    },
    update(raw, record) {
      return apply(store, record, parseBody(dealBody.partial(), raw));
    },
  });
}

function apply(store: Store, record: StoredRecord, body: DealBody): StoredRecord {
  if (body.owner_id !== undefined) requireUser(store, "owner_id", body.owner_id);
  if (body.person_id != null) requireRecord(store, "person_id", "person", body.person_id);
  if (body.org_id != null) requireRecord(store, "org_id", "organization", body.org_id);
  const { custom_fields, ...plain } = body;
  const previousStatus = record.status;
  const previousStage = record.stage_id;
  Object.assign(record, plain);
  const now = store.now();
  if (record.stage_id !== previousStage || record.stage_change_time === null) record.stage_change_time = now;
  if (body.status !== undefined && body.status !== previousStatus) {
    record.won_time = body.status === "won" ? (body.won_time ?? now) : null;
    record.lost_time = body.status === "lost" ? (body.lost_time ?? now) : null;
    record.close_time = body.status === "open" ? null : (body.close_time ?? now);
    if (body.status !== "lost") record.lost_reason = null;
  }
  Object.assign(record.custom_fields, parseCustomFields(store, "deal", custom_fields));
  return record;
}
