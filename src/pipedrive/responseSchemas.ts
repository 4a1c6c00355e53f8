/**
 * The shapes of Pipedrive's responses that the gateway relies on, checked at the boundary with zod. Records
 * are passthrough objects: only `id` is required, every other property (custom_fields included) is kept.
 *
 * @example
 * const envelope = listEnvelope.parse(JSON.parse(text)); // { success: true, data: [...], additional_data }
 */
import { z } from "zod";

export const pipedriveRecord = z.looseObject({ id: z.number().int() });
/** A v2 record: `id` plus whatever Pipedrive sent, custom_fields included. */
export type PipedriveRecord = { id: number; [key: string]: unknown };

const nextCursor = z
  .looseObject({ next_cursor: z.string().nullable().optional() })
  .nullable()
  .optional();

export const listEnvelope = z.object({
  success: z.literal(true),
  data: z.array(pipedriveRecord),
  additional_data: nextCursor,
});

export const recordEnvelope = z.object({ success: z.literal(true), data: pipedriveRecord });

export const searchEnvelope = z.object({
  success: z.literal(true),
  data: z.object({
    items: z.array(z.object({ result_score: z.number(), item: z.looseObject({ id: z.number().int() }) })),
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
