/**
 * The catalog snapshot: what `bedrock-gateway catalog pull` writes to `mappings/pipedrive-catalog.json`
 * (the account's v2 field lists and v1 activity types, as Pipedrive returns them), validated with zod.
 *
 * @example
 *   const snapshot = parseSnapshot(JSON.parse(text)); // throws a ZodError naming the bad path
 */
import { z } from "zod";

export const RawFieldSchema = z.object({
  field_code: z.string().min(1),
  field_name: z.string(),
  field_type: z.string(),
  is_custom_field: z.boolean(),
  options: z.array(z.object({ id: z.union([z.number(), z.string()]), label: z.string() })).nullable().optional(),
  subfields: z
    .array(z.object({ field_code: z.string(), field_name: z.string(), field_type: z.string() }))
    .nullable()
    .optional(),
});

export const SnapshotSchema = z.object({
  version: z.literal(1),
  pulledFrom: z.string(),
  fields: z.object({
    person: z.array(RawFieldSchema),
    organization: z.array(RawFieldSchema),
    deal: z.array(RawFieldSchema),
    activity: z.array(RawFieldSchema),
  }),
  activityTypes: z.array(z.object({ key_string: z.string(), name: z.string(), active_flag: z.boolean() })),
});

export type RawField = z.infer<typeof RawFieldSchema>;
export type Snapshot = z.infer<typeof SnapshotSchema>;
export type SnapshotEntity = keyof Snapshot["fields"];

/** Validates untrusted JSON as a Snapshot; the ZodError it throws names the offending path. */
export function parseSnapshot(json: unknown): Snapshot {
  return SnapshotSchema.parse(json);
}
