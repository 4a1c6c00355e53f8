import { z } from "zod";
import { ApiError } from "../ApiError.ts";
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
 * `stage_id` must be a stage of GET /stages and brings its pipeline_id; `pipeline_id` alone moves the deal
 * to that pipeline's first stage.
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
  const placement = place(store, record, body.pipeline_id, body.stage_id);
  const { custom_fields, ...plain } = { ...body, ...placement };
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

// A deal sits in a stage of its pipeline: the stage decides the pipeline, a new pipeline alone means its first stage.
function place(store: Store, record: StoredRecord, pipelineId: number | undefined, stageId: number | undefined): { pipeline_id?: number; stage_id?: number } {
  if (pipelineId === undefined && stageId === undefined) return {};
  const pipeline = pipelineId === undefined ? undefined : store.pipelines.find((p) => p.id === pipelineId && !p.is_deleted);
  if (pipelineId !== undefined && !pipeline) {
    throw ApiError.badRequest(`pipeline_id must be the id of an existing pipeline, got ${pipelineId}`, `Pipelines: ${store.pipelines.map((p) => p.id).join(", ")} (GET /api/v2/pipelines).`);
  }
  if (stageId !== undefined) {
    const stage = store.stages.find((s) => s.id === stageId && !s.is_deleted);
    if (!stage) throw ApiError.badRequest(`stage_id must be the id of an existing stage, got ${stageId}`, `Stages: ${store.stages.map((s) => s.id).join(", ")} (GET /api/v2/stages).`);
    if (pipelineId !== undefined && stage.pipeline_id !== pipelineId) {
      throw ApiError.badRequest(`stage_id ${stageId} belongs to pipeline ${stage.pipeline_id}, not to pipeline_id ${pipelineId}`, "Send a stage of the pipeline, or leave pipeline_id out.");
    }
    return { pipeline_id: stage.pipeline_id, stage_id: stage.id };
  }
  if (pipelineId === record.pipeline_id) return { pipeline_id: pipelineId };
  const first = store.stages.filter((s) => s.pipeline_id === pipelineId && !s.is_deleted).sort((a, b) => a.order_nr - b.order_nr)[0];
  if (!first) throw ApiError.badRequest(`pipeline_id ${pipelineId} has no stages to put the deal in`, "Send a stage_id as well.");
  return { pipeline_id: pipelineId as number, stage_id: first.id };
}
