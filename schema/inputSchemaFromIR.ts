/**
 * Builds the zod schema of a create or update input from the IR: one builder for every object, so the rules
 * (ids are numeric, dates are real dates, currencies are ISO codes, emails look like emails, required fields
 * cannot be cleared) hold everywhere. `parseInput` turns the first failure into a BAD_USER_INPUT naming the field.
 *
 * @example
 *   const schema = inputSchemaFromIR(opportunity, "update", enums);
 *   parseInput(schema, { expectedCloseDate: null }); // throws BAD_USER_INPUT, extensions.field "expectedCloseDate"
 */
import { z } from "zod";
import type { IREnum, IRField, IRObject } from "../dsl/ir.ts";
import { ADDRESS_PARTS } from "./addressParts.ts";
import { GatewayError } from "./GatewayError.ts";
import { inputFields } from "./inputFields.ts";

const pipedriveId = z.string().regex(/^[1-9]\d{0,15}$/, { error: "must be the numeric id of a Pipedrive record" });

const money = z.object({
  amount: z.number().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: "must be a three-letter ISO 4217 currency code such as EUR" }),
});

const address = z.object(
  Object.fromEntries(
    ADDRESS_PARTS.filter((p) => p.bedrock !== "formatted").map((p) =>
      [p.bedrock, p.bedrock === "value" ? z.string().trim().min(1, { error: "must be the address as one line" }) : z.string().nullable().optional()],
    ),
  ),
);

function itemSchema(field: IRField, enums: ReadonlyMap<string, IREnum>): z.ZodType {
  if (field.source.kind === "relation") return pipedriveId;
  if (field.type.kind === "enum") {
    const names = enums.get(field.type.name)?.values.map((v) => v.name) ?? [];
    return z.enum(names as [string, ...string[]]);
  }
  switch (field.type.name) {
    case "ID":
      return pipedriveId;
    case "String":
      if (field.source.kind === "field" && field.source.key === "emails") return z.email({ error: "must be an email address" });
      return z.string();
    case "Int":
      return z.number().int();
    case "Float":
      return z.number().finite();
    case "Boolean":
      return z.boolean();
    case "Date":
      return z.iso.date({ error: "must be a calendar date YYYY-MM-DD" });
    case "DateTime":
      return z.iso.datetime({ offset: true, error: "must be an RFC 3339 date-time such as 2026-03-01T09:30:00Z" });
    case "Time":
      return z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, { error: "must be a time HH:MM or HH:MM:SS" });
    case "Money":
      return money;
    case "Address":
      return address;
    default:
      return z.unknown();
  }
}

export function inputSchemaFromIR(object: IRObject, mode: "create" | "update", enums: ReadonlyMap<string, IREnum>): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const { field, required } of inputFields(object, mode)) {
    const item = itemSchema(field, enums);
    const value = field.type.list ? z.array(item) : item;
    if (mode === "create") shape[field.name] = required ? value : value.nullable().optional();
    else if (required) shape[field.name] = value.nullable().optional().refine((v) => v !== null, { error: `is required on ${object.name} and can not be cleared; send a value or leave it out` });
    else shape[field.name] = value.nullable().optional();
  }
  return z.object(shape) as unknown as z.ZodType<Record<string, unknown>>;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at = input;
  for (const step of path) at = at && typeof at === "object" ? (at as Record<PropertyKey, unknown>)[step] : undefined;
  return at;
}

/** Parses a GraphQL input; the first issue becomes a BAD_USER_INPUT that names the field and echoes the value. */
export function parseInput(schema: z.ZodType<Record<string, unknown>>, input: unknown, prefix = "input"): Record<string, unknown> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join(".");
  const got = valueAt(input, issue.path);
  throw GatewayError.badInput(field, `${prefix}.${field} ${issue.message.replace(/^Invalid/, "is invalid:")}; got ${JSON.stringify(got ?? null)}.`, {
    issues: result.error.issues.map((i) => ({ field: i.path.map(String).join("."), message: i.message })),
  });
}
