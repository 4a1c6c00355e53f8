/**
 * The create and update mutations of one object, present only where its IR permissions allow. Each refuses
 * a write the IR does not grant or the caller's scopes do not (`ctx.can`), validates the input with the
 * IR-derived zod schema, checks relation ids (an owner must be an existing Pipedrive user) and the seed's
 * Activity rules before anything is written, then creates through `ctx.runIdempotent` and, where the object
 * declares `dedupe by`, under `ctx.withLock` so concurrent duplicates find the first one. An update is one
 * PATCH unless `updateNeedsCurrent` says the stored record must be read first; an unknown id is NOT_FOUND
 * on `id` either way.
 *
 * @example
 *   const Mutation = Object.assign({}, ...ir.objects.map((o) => mutationResolvers(model, o)));
 */
import type { GraphQLFieldResolver } from "graphql";
import type { IRObject } from "../dsl/ir.ts";
import type { GatewayContext, PipedriveRecord } from "./GatewayContext.ts";
import type { GatewayModel } from "./GatewayModel.ts";
import { buildWriteBody } from "./buildWriteBody.ts";
import { dedupePlan } from "./dedupePlan.ts";
import { GatewayError } from "./GatewayError.ts";
import { graphqlNames } from "./graphqlNames.ts";
import { inputSchemaFromIR, parseInput } from "./inputSchemaFromIR.ts";
import { parseId, passesFilter } from "./recordRules.ts";
import { updateNeedsCurrent } from "./updateNeedsCurrent.ts";

type Resolver = GraphQLFieldResolver<unknown, GatewayContext, Record<string, unknown>>;

/** The seed: an Activity's Type is blank or one of these activity-type keys. */
export const SEED_ACTIVITY_TYPES: readonly string[] = ["call", "meeting", "task", "deadline", "email", "lunch"];

// Every to-one relation id in the input must name a record that exists; users come from the cached list.
async function checkRelations(model: GatewayModel, object: IRObject, input: Record<string, unknown>, ctx: GatewayContext): Promise<void> {
  await Promise.all(
    object.fields.map(async (field) => {
      const source = field.source;
      const value = input[field.name];
      if (source.kind !== "relation" || source.cardinality !== "one" || value === null || value === undefined) return;
      const target = model.object(source.target);
      const id = Number(value);
      if (target.entity === "User") {
        const users = await ctx.records.users();
        if (!users.some((u) => u.id === id && u.is_deleted !== true)) {
          throw GatewayError.badInput(field.name, `${field.name} must be the exact id of an existing Pipedrive user; no user has id ${JSON.stringify(String(value))}. List them with the \`${graphqlNames(target.name).connection}\` query.`);
        }
        return;
      }
      const record = await ctx.records.get(target.entity, id);
      if (!record || !passesFilter(target, record)) {
        throw GatewayError.badInput(field.name, `${field.name} must be the id of an existing ${target.name}; there is no ${target.name} with id ${JSON.stringify(String(value))}.`);
      }
    }),
  );
}

// The seed's Activity rules: a Contact is required, and Type is blank or a seed type that is active in the account.
async function checkActivity(object: IRObject, input: Record<string, unknown>, body: Record<string, unknown>, ctx: GatewayContext): Promise<void> {
  const contact = object.fields.find((f) => f.source.kind === "relation" && f.source.key === "person_id" && !f.source.custom);
  if (contact && (input[contact.name] === null || input[contact.name] === undefined)) {
    throw GatewayError.badInput(contact.name, `${contact.name} is required: every Activity must be linked to a Contact; got ${JSON.stringify(input[contact.name] ?? null)}.`);
  }
  const typeField = object.fields.find((f) => f.source.kind === "field" && f.source.key === "type" && !f.source.custom);
  if (!typeField || !("type" in body)) return;
  const given = body.type === null || body.type === undefined ? "" : String(body.type).trim();
  if (given === "") {
    delete body.type;
    return;
  }
  const types = await ctx.records.activityTypes();
  const known = types.find((t) => t.key === given) ?? types.find((t) => t.name.toLowerCase() === given.toLowerCase());
  const key = known?.key ?? given.toLowerCase();
  const allowed = SEED_ACTIVITY_TYPES.map((k) => types.find((t) => t.key === k)?.name ?? k).join(", ");
  if (!SEED_ACTIVITY_TYPES.includes(key)) {
    throw GatewayError.badInput(typeField.name, `${typeField.name} must be blank or one of ${allowed}; got ${JSON.stringify(input[typeField.name])}.`);
  }
  if (!known || !known.active) {
    throw GatewayError.badInput(typeField.name, `${typeField.name} ${JSON.stringify(input[typeField.name])} is not an active activity type in this Pipedrive account; activate it in Pipedrive or leave ${typeField.name} blank.`);
  }
  body.type = key;
}

