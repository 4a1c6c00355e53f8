/**
 * The shapes of Pipedrive's responses that the gateway relies on, checked at the boundary with zod. Records
 * are checked in place, never copied: only `id` is required (an integer), and the very objects Pipedrive's
 * JSON parsed into are handed on, every other property (custom_fields included) untouched. A list of 100
 * records is the hot path of every query; a copying object schema would allocate each record twice.
 *
 * @example
 * const envelope = listEnvelope.parse(JSON.parse(text)); // { success: true, data: [...], additional_data }
 * envelope.data[0] === JSON-parsed record 0;            // the same object, not a copy
 */
import { z } from "zod";

/** A v2 record: `id` plus whatever Pipedrive sent, custom_fields included. */
export type PipedriveRecord = { id: number; [key: string]: unknown };

// One loop over the parsed array instead of a zod object per record: no copy, no per-record schema machinery.
function checkRecords(records: readonly unknown[], ctx: z.RefinementCtx): void {
  for (let i = 0; i < records.length; i++) checkRecord(records[i], ctx, [i]);
}

function checkRecord(record: unknown, ctx: z.RefinementCtx, path: (string | number)[]): void {
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    ctx.addIssue({ code: "custom", path, input: record, message: `expected a record object, received ${describe(record)}` });
    return;
  }
  const id = (record as { id?: unknown }).id;
  if (typeof id !== "number" || !Number.isInteger(id)) {
    ctx.addIssue({ code: "custom", path: [...path, "id"], input: id, message: `expected an integer id, received ${describe(id)}` });
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  return `${typeof value} ${JSON.stringify(value) ?? String(value)}`;
}

/** One record, validated in place (`id` an integer) and returned as the same object. */
export const pipedriveRecord = z
  .custom<PipedriveRecord>(() => true)
  .superRefine((record, ctx) => checkRecord(record, ctx, []));

const recordList = z
  .custom<PipedriveRecord[]>(Array.isArray, { error: (issue) => `expected an array of records, received ${describe(issue.input)}` })
  .superRefine(checkRecords);

const nextCursor = z
  .looseObject({ next_cursor: z.string().nullable().optional() })
  .nullable()
  .optional();

export const listEnvelope = z.object({
  success: z.literal(true),
  data: recordList,
  additional_data: nextCursor,
});

export const recordEnvelope = z.object({ success: z.literal(true), data: pipedriveRecord });

export const searchEnvelope = z.object({
  success: z.literal(true),
  data: z.object({
    items: z.array(z.object({ result_score: z.number(), item: pipedriveRecord })),
  }),
  additional_data: nextCursor,
});

export const pipedriveUser = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  email: z.string().optional(),
  active_flag: z.boolean(),
  is_you: z.boolean().optional(),
  is_deleted: z.boolean().optional(),
});
/** A v1 user (`GET /v1/users`): id, name, email, active_flag and everything else Pipedrive sends. */
export type PipedriveUser = z.infer<typeof pipedriveUser>;

export const pipedriveActivityType = z.looseObject({
  id: z.number().int(),
  key_string: z.string(),
  name: z.string(),
  active_flag: z.boolean(),
});
/** A v1 activity type (`GET /v1/activityTypes`); `key_string` is what activities carry as `type`. */
export type PipedriveActivityType = z.infer<typeof pipedriveActivityType>;

// v1 answers an empty list with `data: null`.
const v1List = <T extends z.ZodType>(item: T) =>
  z.object({ success: z.literal(true), data: z.array(item).nullable() });
export const usersEnvelope = v1List(pipedriveUser);
export const activityTypesEnvelope = v1List(pipedriveActivityType);

export const pipedriveField = z.looseObject({
  field_code: z.string(),
  field_name: z.string(),
  field_type: z.string(),
  is_custom_field: z.boolean(),
  options: z
    .array(z.looseObject({ id: z.union([z.number(), z.string()]), label: z.string() }))
    .nullable()
    .optional(),
  subfields: z
    .array(z.looseObject({ field_code: z.string(), field_name: z.string(), field_type: z.string() }))
    .nullable()
    .optional(),
});
/** A v2 field object (`GET /api/v2/{entity}Fields`) as Pipedrive returns it. */
export type PipedriveField = z.infer<typeof pipedriveField>;

export const fieldsEnvelope = z.object({
  success: z.literal(true),
  data: z.array(pipedriveField),
  additional_data: nextCursor,
});

/** Pipedrive's error envelope; every property optional, since proxies and gateways answer too. */
export const errorEnvelope = z.looseObject({
  error: z.string().optional(),
  error_info: z.string().optional(),
  errorCode: z.number().optional(),
  code: z.string().optional(),
});
