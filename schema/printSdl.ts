/**
 * The GraphQL SDL of an IR, deterministic (shared types first, then enums and objects by name, fields in
 * mapping order), so the committed schema/bedrock.graphql changes only when the mappings do.
 * Mutations appear only where an object's permissions allow them.
 *
 * @example
 *   writeFileSync("schema/bedrock.graphql", printSdl(ir));
 */
import type { IR, IRField, IRObject, IRType } from "../dsl/ir.ts";
import { isOccurrenceField } from "./activityOccurrence.ts";
import { ADDRESS_PARTS } from "./addressParts.ts";
import { ENTITY_CAPABILITIES } from "./entityCapabilities.ts";
import { graphqlNames } from "./graphqlNames.ts";
import { inputFields } from "./inputFields.ts";
import { SCALAR_DESCRIPTIONS } from "./scalarResolvers.ts";

/** Largest page a connection, search or to-many field serves (Pipedrive's `ids=` batch is 100 too). */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

function doc(text: string, indent = ""): string {
  return `${indent}"""${text}"""\n`;
}

function typeRef(type: IRType): string {
  const base = type.list ? `[${type.name}${type.itemNonNull ? "!" : ""}]` : type.name;
  return type.nonNull ? `${base}!` : base;
}

function fieldDoc(field: IRField): string {
  const s = field.source;
  if (s.kind === "field") return s.custom ? `Custom field "${s.label ?? s.key}".` : `Pipedrive \`${s.key}${s.selector ? `[${s.selector}]` : ""}${s.subpath.length ? `.${s.subpath.join(".")}` : ""}\`.`;
  if (s.kind === "relation") {
    return s.cardinality === "many"
      ? `The related ${s.target} records (one upstream call per parent record: avoid selecting it in long lists).`
      : `The related ${s.target}${s.custom ? " (custom field)" : ""}.`;
  }
  return `\`${s.through}.${s.field}\` of the related ${s.target}.`;
}

function inputDoc(object: IRObject, field: IRField): string {
  if (isOccurrenceField(object, field)) return "When the activity occurred; stored as its due date and time (UTC, to the minute) and matched there for dedupe.";
  if (field.source.kind === "relation") return `Id of the ${field.source.target}${field.source.target === "Owner" ? " (the exact id of an existing Pipedrive user)" : ""}.`;
  return fieldDoc(field);
}

const pageDoc = `\`first\` is 1..${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}); anything else is BAD_USER_INPUT.`;

// "an Activity", "a Contact".
function article(name: string): string {
  return /^[AEIOU]/.test(name) ? `an ${name}` : `a ${name}`;
}

function statusEnumName(object: IRObject): string {
  return `${object.name}Status`;
}

function sharedTypes(ir: IR): string[] {
  const out: string[] = [];
  for (const [name, description] of Object.entries(SCALAR_DESCRIPTIONS)) out.push(`${doc(description)}scalar ${name}`);
  out.push(`${doc("An amount of money in one currency.")}type Money {\n  amount: Float!\n  ${doc("ISO 4217 code, e.g. EUR.", "").trim()}\n  currency: String!\n}`);
  out.push(`${doc("An amount of money in one currency.")}input MoneyInput {\n  amount: Float!\n  ${doc("ISO 4217 code, e.g. EUR.", "").trim()}\n  currency: String!\n}`);
  const parts = ADDRESS_PARTS.map((p) => `  ${doc(p.description, "").trim()}\n  ${p.bedrock}: String`).join("\n");
  out.push(`${doc("A postal address, as Pipedrive stores it in parts.")}type Address {\n${parts}\n}`);
  const inputParts = ADDRESS_PARTS.filter((p) => p.bedrock !== "formatted")
    .map((p) => `  ${doc(p.description, "").trim()}\n  ${p.bedrock}: String${p.bedrock === "value" ? "!" : ""}`)
    .join("\n");
  out.push(`${doc("A postal address. Parts left out are cleared (Pipedrive replaces the whole address).")}input AddressInput {\n${inputParts}\n}`);
  out.push(`type PageInfo {\n  hasNextPage: Boolean!\n  ${doc("Pass as `after` to get the next page; null on the last page.", "").trim()}\n  endCursor: String\n}`);
  if (ir.objects.some((o) => ENTITY_CAPABILITIES[o.entity].sortable)) {
    out.push(`enum SortField {\n  ID\n  UPDATED_AT\n  CREATED_AT\n}`);
    out.push(`enum SortDirection {\n  ASC\n  DESC\n}`);
    out.push(`input OrderBy {\n  field: SortField! = ID\n  direction: SortDirection! = ASC\n}`);
  }
  return out;
}