export function mutationResolvers(model: GatewayModel, object: IRObject): Record<string, Resolver> {
  const names = graphqlNames(object.name);
  const out: Record<string, Resolver> = {};
  const mayWrite = (ctx: GatewayContext, op: "create" | "update") => {
    if (!object.permissions.includes(op) || !ctx.can(object.name, op)) throw GatewayError.forbidden(object.name, op);
  };

  if (object.permissions.includes("create")) {
    const createSchema = inputSchemaFromIR(object, "create", model.enums);
    out[names.create] = async (_root, args, ctx) => {
      mayWrite(ctx, "create");
      const input = parseInput(createSchema, args.input);
      for (const field of object.fields) {
        if (field.default !== undefined && (input[field.name] === undefined || input[field.name] === null)) input[field.name] = field.default;
      }
      await checkRelations(model, object, input, ctx);
      const body = buildWriteBody(object, input, model.enums, "create");
      if (object.entity === "Activity") await checkActivity(object, input, body, ctx);
      const plan = dedupePlan(model, object, input);
      const createOrMatch = async (): Promise<{ id: number; matched: boolean }> => {
        if (plan) {
          const existing = await plan.find(ctx);
          if (existing) return { id: existing.id, matched: true };
        }
        const created = await ctx.records.create(object.entity, body);
        return { id: created.id, matched: false };
      };
      const key = typeof args.idempotencyKey === "string" && args.idempotencyKey !== "" ? args.idempotencyKey : ctx.idempotencyKey;
      let ran = false;
      const outcome = await ctx.runIdempotent(key, names.create, args.input, () => {
        ran = true;
        return plan ? ctx.withLock(plan.key, createOrMatch) : createOrMatch();
      });
      const record = await ctx.records.get(object.entity, outcome.id);
      if (!record) throw GatewayError.upstream(`Pipedrive no longer has the ${object.name} ${outcome.id} this request ${outcome.matched ? "matched" : "created"}; it may have been deleted meanwhile.`);
      return { [names.payloadField]: record, matched: outcome.matched, idempotentReplay: !ran };
    };
  }

  if (object.permissions.includes("update")) {
    const updateSchema = inputSchemaFromIR(object, "update", model.enums);
    out[names.update] = async (_root, args, ctx) => {
      mayWrite(ctx, "update");
      const id = parseId(args.id);
      const input = parseInput(updateSchema, args.input);
      if (Object.keys(input).length === 0) throw GatewayError.badInput("input", `input must change at least one field of ${object.name}; got {}.`);
      await checkRelations(model, object, input, ctx);
      let current: PipedriveRecord | undefined;
      if (updateNeedsCurrent(object, input)) {
        const found = await ctx.records.get(object.entity, id);
        if (!found || !passesFilter(object, found)) throw GatewayError.notFound(object.name, id, "id");
        current = found;
      }
      const body = buildWriteBody(object, input, model.enums, "update", current);
      try {
        const record = await ctx.records.update(object.entity, id, body);
        return { [names.payloadField]: record };
      } catch (error) {
        if (error instanceof GatewayError && error.code === "NOT_FOUND") throw GatewayError.notFound(object.name, id, "id");
        throw error;
      }
    };
  }
  return out;
}
