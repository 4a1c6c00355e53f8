import { z } from "zod";
import { isCalendarDate, parseRfc3339 } from "./timestamps.ts";

/**
 * zod building blocks shared by the v2 write bodies. They never coerce: a number sent as a string,
 * or 1 for a boolean, is a 400 (API v2 does the same).
 *
 * @example
 *   z.object({ owner_id: id.optional(), due_date: calendarDate.optional() });
 */
export const id = z.number().int().positive();
export const calendarDate = z.string().refine(isCalendarDate, "must be a date YYYY-MM-DD");
export const timestamp = z.string().refine((s) => parseRfc3339(s) !== null, "must be an RFC 3339 timestamp");
export const visibleTo = z.union([z.literal(1), z.literal(3), z.literal(5), z.literal(7)]);
export const labelIds = z.array(z.number().int());
export const customFieldsInput = z.record(z.string(), z.unknown());
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, "must be a time HH:MM (UTC)");

export const labeledValue = z.object({
  value: z.string(),
  primary: z.boolean().optional(),
  label: z.string().optional(),
});

export const addressInput = z.object({
  value: z.string(),
  country: z.string().nullable().optional(),
  admin_area_level_1: z.string().nullable().optional(),
  admin_area_level_2: z.string().nullable().optional(),
  locality: z.string().nullable().optional(),
  sublocality: z.string().nullable().optional(),
  route: z.string().nullable().optional(),
  street_number: z.string().nullable().optional(),
  subpremise: z.string().nullable().optional(),
  postal_code: z.string().nullable().optional(),
  formatted_address: z.string().nullable().optional(),
});