function objectTypes(object: IRObject): string[] {
  const names = graphqlNames(object.name);
  const out: string[] = [];
  const fields = object.fields.map((f) => {
    const args = f.source.kind === "relation" && f.source.cardinality === "many" ? `(first: Int = ${DEFAULT_PAGE_SIZE})` : "";
    return `  ${doc(fieldDoc(f), "").trim()}\n  ${f.name}${args}: ${typeRef(f.type)}`;
  });
  const filter = object.filter ? ` Only records with \`${object.filter.key} = ${JSON.stringify(object.filter.value)}\` exist here.` : "";
  out.push(`${doc(`A Bedrock ${object.name}: a Pipedrive ${object.entity} (${object.file.split(/[\\/]/).pop()}).${filter}`)}type ${object.name} {\n${fields.join("\n")}\n}`);
  out.push(`type ${names.edgeType} {\n  cursor: String!\n  node: ${object.name}!\n}`);
  out.push(`type ${names.connectionType} {\n  edges: [${names.edgeType}!]!\n  nodes: [${object.name}!]!\n  pageInfo: PageInfo!\n}`);
  const caps = ENTITY_CAPABILITIES[object.entity];
  if (caps.filters.length > 0) {
    const filters = caps.filters.map((f) => `  ${doc(f.description, "").trim()}\n  ${f.name}: ${f.type === "Status" ? statusEnumName(object) : f.type}`);
    if (caps.filters.some((f) => f.type === "Status")) out.push(`enum ${statusEnumName(object)} {\n  OPEN\n  WON\n  LOST\n}`);
    out.push(`input ${names.filterInput} {\n${filters.join("\n")}\n}`);
  }
  for (const mode of ["create", "update"] as const) {
    if (!object.permissions.includes(mode)) continue;
    const inputs = inputFields(object, mode).map((i) => `  ${doc(inputDoc(object, i.field), "").trim()}\n  ${i.field.name}: ${i.graphqlType}`);
    const inputName = mode === "create" ? names.createInput : names.updateInput;
    const body = inputs.length > 0 ? inputs.join("\n") : "  _empty: Boolean";
    out.push(`${doc(mode === "create" ? `A new ${object.name}: required fields are non-null.` : `A partial change: fields left out stay as they are; null clears a field.`)}input ${inputName} {\n${body}\n}`);
    if (mode === "create") {
      out.push(`type ${names.createPayload} {\n  ${names.payloadField}: ${object.name}!\n  ${doc("True when dedupe found an existing record, which is returned instead of creating one.", "").trim()}\n  matched: Boolean!\n  ${doc("True when this answer is the stored result of an earlier request with the same idempotency key.", "").trim()}\n  idempotentReplay: Boolean!\n}`);
    } else {
      out.push(`type ${names.updatePayload} {\n  ${names.payloadField}: ${object.name}!\n}`);
    }
  }
  return out;
}

function queryFields(object: IRObject): string[] {
  const names = graphqlNames(object.name);
  const caps = ENTITY_CAPABILITIES[object.entity];
  const out = [`  ${doc(`The ${object.name} with this id; null when there is none.`, "").trim()}\n  ${names.lookup}(id: ID!): ${object.name}`];
  const args = [`first: Int = ${DEFAULT_PAGE_SIZE}`, "after: String"];
  if (caps.filters.length > 0) args.push(`filter: ${names.filterInput}`);
  if (caps.sortable) args.push("orderBy: OrderBy");
  out.push(`  ${doc(`${object.name} records, a page at a time. ${pageDoc}`, "").trim()}\n  ${names.connection}(${args.join(", ")}): ${names.connectionType}!`);
  if (caps.search) {
    out.push(`  ${doc(`${object.name} records whose ${caps.search.matches} matches \`term\` (exact: whole value, case-insensitive). ${pageDoc}`, "").trim()}\n  ${names.search}(term: String!, exact: Boolean = false, first: Int = ${DEFAULT_PAGE_SIZE}): [${object.name}!]!`);
  }
  return out;
}

function mutationFields(object: IRObject): string[] {
  const names = graphqlNames(object.name);
  const out: string[] = [];
  if (object.permissions.includes("create")) {
    const dedupe = object.dedupe.length > 0 ? ` A record with the same ${object.dedupe.join(" and ")} is returned instead (matched: true).` : "";
    out.push(`  ${doc(`Create ${article(object.name)}.${dedupe} Retries with the same idempotencyKey (or Idempotency-Key header) replay the first answer.`, "").trim()}\n  ${names.create}(input: ${names.createInput}!, idempotencyKey: String): ${names.createPayload}!`);
  }
  if (object.permissions.includes("update")) {
    out.push(`  ${doc(`Change some fields of ${article(object.name)}.`, "").trim()}\n  ${names.update}(id: ID!, input: ${names.updateInput}!): ${names.updatePayload}!`);
  }
  return out;
}

export function printSdl(ir: IR): string {
  const objects = [...ir.objects].sort((a, b) => a.name.localeCompare(b.name));
  const enums = [...ir.enums].sort((a, b) => a.name.localeCompare(b.name));
  const blocks = sharedTypes(ir);
  for (const e of enums) {
    blocks.push(`${doc(`Values of ${e.object}.${e.key.length === 40 ? "custom field" : e.key}.`)}enum ${e.name} {\n${e.values.map((v) => `  ${v.name}`).join("\n")}\n}`);
  }
  for (const object of objects) blocks.push(...objectTypes(object));
  blocks.push(`type Query {\n${objects.flatMap(queryFields).join("\n")}\n}`);
  const mutations = objects.flatMap(mutationFields);
  if (mutations.length > 0) blocks.push(`type Mutation {\n${mutations.join("\n")}\n}`);
  return `${blocks.join("\n\n")}\n`;
}
